"""Metadata against the standard: each kind of problem gives its code, path and message."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from satudata_meta.findings import Finding, Severity
from satudata_meta.standard.check import check_metadata, period_bounds
from tests.conftest import example_metadata


def codes(findings: list[Finding]) -> set[tuple[str, str | None]]:
    return {(f.code, f.path) for f in findings if f.severity is not Severity.INFO}


def run(**changes: Any) -> tuple[dict[str, Any], list[Finding]]:
    meta = example_metadata()
    for key, value in changes.items():
        if value is None:
            meta.pop(key, None)
        else:
            meta[key] = value
    return check_metadata(meta)


def test_example_is_clean() -> None:
    _, findings = run()
    assert [f for f in findings if f.severity is not Severity.INFO] == []


@pytest.mark.parametrize("field", ["judul", "konsep", "ukuran", "satuan", "produsen_data",
                                   "frekuensi", "akses", "cakupan_wilayah", "kontak"])
def test_missing_wajib_field_is_an_error_with_its_path(field: str) -> None:
    _, findings = run(**{field: None})
    [f] = [f for f in findings if f.path == field]
    assert f.code == "metadata-missing-field" and f.severity is Severity.ERROR
    assert field in f.message("id") and "wajib" in f.message("id")
    assert "required" in f.message("en")


def test_missing_disarankan_is_a_warning_and_opsional_an_info() -> None:
    _, findings = run(tag=None, rumus=None)
    sev = {f.path: f.severity for f in findings}
    assert sev["tag"] is Severity.WARNING
    assert sev["rumus"] is Severity.INFO


def test_nested_field_paths() -> None:
    _, findings = run(kontak={"nama": "X", "email": "bukan-email"})
    [f] = [f for f in findings if f.path == "kontak.email"]
    assert f.code == "metadata-invalid-value"
    assert "bukan-email" in f.message("id") and "e-mail" in f.message("en")


@pytest.mark.parametrize("value,canonical", [
    ("Tahunan", "tahunan"), ("1 Tahun Sekali", "tahunan"), ("R/P1Y", "tahunan"),
    ("TAHUNAN", "tahunan"), ("3 Bulan Sekali", "triwulanan"),
])
def test_known_variants_are_normalised_with_a_warning(value: str, canonical: str) -> None:
    normalised, findings = run(frekuensi=value)
    assert normalised["frekuensi"] == canonical
    [f] = [f for f in findings if f.path == "frekuensi"]
    assert f.code == "metadata-normalized" and f.severity is Severity.WARNING
    assert value in f.message("id") and canonical in f.message("en")


def test_canonical_value_gives_no_normalised_warning() -> None:
    _, findings = run(frekuensi="tahunan")
    assert not [f for f in findings if f.path == "frekuensi"]


def test_unknown_code_is_an_error_with_a_suggestion() -> None:
    _, findings = run(akses="terbukaa")
    [f] = [f for f in findings if f.path == "akses"]
    assert f.code == "metadata-unknown-code" and f.severity is Severity.ERROR
    assert f.hint("id") is not None and "terbuka" in f.hint("id")  # type: ignore[operator]


def test_unknown_satuan_is_only_a_warning_because_the_list_is_extensible() -> None:
    _, findings = run(satuan="gantang")
    [f] = [f for f in findings if f.path == "satuan"]
    assert f.code == "metadata-unknown-code" and f.severity is Severity.WARNING


def test_lisensi_is_required_for_open_data() -> None:
    _, findings = run(lisensi=None)
    [f] = [f for f in findings if f.path == "lisensi"]
    assert f.severity is Severity.ERROR and f.params["rule"] == "lisensi-wajib-untuk-data-terbuka"
    assert "CC-BY-4.0" in (f.hint("id") or "")
    _, closed = run(lisensi=None, akses="tertutup")
    assert [g.severity for g in closed if g.path == "lisensi"] == [Severity.WARNING]


def test_personal_data_cannot_be_open() -> None:
    _, findings = run(mengandung_data_pribadi=True)
    [f] = [f for f in findings if f.path == "akses"]
    assert f.code == "metadata-invalid-value"
    assert f.params["rule"] == "data-pribadi-tidak-boleh-terbuka"


def test_period_end_before_start() -> None:
    _, findings = run(periode={"awal": 2023, "akhir": 2019})
    assert ("metadata-invalid-value", "periode.akhir") in codes(findings)
    _, ok = run(periode={"awal": "2023-06", "akhir": 2023})
    assert ("metadata-invalid-value", "periode.akhir") not in codes(ok)


def test_level_must_not_be_coarser_than_coverage() -> None:
    _, findings = run(cakupan_wilayah="36.03", tingkat_penyajian="provinsi")
    assert ("metadata-invalid-value", "tingkat_penyajian") in codes(findings)
    _, ok = run(cakupan_wilayah="36.03", tingkat_penyajian="kecamatan")
    assert ("metadata-invalid-value", "tingkat_penyajian") not in codes(ok)


def test_resource_needs_path_or_url() -> None:
    meta = example_metadata()
    del meta["resources"][0]["path"]
    _, findings = check_metadata(meta)
    assert ("metadata-missing-field", "resources[0].path|url") in codes(findings)


def test_wrong_types_do_not_crash() -> None:
    _, findings = run(judul=["a"], tag=5, kontak="someone", periode="2019-2023",
                      mengandung_data_pribadi="mungkin", tanggal_rilis="kemarin")
    got = codes(findings)
    for path in ("judul", "tag", "kontak", "periode", "mengandung_data_pribadi", "tanggal_rilis"):
        assert ("metadata-invalid-value", path) in got, path


def test_keywords_as_comma_text_are_split_and_reported() -> None:
    normalised, findings = run(tag="penduduk, jiwa")
    assert normalised["tag"] == ["penduduk", "jiwa"]
    assert ("metadata-normalized", "tag") in codes(findings)


def test_unknown_field_is_reported_with_suggestion() -> None:
    _, findings = run(frekwensi="tahunan")
    [f] = [f for f in findings if f.code == "metadata-unknown-field"]
    assert f.params["suggestion"] == "frekuensi"


def test_period_bounds() -> None:
    assert period_bounds("2020-02") == (dt.date(2020, 2, 1), dt.date(2020, 2, 29))
    assert period_bounds("2020-13") is None
