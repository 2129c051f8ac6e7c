"""The kolom baku are declared once, in the standard's YAML, and reach both layers and docs."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from satudata_meta.codes import codelist
from satudata_meta.standard import load_standard
from satudata_meta.standard.markdown import standard_page
from satudata_meta.standard.spec import WILAYAH_LEVELS, _column

STD = load_standard()


def test_the_issue_s_columns_are_declared() -> None:
    names = {c.name for c in STD.columns if c.name}
    prefixes = {c.prefix for c in STD.columns if c.prefix}
    assert {"kode_provinsi", "nama_provinsi", "kode_kabupaten_kota", "nama_kabupaten_kota",
            "kode_kecamatan", "nama_kecamatan", "kode_desa_kelurahan", "nama_desa_kelurahan",
            "kode_wilayah", "nama_wilayah", "tahun", "bulan", "triwulan", "semester",
            "satuan", "jenis_kelamin"} <= names
    assert {"jumlah_", "persentase_", "rasio_", "rata_rata_", "indeks_"} <= prefixes


@pytest.mark.parametrize("column", STD.columns, ids=lambda c: c.key)
def test_every_column_is_bilingual_and_consistent(column: object) -> None:
    from satudata_meta.standard.spec import ColumnSpec

    assert isinstance(column, ColumnSpec)
    assert column.label.get("id") and column.label.get("en")
    assert column.description.get("id") and column.description.get("en")
    if column.role in ("kode_wilayah", "nama_wilayah"):
        assert column.level in (*WILAYAH_LEVELS, None)
        assert column.type == "string"
    if column.pair:
        pair = STD.column(column.pair)
        assert pair is not None and pair.role == "nama_wilayah" and pair.level == column.level
    if column.codelist:
        assert len(codelist(column.codelist)) > 0


def test_codes_are_text_and_measures_are_numbers() -> None:
    assert all(c.type == "string" for c in STD.columns if c.key.startswith("kode_"))
    assert STD.column("jumlah_penduduk").constraints == {"minimum": 0}  # type: ignore[union-attr]
    assert STD.column("persentase_aps").constraints == {  # type: ignore[union-attr]
        "minimum": 0, "maximum": 100}
    assert STD.column("kode_pos").type == "string"  # type: ignore[union-attr]
    assert STD.column("jumlah_") is None and STD.column("keterangan") is None


@pytest.mark.parametrize("raw,problem", [
    ({"name": "x", "prefix": "x_", "role": "ukuran", "type": "number"}, "exactly one"),
    ({"name": "x", "role": "measure", "type": "number"}, "unknown role"),
    ({"name": "x", "role": "ukuran", "type": "decimal"}, "unknown type"),
    ({"name": "x", "role": "kode_wilayah", "type": "string", "level": "kota"}, "unknown level"),
    ({"name": "x", "role": "ukuran", "type": "number", "unit": "ton"}, "unknown keys"),
])
def test_a_broken_declaration_is_refused(raw: dict[str, object], problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        _column({"label": {}, "description": {}, **raw}, "test.yaml")


@pytest.mark.parametrize("lang,title", [("id", "## Kolom baku tabel data"),
                                        ("en", "## Standard columns of data tables")])
def test_columns_are_rendered_in_the_standard_page(lang: str, title: str) -> None:
    page = standard_page(lang)
    section = page[page.index(title):]
    for column in STD.columns:
        assert f"`{column.key}`" in section
    assert "`kode_kab_kota`" in section  # the recognised spellings are listed


def test_the_yaml_section_is_the_only_source() -> None:
    source = Path(STD.source)
    raw = yaml.safe_load(source.read_text(encoding="utf-8"))
    assert [c.get("name") or c.get("prefix") + "*" for c in raw["columns"]] == [
        c.key for c in STD.columns]
