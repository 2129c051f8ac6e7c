"""Files as agencies' PCs write them: encodings, delimiters, number formats, Excel leftovers.

Each is still validated, and each quirk is reported once, not as one error per cell.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]
import pytest
import yaml

from satudata_meta.findings import Severity
from tests.validation.conftest import APS, PADI, PENDUDUK, Copy, only, run, summary

Make = Callable[[str], Copy]
KK = "kode_kabupaten_kota"


def _indonesian_excel(rows: list[list[str]]) -> list[list[str]]:
    """What Excel on an Indonesian PC makes of the penduduk table: dotted thousands, codes
    turned into numbers (36.01 -> 3601 in a column formatted as a number)."""
    out = [rows[0]]
    for code, name, year, sex, count in rows[1:]:
        out.append([code.replace(".", "") if code.startswith("36.0") else code, name, year,
                    sex, f"{int(count):,}".replace(",", ".")])
    return out


def test_semicolons_indonesian_numbers_cp1252_and_numeric_codes(copy_example: Make) -> None:
    ds = copy_example(PENDUDUK).drop_schema()
    rows = _indonesian_excel(ds.rows())
    assert rows[51][1] == "Kota Cilegon"
    rows[51][1] = "Kota Cilégon"  # an accented letter, as Windows-1252 writes it
    ds.write_rows(rows, delimiter=";", encoding="cp1252", tail=";;;;\r\n;;;;\r\n")
    report = run(ds)
    assert summary(report) == [
        ("code-format", 2, KK), ("code-format", 12, KK), ("code-format", 22, KK),
        ("code-format", 32, KK),
        ("csv-dialect", None, None),
        ("non-utf8-encoding", None, None),
        ("number-format", 2, "jumlah_penduduk"),
        ("trailing-blank-rows", 82, None),
    ]
    number = only(report, "number-format")
    assert (number.params["example"], number.params["read"], number.params["cells"]) == (
        "665.316", "665316", 80)
    assert only(report, "non-utf8-encoding").params["encoding"] == "Windows-1252"
    assert only(report, "trailing-blank-rows").params["count"] == 2
    assert report.stats["tables"]["penduduk"]["numberFormat"] == "id"
    assert not report.valid  # the codes are wrong; the rest is reported, not failed
    assert {f.severity for f in report.findings if f.code != "code-format"} <= {
        Severity.WARNING, Severity.INFO}


def test_indonesian_numbers_against_a_declared_integer_column(copy_example: Make) -> None:
    ds = copy_example(PENDUDUK)
    rows = ds.rows()
    for row in rows[1:]:
        row[4] = f"{int(row[4]):,}".replace(",", ".")
    ds.write_rows(rows, delimiter=";")
    report = run(ds)
    assert summary(report) == [("csv-dialect", None, None),
                               ("number-format", 2, "jumlah_penduduk")]


def test_decimal_comma(copy_example: Make) -> None:
    ds = copy_example(APS)
    rows = ds.rows()
    for row in rows[1:]:
        row[4] = row[4].replace(".", ",")
    ds.write_rows(rows, delimiter=";")
    report = run(ds)
    assert summary(report) == [("csv-dialect", None, None),
                               ("number-format", 2, "persentase_aps")]
    assert only(report, "number-format").params["read"] == "99.30"


def test_english_thousands(copy_example: Make) -> None:
    ds = copy_example(PENDUDUK).drop_schema()
    rows = ds.rows()
    for row in rows[1:]:
        row[4] = f"{int(row[4]):,}"
    ds.write_rows(rows)
    report = run(ds)
    assert summary(report) == [("number-format", 2, "jumlah_penduduk")]
    assert only(report, "number-format").params["convention"]["en"].startswith("English")


def test_ambiguous_numbers(tmp_path: Path) -> None:
    src = Path(__file__).resolve().parents[2] / "examples" / APS / "aps.csv.metadata.yaml"
    meta: dict[str, Any] = yaml.safe_load(src.read_text(encoding="utf-8"))
    meta.update(satuan="rasio", ukuran="Rasio", periode={"awal": 2023, "akhir": 2023})
    (tmp_path / "rasio.csv.metadata.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    lines = ["kode_kabupaten_kota,nama_kabupaten_kota,tahun,rasio_murid_guru"]
    codes = ["36.01", "36.02", "36.03", "36.04", "36.71", "36.72", "36.73", "36.74"]
    lines += [f"{c},{n},2023,{v}" for c, n, v in zip(codes, [
        "Kabupaten Pandeglang", "Kabupaten Lebak", "Kabupaten Tangerang", "Kabupaten Serang",
        "Kota Tangerang", "Kota Cilegon", "Kota Serang", "Kota Tangerang Selatan"],
        ["1.250", "2.500", "3", "1.125", "4", "2.750", "1.500", "2"], strict=True)]
    (tmp_path / "rasio.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = run(tmp_path / "rasio.csv")
    assert summary(report) == [("ambiguous-number-format", 2, "rasio_murid_guru")]
    found = only(report, "ambiguous-number-format")
    assert (found.params["example"], found.params["read"], found.params["thousands"]) == (
        "1.250", "1.250", "1250")
    assert found.params["count"] == 5


def test_utf8_bom_is_information_only(copy_example: Make) -> None:
    ds = copy_example(PENDUDUK)
    ds.data_path.write_bytes(b"\xef\xbb\xbf" + ds.data_path.read_bytes())
    report = run(ds)
    assert summary(report) == [("utf8-bom", None, None)]
    assert only(report, "utf8-bom").severity is Severity.INFO
    assert report.valid


def test_excel_unicode_text_is_utf16_with_tabs(copy_example: Make) -> None:
    ds = copy_example(PADI)
    ds.write_rows(ds.rows(), delimiter="\t", encoding="utf-16")
    report = run(ds)
    assert summary(report) == [("csv-dialect", None, None), ("non-utf8-encoding", None, None)]


def test_excel_sep_line(copy_example: Make) -> None:
    ds = copy_example(PENDUDUK)
    ds.set(5, KK, "36.09")
    text = ds.data_path.read_text(encoding="utf-8").replace(",", ";")
    ds.data_path.write_text("sep=;\n" + text, encoding="utf-8")
    report = run(ds)
    # the sep= line is row 1 in Excel too, so every row moves down by one
    assert summary(report) == [("csv-dialect", None, None),
                               ("unknown-reference-code", 6, KK)]


def test_trailing_blank_columns_and_rows(copy_example: Make) -> None:
    ds = copy_example(PADI)
    rows = [[*r, "", ""] for r in ds.rows()]
    ds.write_rows(rows + [["", "", "", "", "", ""]] * 3)
    report = run(ds)
    assert summary(report) == [("trailing-blank-columns", None, None),
                               ("trailing-blank-rows", 107, None)]
    assert only(report, "trailing-blank-columns").params == {"columns": 2, "rows": 0}
    assert report.valid


def test_blank_row_in_the_middle(copy_example: Make) -> None:
    ds = copy_example(PADI).edit_rows(lambda rows: rows.insert(10, ["", "", "", ""]))
    report = run(ds)
    assert summary(report) == [("blank-row", 11, None)]
    assert only(report, "blank-row").severity is Severity.WARNING


def test_non_standard_column_labels_are_recognised(copy_example: Make) -> None:
    ds = copy_example(APS)
    ds.set(5, "kode_kabupaten_kota", "36.09")
    rows = ds.rows()
    rows[0][:3] = ["Kode Kab/Kota", "Nama Kab/Kota", "Tahun"]
    ds.write_rows(rows)
    report = run(ds)
    assert summary(report) == [
        ("column-name-not-standard", 1, "Kode Kab/Kota"),
        ("column-name-not-standard", 1, "Nama Kab/Kota"),
        ("column-name-not-standard", 1, "Tahun"),
        ("unknown-reference-code", 5, "Kode Kab/Kota"),
    ]
    hints = sorted(f.hint("id") or "" for f in report.findings
                   if f.code == "column-name-not-standard")
    assert hints == ["Ganti judul kolom menjadi 'kode_kabupaten_kota'.",
                     "Ganti judul kolom menjadi 'nama_kabupaten_kota'.",
                     "Ganti judul kolom menjadi 'tahun'."]


def _xlsx(ds: Copy, cells: Callable[[int, list[str]], list[Any]],
          above: list[list[Any]] | None = None) -> Path:
    """Write the example's rows as an XLSX beside it, with its own sidecar metadata."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    for row in above or []:
        ws.append(row)
    for i, row in enumerate(ds.rows()):
        ws.append(row if i == 0 else cells(i + 1, row))
    target = ds.root / "aps.xlsx"
    wb.save(target)
    (ds.root / "aps.xlsx.metadata.yaml").write_text(
        ds.meta_path.read_text(encoding="utf-8"), encoding="utf-8")
    return target


