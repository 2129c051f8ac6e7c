"""The content layer on broken copies of the examples: exactly the findings of what broke.

Penduduk rows: one kab/kota per 10 rows from row 2 (36.01 rows 2-11, 36.02 rows 12-21,
36.03 rows 22-31, ...), each year 2019-2023 as laki-laki then perempuan.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from satudata_meta.checks.content import diagnose
from satudata_meta.findings import Severity
from tests.validation.conftest import (
    APS,
    PADI,
    PENDUDUK,
    Copy,
    only,
    run,
    sidecar_dataset,
    summary,
)

Make = Callable[[str], Copy]
KK = "kode_kabupaten_kota"


def test_wrong_code_at_row_5_with_a_hint_from_the_name(copy_example: Make) -> None:
    ds = copy_example(PENDUDUK).set(5, KK, "36.09")
    report = run(ds)
    assert summary(report) == [("unknown-reference-code", 5, KK)]
    found = only(report, "unknown-reference-code")
    assert found.severity is Severity.ERROR and found.cell == "36.09"
    assert found.params["rows"] == [5]
    assert found.hint("id") == "Maksud Anda 36.01 Kabupaten Pandeglang?"
    assert found.hint("en") == "Did you mean 36.01 Kabupaten Pandeglang?"


def test_same_wrong_code_in_many_rows_is_one_finding(copy_example: Make) -> None:
    ds = copy_example(PENDUDUK)
    for row in range(22, 32):
        ds.set(row, KK, "36.3")  # no Banten 36.30: unknown, fixed by find-and-replace
    report = run(ds)
    assert summary(report) == [("unknown-reference-code", 22, KK)]
    found = only(report, "unknown-reference-code")
    assert found.params["rows"] == list(range(22, 32))
    assert found.hint("en") == "Did you mean 36.03 Kabupaten Tangerang?"


def test_code_of_another_level(copy_example: Make) -> None:
    report = run(copy_example(PENDUDUK).set(5, KK, "36.01.01"))
    assert summary(report) == [("unknown-reference-code", 5, KK)]
    message = only(report, "unknown-reference-code").message("id")
    assert "kode kecamatan (Sumur)" in message


def test_missing_kab_kota_for_2021(copy_example: Make) -> None:
    ds = copy_example(PENDUDUK).edit_rows(
        lambda rows: rows.__setitem__(slice(None), [r for r in rows
                                                    if not (r[0] == "36.03" and r[2] == "2021")]))
    report = run(ds)
    assert summary(report) == [("incomplete-coverage", None, KK)]
    found = only(report, "incomplete-coverage")
    assert found.params["missing_codes"] == ["36.03"]
    assert found.params["period"] == {"id": "2021", "en": "2021"}
    assert found.message("id") == (
        "Data 2021 tidak lengkap: 1 dari 8 kabupaten/kota tidak ada "
        "(36.03 Kabupaten Tangerang).")


def test_kab_kota_missing_in_every_year_is_one_finding(copy_example: Make) -> None:
    ds = copy_example(PENDUDUK).edit_rows(
        lambda rows: rows.__setitem__(slice(None), [r for r in rows if r[0] != "36.73"]))
    report = run(ds)
    assert summary(report) == [("incomplete-coverage", None, KK)]
    found = only(report, "incomplete-coverage")
    assert found.params["missing_codes"] == ["36.73"]
    assert "2019" in found.message("id") and "2023" in found.message("id")


def test_duplicate_row_names_both_rows(copy_example: Make) -> None:
    ds = copy_example(PENDUDUK).edit_rows(lambda rows: rows.append(list(rows[2])))
    report = run(ds)
    assert summary(report) == [("duplicate-key", 82, None)]
    found = only(report, "duplicate-key")
    assert found.params["first_row"] == 3 and found.params["rows"] == [82]
    assert found.params["identical"] is True
    assert "36.01" in found.params["key"] and "perempuan" in found.params["key"]


def test_duplicate_key_with_different_values(copy_example: Make) -> None:
    ds = copy_example(PENDUDUK).edit_rows(
        lambda rows: rows.append([*rows[2][:4], "1"]))
    found = only(run(ds), "duplicate-key")
    assert (found.row_number, found.params["first_row"]) == (82, 3)
    assert found.params["identical"] is False


def test_duplicates_without_declared_key_use_wilayah_period_and_dimensions(
        copy_example: Make) -> None:
    ds = copy_example(APS)  # no schema: key = kode, tahun, kelompok_umur
    ds.edit_rows(lambda rows: rows.append([*rows[5][:4], "50.5"]))
    report = run(ds)
    assert summary(report) == [("duplicate-key", 98, None)]
    assert only(report, "duplicate-key").params["first_row"] == 6


def test_year_outside_periode(copy_example: Make) -> None:
    report = run(copy_example(PENDUDUK).set(7, "tahun", "2030"))
    assert summary(report) == [("period-out-of-range", 7, "tahun")]
    found = only(report, "period-out-of-range")
    assert (found.params["start"], found.params["end"]) == ("2019", "2023")


def test_name_of_another_kab_kota(copy_example: Make) -> None:
    report = run(copy_example(PENDUDUK).set(22, "nama_kabupaten_kota", "Kota Tangerang"))
    assert summary(report) == [("code-name-mismatch", 22, "nama_kabupaten_kota")]
    found = only(report, "code-name-mismatch")
    assert found.severity is Severity.ERROR
    hint = found.hint("id") or ""
    assert "36.71 Kota Tangerang" in hint and "36.03" in hint


@pytest.mark.parametrize("name", ["KAB. TANGERANG", "Kab Tangerang", "Tangerang",
                                  "kabupaten tangerang"])
def test_names_are_compared_tolerantly(copy_example: Make, name: str) -> None:
    report = run(copy_example(PENDUDUK).set(22, "nama_kabupaten_kota", name))
    assert summary(report) == []


def test_misspelt_name_is_a_warning(copy_example: Make) -> None:
    report = run(copy_example(PENDUDUK).set(2, "nama_kabupaten_kota", "Kabupaten Pandegelang"))
    assert summary(report) == [("code-name-mismatch", 2, "nama_kabupaten_kota")]
    found = only(report, "code-name-mismatch")
    assert found.severity is Severity.WARNING
    assert found.hint("en") == "official spelling: Kabupaten Pandeglang"


def test_area_outside_the_coverage(copy_example: Make) -> None:
    ds = copy_example(PADI).set(5, "kode_kecamatan", "36.02.01")
    ds.set(5, "nama_kecamatan", "Malingping")
    report = run(ds)
    assert summary(report) == [("incomplete-coverage", None, "kode_kecamatan"),
                               ("wilayah-outside-coverage", 5, "kode_kecamatan")]
    assert only(report, "incomplete-coverage").params["missing_codes"] == ["36.01.02"]


def test_bps_codes_are_reported_with_the_kemendagri_code(copy_example: Make) -> None:
    ds = copy_example(PADI)
    for row in (2, 3, 4):
        ds.set(row, "kode_kecamatan", "3601010")
    report = run(ds)
    assert summary(report) == [("bps-code-used", 2, "kode_kecamatan")]
    found = only(report, "bps-code-used")
    assert found.params["code"] == "36.01.01" and found.params["rows"] == [2, 3, 4]
    assert found.hint("id") == "Ganti '3601010' dengan '36.01.01'."


def test_codes_stored_as_numbers_are_one_finding_per_code(copy_example: Make) -> None:
    ds = copy_example(PENDUDUK)
    for row in range(22, 32):
        ds.set(row, KK, "3603")
    report = run(ds)
    assert summary(report) == [("code-format", 22, KK)]
    found = only(report, "code-format")
    assert (found.params["code"], found.params["rows"]) == ("36.03", list(range(22, 32)))


@pytest.mark.parametrize("value,levels,kind,code", [
    ("36.03", ("kabupaten_kota",), "ok", "36.03"),
    ("3603", ("kabupaten_kota",), "format", "36.03"),
    ("3603.0", ("kabupaten_kota",), "format", "36.03"),
    ("32.1", ("kabupaten_kota",), "format", "32.10"),  # Excel dropped the zero of 32.10
    ("32,1", ("kabupaten_kota",), "format", "32.10"),  # ... on an Indonesian PC
    ("360101", ("kecamatan",), "format", "36.01.01"),
    ("3601010", ("kecamatan",), "bps", "36.01.01"),
    ("3601010004", ("desa_kelurahan",), "bps", "36.01.01.2004"),
    ("36.01.01", ("kabupaten_kota",), "level", "36.01.01"),
    ("36.99", ("kabupaten_kota",), "unknown", None),
    ("Pandeglang", ("kabupaten_kota",), "unknown", None),
])
def test_diagnose_code(value: str, levels: tuple[str, ...], kind: str, code: str | None
                       ) -> None:
    found = diagnose(value, levels)
    assert found.kind == kind
    assert (found.unit.code if found.unit else None) == code


def test_satuan_column_against_metadata(copy_example: Make) -> None:
    def add_unit(rows: list[list[str]]) -> None:
        rows[0].append("satuan")
        for i, row in enumerate(rows[1:], start=2):
            row.append({4: "jiwa", 5: "Persen"}.get(i, "persen"))
    report = run(copy_example(APS).edit_rows(add_unit))
    assert summary(report) == [("unit-mismatch", 4, "satuan")]
    assert only(report, "unit-mismatch").params["expected"] == "persen"


@pytest.mark.parametrize("akses,severity", [("terbuka", Severity.ERROR),
                                            ("terbatas", Severity.WARNING)])
def test_nik_column(copy_example: Make, akses: str, severity: Severity) -> None:
    def add_nik(rows: list[list[str]]) -> None:
        rows[0].append("nik")
        for i, row in enumerate(rows[1:]):
            row.append(f"3601014501{90 + i % 10:02d}{i + 1:04d}")  # born 5-1-19xx, female

    def meta(m: dict[str, Any]) -> None:
        m["akses"] = akses
        if akses != "terbuka":
            m["mengandung_data_pribadi"] = True

    ds = copy_example(APS).edit_rows(add_nik).edit_meta(meta)
    report = run(ds)
    assert summary(report) == [("personal-data-detected", 2, "nik")]
    found = only(report, "personal-data-detected")
    assert found.severity is severity
    nik = ds.cell(2, "nik")
    assert found.cell == nik[:4] + "*" * 10 + nik[-2:]
    for lang in ("id", "en"):
        assert nik not in found.message(lang)


def test_personal_data_found_by_content_under_any_name(copy_example: Make) -> None:
    def add(rows: list[list[str]]) -> None:
        rows[0].append("kontak_petugas")
        for i, row in enumerate(rows[1:]):
            row.append(f"0812-3456-{i:04d}")
    report = run(copy_example(APS).edit_rows(add))
    assert summary(report) == [("personal-data-detected", 2, "kontak_petugas")]
    assert only(report, "personal-data-detected").params["by"]["en"] == "the column's values"


def test_content_check_alone_still_reports_reading_findings_once(copy_example: Make) -> None:
    ds = copy_example(PENDUDUK)
    ds.write_rows(ds.rows(), delimiter=";")
    report = run(ds, checks=["metadata", "content"])
    assert summary(report) == [("csv-dialect", None, None)]
    report = run(ds)
    assert summary(report) == [("csv-dialect", None, None)]


BANTEN = [("36.01", "Kabupaten Pandeglang"), ("36.02", "Kabupaten Lebak"),
          ("36.03", "Kabupaten Tangerang"), ("36.04", "Kabupaten Serang"),
          ("36.71", "Kota Tangerang"), ("36.72", "Kota Cilegon"), ("36.73", "Kota Serang"),
          ("36.74", "Kota Tangerang Selatan")]


def _monthly(skip: set[tuple[str, int]]) -> str:
    lines = ["kode_wilayah,nama_wilayah,tahun,bulan,jumlah_kelahiran"]
    lines += [f"{code},{name},2023,{month},{10 + month}" for code, name in BANTEN
              for month in range(1, 13) if (code, month) not in skip]
    return "\n".join(lines) + "\n"


def test_monthly_coverage_with_a_generic_area_column(tmp_path: Path) -> None:
    target = sidecar_dataset(tmp_path, _monthly({("36.72", 3), ("36.73", 3), ("36.04", 11)}),
                             periode={"awal": "2023-01", "akhir": "2023-12"},
                             frekuensi="bulanan", satuan="jiwa", ukuran="Jumlah")
    report = run(target)
    assert summary(report) == [("incomplete-coverage", None, "kode_wilayah")] * 2
    found = sorted((f.params["period"]["id"], f.params["missing_codes"])
                   for f in report.findings if f.code == "incomplete-coverage")
    assert found == [("2023-03", ["36.72", "36.73"]), ("2023-11", ["36.04"])]


def test_month_outside_periode(tmp_path: Path) -> None:
    target = sidecar_dataset(tmp_path, _monthly(set()),
                             periode={"awal": "2023-01", "akhir": "2023-06"},
                             frekuensi="bulanan", satuan="jiwa", ukuran="Jumlah")
    report = run(target)
    months = sorted(f.params["period"]["id"] for f in report.findings
                    if f.code == "period-out-of-range")
    assert months == [f"2023-{m:02d}" for m in range(7, 13)]
    assert {f.params["count"] for f in report.findings if f.code == "period-out-of-range"} == {8}


def test_province_level_dataset_checks_every_year(tmp_path: Path) -> None:
    text = "tahun,jumlah_penduduk\n2019,11904562\n2020,12061000\n2022,12252000\n"
    target = sidecar_dataset(tmp_path, text, periode={"awal": 2019, "akhir": 2022},
                             tingkat_penyajian="provinsi", satuan="jiwa", ukuran="Jumlah")
    report = run(target)
    assert summary(report) == [("incomplete-coverage", None, None)]
    assert only(report, "incomplete-coverage").params["period"]["id"] == "2021"


def test_finer_level_without_its_code_column(tmp_path: Path) -> None:
    text = "nama_kabupaten_kota,tahun,persentase_aps\nKabupaten Lebak,2020,90.5\n"
    target = sidecar_dataset(tmp_path, text, periode={"awal": 2020, "akhir": 2020})
    report = run(target)
    assert summary(report) == [("missing-wilayah-column", None, None)]
    assert only(report, "missing-wilayah-column").params["expected_column"] == (
        "kode_kabupaten_kota")


def test_areas_absent_from_every_period_are_one_finding(copy_example: Make) -> None:
    ds = copy_example(PENDUDUK).edit_rows(
        lambda rows: rows.__setitem__(slice(None), [r for r in rows if r[0] in (
            "kode_kabupaten_kota", "36.01")]))
    report = run(ds)
    assert summary(report) == [("incomplete-coverage", None, KK)]
    found = only(report, "incomplete-coverage")
    assert found.params["missing_codes"] == ["36.02", "36.03", "36.04", "36.71", "36.72",
                                             "36.73", "36.74"]


def test_no_coverage_flood_when_no_row_is_inside_the_period(copy_example: Make) -> None:
    ds = copy_example(PENDUDUK).edit_meta(
        lambda m: m.update(periode={"awal": 2010, "akhir": 2014}))
    report = run(ds)
    # one finding per year, at its first row (36.01 has 2019 in row 2, 2020 in row 4, ...)
    assert summary(report) == [("period-out-of-range", r, "tahun") for r in (2, 4, 6, 8, 10)]


def test_errors_in_a_personal_data_column_never_show_the_value(copy_example: Make) -> None:
    ds = copy_example(PADI)
    rows = ds.rows()
    rows[0].append("nik")
    for i, row in enumerate(rows[1:]):
        row.append(f"360101450190{i + 1:04d}")
    ds.write_rows(rows)
    ds.edit_meta(lambda m: m["resources"][0]["schema"]["fields"].append(
        {"name": "nik", "type": "integer"}))
    ds.set(5, "nik", "3601014501900004x")  # not an integer: a type error on a NIK
    report = run(ds)
    assert summary(report) == [("personal-data-detected", 2, "nik"), ("type-error", 5, "nik")]
    text = report.model_dump_json()
    assert "3601014501900004" not in text and "3601014501900001" not in text


def test_quarters_and_half_years_against_periode(tmp_path: Path) -> None:
    lines = ["kode_wilayah,tahun,triwulan,indeks_harga"]
    lines += [f"{code},2023,{q},{100 + q}" for code, _ in BANTEN for q in (1, 2, 3)]
    target = sidecar_dataset(tmp_path / "tw", "\n".join(lines) + "\n", satuan="indeks",
                             ukuran="Indeks", frekuensi="triwulanan",
                             periode={"awal": "2023-01", "akhir": "2023-06"})
    report = run(target)
    assert summary(report) == [("period-out-of-range", 4, "tahun")]
    assert only(report, "period-out-of-range").params["period"] == {
        "id": "2023 triwulan 3", "en": "2023 quarter 3"}
    lines = ["kode_wilayah,tahun,semester,indeks_harga"]
    lines += [f"{code},2023,1,101" for code, _ in BANTEN]  # no second half-year at all
    target = sidecar_dataset(tmp_path / "smt", "\n".join(lines) + "\n", satuan="indeks",
                             ukuran="Indeks", frekuensi="semesteran",
                             periode={"awal": "2023-01", "akhir": "2023-12"})
    found = only(run(target), "incomplete-coverage")
    assert found.params["period"]["id"] == "2023 semester 2"
    assert found.params["missing_count"] == 8
