"""The table layer: frictionless' checks, its row numbers, and one finding per problem."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import frictionless

from satudata_meta.dataset import load
from satudata_meta.findings import Severity
from satudata_meta.standard import load_standard
from satudata_meta.tabular.columns import resolve
from satudata_meta.tabular.prepare import prepare
from satudata_meta.tabular.schema import build
from tests.validation.conftest import APS, PADI, PENDUDUK, Copy, only, run, summary

Make = Callable[[str], Copy]
KK = "kode_kabupaten_kota"


class Run:
    """Stands for a validation run (what ``prepare`` keys its cache on)."""


def test_row_numbers_are_frictionless_row_numbers(copy_example: Make) -> None:
    ds = copy_example(PENDUDUK)
    ds.set(4, "jumlah_penduduk", "banyak").set(9, "jumlah_penduduk", "-5")
    ds.set(30, "jenis_kelamin", "L").set(60, "tahun", "dua ribu")
    report = run(ds, checks=["table"])
    ours = sorted((f.code, f.row_number, f.field_name, f.cell) for f in report.findings)
    schema = frictionless.Schema.from_descriptor(
        {k: v for k, v in ds.schema().items() if k != "primaryKey"})
    theirs = frictionless.Resource(path=ds.data_path.name, basepath=str(ds.data_path.parent),
                                   schema=schema).validate()
    expected = sorted(tuple(e) for e in theirs.flatten(["type", "rowNumber", "fieldName",
                                                        "cell"]))
    assert ours == expected
    assert [c for c, *_ in ours] == ["constraint-error", "constraint-error", "type-error",
                                     "type-error"]


def test_inferred_schema_follows_the_column_conventions(copy_example: Make) -> None:
    ds = copy_example(PENDUDUK).drop_schema()
    ds.set(3, "jumlah_penduduk", "-1").set(6, "jumlah_penduduk", "12.5")
    ds.set(4, "jenis_kelamin", "Laki-laki").set(7, "tahun", "1850")
    report = run(ds)
    assert summary(report) == [("constraint-error", 3, "jumlah_penduduk"),
                               ("constraint-error", 4, "jenis_kelamin"),
                               ("constraint-error", 7, "tahun"),
                               ("type-error", 6, "jumlah_penduduk")]
    reasons = {f.row_number: f.params.get("reason", {}).get("id") for f in report.findings
               if f.code == "constraint-error"}
    assert reasons == {3: "minimal 0", 4: "harus salah satu dari: laki-laki, perempuan",
                       7: "minimal 1900"}
    decimal = only(report, "type-error")
    assert decimal.params["type"]["id"] == "bilangan bulat"
    assert "rata_rata_" in (decimal.hint("id") or "")


def test_percentages_are_between_0_and_100(copy_example: Make) -> None:
    report = run(copy_example(APS).set(2, "persentase_aps", "101.5"))
    assert summary(report) == [("constraint-error", 2, "persentase_aps")]


def test_codes_are_never_inferred_as_numbers(copy_example: Make) -> None:
    ds = copy_example(APS)
    rows = ds.rows()
    rows[0].append("kode_sekolah")
    for row in rows[1:]:
        row.append("0012")
    ds.write_rows(rows)
    report = run(ds)
    assert summary(report) == []
    dataset = load(ds.target)
    run_ = Run()
    plan = build(prepare(run_, dataset, dataset.resources[0]))
    assert plan.types == ["string", "string", "integer", "string", "number", "string"]


def test_a_declared_pattern_does_not_double_the_content_finding(copy_example: Make) -> None:
    def pattern(m: dict[str, Any]) -> None:
        fields = m["resources"][0]["schema"]["fields"]
        fields[0]["constraints"]["pattern"] = r"^\d{2}\.\d{2}$"
        fields[2]["constraints"]["maximum"] = 2023
    ds = copy_example(PENDUDUK).edit_meta(pattern)
    ds.set(12, KK, "3602").set(13, "tahun", "2030")
    report = run(ds)
    assert summary(report) == [("code-format", 12, KK), ("period-out-of-range", 13, "tahun")]
    alone = run(ds, checks=["table"])  # the content finding replaces the constraint error
    assert summary(alone) == summary(report)


def test_declared_code_column_as_integer_is_flagged(copy_example: Make) -> None:
    def integer(m: dict[str, Any]) -> None:
        m["resources"][0]["schema"]["fields"][0]["type"] = "number"
    report = run(copy_example(PENDUDUK).edit_meta(integer), checks=["table"])
    found = only(report, "schema-convention-mismatch")
    assert (found.params["declared"], found.params["expected"]) == ("number", "string")
    assert found.severity is Severity.WARNING


def test_invalid_declared_schema_falls_back_to_inference(copy_example: Make) -> None:
    def bad(m: dict[str, Any]) -> None:
        m["resources"][0]["schema"]["fields"][4]["type"] = "angka"
    ds = copy_example(PENDUDUK).edit_meta(bad).set(4, "jumlah_penduduk", "x")
    report = run(ds)
    assert summary(report) == [("schema-error", None, None), ("type-error", 4, "jumlah_penduduk")]


def test_header_problems(copy_example: Make) -> None:
    ds = copy_example(PADI)
    rows = ds.rows()
    rows[0][1] = "nama_kec"
    for row in rows:
        row.append("x")
    ds.write_rows(rows)
    report = run(ds, checks=["table"])
    assert summary(report) == [("column-name-not-standard", 1, "nama_kec"),
                               ("extra-label", 1, "x"),
                               ("incorrect-label", 1, "nama_kecamatan")]


def test_cells_right_of_the_header_in_an_inferred_schema(copy_example: Make) -> None:
    """Stray cells beside the table are extra cells of their rows, as Frictionless infers
    it; the inferred schema gets no nameless column the header would then lack, and a
    number there says nothing about how the file writes its numbers."""
    ds = copy_example(PENDUDUK).drop_schema()
    rows = ds.rows()
    for row, stray in ((5, "1.234,5"), (9, "12,5")):
        rows[row - 1].append(stray)
    ds.write_rows(rows)
    report = run(ds, checks=["table"])
    assert summary(report) == [("extra-cell", 5, None), ("extra-cell", 9, None)]


def test_repeated_label_in_an_inferred_schema(copy_example: Make) -> None:
    ds = copy_example(APS)
    rows = ds.rows()
    rows[0][3] = "tahun"
    ds.write_rows(rows)
    report = run(ds, checks=["table"])
    assert ("duplicate-label", 1, "tahun") in summary(report)


def test_unclosed_quote_gives_missing_cells_not_a_crash(copy_example: Make) -> None:
    ds = copy_example(PADI)
    text = ds.data_path.read_text(encoding="utf-8").splitlines()
    text[103] = text[103].replace("Sobang", '"Sobang')  # row 104 swallows rows 105-106
    ds.data_path.write_text("\n".join(text) + "\n", encoding="utf-8")
    report = run(ds, checks=["table"])
    assert {f.code for f in report.findings} == {"missing-cell"}
    assert {f.row_number for f in report.findings} == {104}


def test_column_conventions_resolve_names_prefixes_and_aliases() -> None:
    std = load_standard()
    columns = resolve(["kode_kabupaten_kota", "Kode Kab/Kota", "jumlah_penduduk", "Tahun",
                       "persentase_x", "keterangan", "rata_rata_lama_sekolah"], std)
    assert [(c.name, c.role, c.spec.type if c.spec else None) for c in columns] == [
        ("kode_kabupaten_kota", "kode_wilayah", "string"),
        ("Kode Kab/Kota", None, None),  # the standard name is taken already
        ("jumlah_penduduk", "ukuran", "integer"),
        ("tahun", "periode", "integer"),
        ("persentase_x", "ukuran", "number"),
        ("keterangan", None, None),
        ("rata_rata_lama_sekolah", "ukuran", "number"),
    ]
