"""The standard's declaration is complete: labels in both languages, mappings, valid rules."""

from __future__ import annotations

import pytest

from satudata_meta.codes import codelist
from satudata_meta.standard import load_standard
from satudata_meta.standard.spec import FieldSpec

STD = load_standard()


def _all(fields: tuple[FieldSpec, ...]) -> list[FieldSpec]:
    out = []
    for f in fields:
        out.append(f)
        out.extend(_all(f.items.fields if f.items else f.fields))
    return out


@pytest.mark.parametrize("spec", _all(STD.fields), ids=lambda f: f.name)
def test_every_field_is_bilingual_and_mapped(spec: FieldSpec) -> None:
    assert set(spec.label) == {"id", "en"} and all(spec.label.values())
    assert set(spec.description) == {"id", "en"} and all(spec.description.values())
    assert set(spec.mapping) == {"ckan", "dcat", "pod"}


def test_baseline_fields_of_the_issue_are_declared() -> None:
    names = {f.name for f in STD.fields}
    assert {"id", "judul", "deskripsi", "tag", "topik", "bidang_urusan", "konsep",
            "klasifikasi", "ukuran", "satuan", "produsen_data", "walidata", "kontak",
            "frekuensi", "periode", "tanggal_rilis", "tanggal_pemutakhiran", "cakupan_wilayah",
            "tingkat_penyajian", "akses", "lisensi", "mengandung_data_pribadi", "sumber",
            "prioritas_tahun", "id_msind", "id_mskeg", "interpretasi", "metode_perhitungan",
            "rumus", "indikator_komposit", "resources"} <= names


def test_standar_data_elements_are_wajib() -> None:
    # Perpres 39/2019 Pasal 4: konsep, definisi, klasifikasi, ukuran, satuan.
    for name in ("konsep", "deskripsi", "ukuran", "satuan"):
        assert STD.field(name).obligation == "wajib"  # type: ignore[union-attr]


def test_every_code_field_names_an_existing_list() -> None:
    for spec in _all(STD.fields):
        if spec.codelist:
            assert len(codelist(spec.codelist)) > 0


def test_rules_point_at_declared_fields() -> None:
    for rule in STD.rules:
        for path in filter(None, (rule.field, rule.other, (rule.when or {}).get("field"),
                                  (rule.then or {}).get("field"))):
            assert STD.field(path) is not None, (rule.id, path)
        assert rule.message.get("id") and rule.message.get("en")


def test_field_lookup_by_dotted_path() -> None:
    assert STD.field("kontak.email").type == "email"  # type: ignore[union-attr]
    assert STD.field("resources.format").obligation == "wajib"  # type: ignore[union-attr]
    assert STD.field("nope") is None
