# ruff: noqa: E501
"""Pydantic model of the Satu Data Banten Metadata Standard 1.0.0.

GENERATED from satudata-banten-1.0.yaml by satudata_meta.standard.pydantic_model; do not edit.
Validate metadata with ``satudata_meta.standard.check.check_metadata`` first: it reports every
problem in the user's language and normalises variants; this model then types the result.
"""

from __future__ import annotations

import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

STANDARD_VERSION = "1.0.0"


class Kontak(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)

    nama: str = Field(description="Contact name")
    email: str = Field(description="Contact e-mail")


class Periode(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)

    awal: str = Field(description="Period start")
    akhir: str = Field(description="Period end")


class Resource(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)

    name: str = Field(description="Resource name")
    title: str | None = Field(default=None, description="Resource title")
    path: str | None = Field(default=None, description="File path")
    url: str | None = Field(default=None, description="URL")
    format: str = Field(description="Format")
    description: str | None = Field(default=None, description="Resource description")
    schema_: dict[str, Any] | None = Field(default=None, description="Table Schema", alias="schema")


class DatasetMetadata(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)

    id: str = Field(description="Dataset ID")
    judul: str = Field(description="Title")
    deskripsi: str = Field(description="Definition / Description")
    tag: list[str] | None = Field(default=None, description="Keywords")
    topik: str | None = Field(default=None, description="Topic")
    bidang_urusan: str | None = Field(default=None, description="Government affairs sector")
    konsep: str = Field(description="Concept")
    klasifikasi: str | None = Field(default=None, description="Classification")
    ukuran: str = Field(description="Measure")
    satuan: str = Field(description="Unit")
    produsen_data: str = Field(description="Data producer")
    walidata: str | None = Field(default=None, description="Data steward")
    kontak: Kontak = Field(description="Contact")
    frekuensi: str = Field(description="Update frequency")
    periode: Periode = Field(description="Time period")
    tanggal_rilis: datetime.date | None = Field(default=None, description="Release date")
    tanggal_pemutakhiran: datetime.date | None = Field(default=None, description="Last update")
    cakupan_wilayah: str = Field(description="Spatial coverage")
    tingkat_penyajian: str = Field(description="Level of presentation")
    akses: str = Field(description="Access")
    lisensi: str | None = Field(default=None, description="Licence")
    mengandung_data_pribadi: bool = Field(description="Contains personal data")
    sumber: str | None = Field(default=None, description="Source")
    prioritas_tahun: str | None = Field(default=None, description="Priority data (year)")
    id_msind: str | None = Field(default=None, description="Indicator metadata code (MS-Ind)")
    id_mskeg: str | None = Field(default=None, description="Statistical activity metadata code (MS-Keg)")
    interpretasi: str | None = Field(default=None, description="Interpretation")
    metode_perhitungan: str | None = Field(default=None, description="Calculation method")
    rumus: str | None = Field(default=None, description="Formula")
    indikator_komposit: bool | None = Field(default=None, description="Composite indicator")
    resources: list[Resource] = Field(description="Resources")
