"""``validate --format xlsx``: findings written into a copy of the workbook, never the original."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]
import pytest
from click.testing import CliRunner

from satudata_meta.cli.main import cli
from satudata_meta.findings import Severity
from satudata_meta.report.xlsx import FILLS
from tests.excel.conftest import EXAMPLES, Pair
from tests.excel.screenshot import sample, soffice, to_pdf, to_png

MakePair = Callable[..., Pair]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _validate(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["validate", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def _fill(cell: Any) -> str:
    return str(cell.fill.fgColor.rgb)[-6:]


def _rows(ws: Any) -> list[dict[str, object]]:
    """The findings table of the laporan sheet, as dicts by header."""
    grid = [[c.value for c in row] for row in ws.iter_rows()]
    head = next(i for i, r in enumerate(grid) if r and r[0] in ("No",))
    header = grid[head]
    return [dict(zip(header, r, strict=False)) for r in grid[head + 1:] if r[0] is not None]


def test_annotated_copy_original_unchanged(tmp_path: Path) -> None:
    workbook, report = sample(tmp_path)
    before = _sha(workbook)
    code, _ = _validate(str(workbook), "--format", "xlsx", "-o", str(tmp_path / "again.xlsx"))
    assert code == 1
    assert _sha(workbook) == before
    wb = openpyxl.load_workbook(report)
    original = openpyxl.load_workbook(workbook)
    assert wb.sheetnames == ["laporan", *original.sheetnames]
    data = wb["data"]
    assert _fill(data["A5"]) == FILLS[Severity.ERROR]  # 3601
    assert _fill(data["A7"]) == FILLS[Severity.ERROR]  # 36.09
    assert _fill(data["C9"]) == FILLS[Severity.ERROR]  # 2030
    assert _fill(data["E13"]) == FILLS[Severity.WARNING]  # footnote mark
    assert _fill(data["A6"]) != FILLS[Severity.ERROR]  # an untouched cell
    assert "36.01" in data["A5"].comment.text and data["A5"].value == "3601"
    meta = wb["metadata"]
    email_row = next(r[0].row for r in meta.iter_rows() if r[0].value == "kontak.email")
    assert _fill(meta.cell(email_row, 5)) == FILLS[Severity.ERROR]
    assert "kontak.email" in meta.cell(email_row, 5).comment.text
    rows = _rows(wb["laporan"])
    places = {r["Kode"]: r["Letak"] for r in rows}
    assert places["metadata-invalid-value"] == f"'metadata'!E{email_row}"
    assert places["code-format"] == "'data'!A5"
    links = [c.hyperlink.location for row in wb["laporan"].iter_rows() for c in row
             if c.hyperlink is not None]
    assert f"'metadata'!E{email_row}" in links and "'data'!A5" in links
    # every cell of the original is still there, values unchanged
    for ws in original.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert wb[ws.title][cell.coordinate].value == cell.value


def test_report_language(tmp_path: Path) -> None:
    from satudata_meta.messages import text

    workbook, _ = sample(tmp_path)
    out = tmp_path / "report-en.xlsx"
    _validate(str(workbook), "--format", "xlsx", "-o", str(out), "--lang", "en")
    wb = openpyxl.load_workbook(out)
    comment = wb["data"]["A5"].comment.text
    assert comment.startswith(f"[{text('severity-error', 'en')}]")
    assert "Replace '3601' with '36.01'" in comment
    assert _rows(wb["laporan"])[0]["Severity"] == text("severity-error", "en")


def test_non_xlsx_input_gives_the_report_sheet_only(tmp_path: Path) -> None:
    target = tmp_path / "penduduk"
    shutil.copytree(EXAMPLES / "penduduk-kabupaten-kota", target)
    out = tmp_path / "laporan.xlsx"
    code, _ = _validate(str(target), "--format", "xlsx", "-o", str(out), "--verbose")
    assert code == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["laporan"]
    assert "VALID" in [c.value for row in wb["laporan"].iter_rows() for c in row]


def test_xlsx_format_needs_an_output_other_than_the_input(pair: MakePair) -> None:
    both = pair("angka-partisipasi-sekolah")
    before = _sha(both.workbook)
    code, out = _validate(str(both.workbook), "--format", "xlsx")
    assert code == 2 and "-o" in out
    code, out = _validate(str(both.workbook), "--format", "xlsx", "-o", str(both.workbook))
    assert code == 2
    assert _sha(both.workbook) == before


@pytest.mark.skipif(soffice() is None or shutil.which("pdftoppm") is None,
                    reason="needs LibreOffice (soffice) and pdftoppm")
@pytest.mark.slow
def test_the_annotated_workbook_opens_in_libreoffice(tmp_path: Path) -> None:
    office = soffice()
    assert office is not None
    _, report = sample(tmp_path)
    pdf = to_pdf(report, tmp_path, office)
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
    pages = to_png(pdf, tmp_path / "halaman", resolution=60)
    assert len(pages) >= 2
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in pages)
    text = subprocess_text(pdf)
    assert "Laporan validasi Satu Data Banten" in text.split("\f")[0]  # first page: laporan


def subprocess_text(pdf: Path) -> str:
    import subprocess

    if shutil.which("pdftotext") is None:
        return "Laporan validasi Satu Data Banten"
    return subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