def test_xlsx_with_a_title_row_and_numeric_cells(copy_example: Make) -> None:
    ds = copy_example(APS)

    def cells(row: int, values: list[str]) -> list[Any]:
        return [values[0], values[1], int(values[2]), values[3], float(values[4])]
    target = _xlsx(ds, cells, above=[["Angka Partisipasi Sekolah Banten"], []])
    report = run(target)
    assert summary(report) == [("leading-rows-skipped", 1, None)]
    assert only(report, "leading-rows-skipped").params["header"] == 3
    assert report.stats["tables"]["aps"]["sheet"] == "Data"


def test_xlsx_codes_typed_as_numbers(copy_example: Make) -> None:
    ds = copy_example(APS)

    def cells(row: int, values: list[str]) -> list[Any]:
        code: Any = int(values[0].replace(".", "")) if values[0] == "36.02" else values[0]
        return [code, values[1], int(values[2]), values[3], float(values[4])]
    report = run(_xlsx(ds, cells))
    assert summary(report) == [("code-format", 14, KK)]
    assert only(report, "code-format").params["rows"] == list(range(14, 26))


@pytest.mark.parametrize("declared", [True, False])
def test_every_error_is_reported_beyond_frictionless_default_limit(
        copy_example: Make, declared: bool) -> None:
    ds = copy_example(PENDUDUK)
    if not declared:
        ds.drop_schema()
    rows = ds.rows()
    ds.write_rows([rows[0]] + [[*r[:4], "n/a"] for r in rows[1:]] * 13)
    report = run(ds, checks=["table"])
    type_errors = [f for f in report.findings if f.code == "type-error"]
    assert len(type_errors) == 80 * 13 > 1000
    assert type_errors[-1].row_number == 80 * 13 + 1
    assert type_errors[0].hint("id") == (
        "kosongkan sel bila datanya tidak ada (jangan diisi tanda atau teks)")


def test_a_declared_delimiter_is_used_without_a_finding(copy_example: Make) -> None:
    ds = copy_example(PENDUDUK)
    ds.write_rows(ds.rows(), delimiter=";")
    ds.edit_meta(lambda m: m["resources"][0].update(dialect={"delimiter": ";"}))
    assert summary(run(ds)) == []
    ds.edit_meta(lambda m: m["resources"][0].update(dialect={"delimiter": ","}))
    # a wrong declaration is obeyed too: the whole header is one label
    assert ("incorrect-label", 1, "kode_kabupaten_kota") in summary(run(ds))


def test_a_header_with_blank_labels_is_still_the_header(copy_example: Make) -> None:
    ds = copy_example(APS)
    rows = ds.rows()
    rows[0][1] = rows[0][3] = ""
    ds.write_rows(rows)
    report = run(ds, checks=["table"])
    # named field2 and field4, as frictionless names unlabelled columns
    assert summary(report) == [("blank-label", 1, "field2"), ("blank-label", 1, "field4")]
