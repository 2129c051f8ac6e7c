"""The report written back into a COPY of the officer's workbook.

When one XLSX dataset was validated (a dataset workbook, or an XLSX with a sidecar), the
copy keeps every sheet as it was; each cell a finding points at gets a fill colour for its
worst severity (red: error, yellow: warning, blue: info) and a comment holding the messages,
in the report's language. A ``laporan`` sheet, placed first, gives the verdict, the counts
and every finding with a link to its cell; a metadata finding links to the value cell of its
row on the metadata sheet. For any other input (CSV, data packages, several datasets) the
workbook holds the ``laporan`` sheet only. The original file is only ever read.

A finding of the content layer lists every row it applies to (``params.rows``); each of
those cells is marked. Findings without a cell (coverage, whole-file notes) are listed only.
Info findings are listed and marked only with ``--verbose``, as in the text report.
"""

from __future__ import annotations

import io
from collections import defaultdict
from pathlib import Path
from typing import Any

from satudata_meta.findings import DatasetReport, Finding, Report, Severity
from satudata_meta.messages import text

REPORT_SHEET = "laporan"
FILLS = {Severity.ERROR: "FFC7CE", Severity.WARNING: "FFEB9C", Severity.INFO: "DDEBF7"}
FONTS = {Severity.ERROR: "9C0006", Severity.WARNING: "7F6000", Severity.INFO: "1F4E79"}
_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
ROWS_MARKED = 1000  # cells marked per finding (a finding keeps at most as many rows)
COMMENT_CHARS = 1500

_UI: dict[str, dict[str, str]] = {
    "title": {"id": "Laporan validasi Satu Data Banten",
              "en": "Satu Data Banten validation report"},
    "source": {"id": "Berkas", "en": "File"},
    "verdict": {"id": "Hasil", "en": "Result"},
    "how": {"id": "Sel yang bermasalah diberi warna (merah = galat, kuning = peringatan, biru = "
                  "info) dan komentar berisi pesannya. Klik tautan di kolom 'Letak' untuk menuju "
                  "selnya. Perbaiki di berkas asli, lalu periksa lagi.",
            "en": "Cells with problems are coloured (red = error, yellow = warning, blue = info) "
                  "and carry a comment with the message. Click a link in the 'Place' column to "
                  "go to the cell. Fix the original file, then check it again."},
    "no": {"id": "No", "en": "No"},
    "severity": {"id": "Tingkat", "en": "Severity"},
    "code": {"id": "Kode", "en": "Code"},
    "sheet": {"id": "Lembar", "en": "Sheet"},
    "row": {"id": "Baris", "en": "Row"},
    "column": {"id": "Kolom", "en": "Column"},
    "message": {"id": "Pesan", "en": "Message"},
    "hint": {"id": "Saran", "en": "Hint"},
    "place": {"id": "Letak", "en": "Place"},
    "file": {"id": "Berkas", "en": "File"},
    "count": {"id": "Jumlah", "en": "Count"},
    "by_code": {"id": "Ringkasan per kode", "en": "Summary by code"},
    "findings": {"id": "Semua temuan", "en": "All findings"},
    "none": {"id": "Tidak ada temuan.", "en": "No findings."},
}


def _ui(key: str, lang: str) -> str:
    return _UI[key].get(lang, _UI[key]["id"])


def _same_file(a: str | None, b: Path) -> bool:
    if not a:
        return False
    try:
        return Path(a).resolve() == b.resolve()
    except OSError:
        return False


def _base(report: Report) -> Path | None:
    """The workbook to annotate a copy of: the one readable XLSX dataset, if that is all."""
    if len(report.datasets) != 1:
        return None
    ds = report.datasets[0]
    source = Path(ds.source)
    if source.suffix.lower() not in (".xlsx", ".xlsm") or not source.is_file() or not ds.readable:
        return None
    return source


def _sheet_of(ds: DatasetReport, f: Finding, workbook: Any) -> str | None:
    """The sheet a data finding points into: its own, the one the table layer read, or the
    workbook's first."""
    if f.sheet and f.sheet in workbook.sheetnames:
        return f.sheet
    tables = ds.stats.get("tables") if isinstance(ds.stats, dict) else None
    if isinstance(tables, dict) and f.resource and isinstance(tables.get(f.resource), dict):
        sheet = tables[f.resource].get("sheet")
        if isinstance(sheet, str) and sheet in workbook.sheetnames:
            return sheet
    return None


def _value_column(ws: Any) -> int:
    """The metadata sheet's ``isian`` column (1-based), found by its header."""
    from satudata_meta.excel.layout import find_header

    grid = [[c.value for c in row] for row in ws.iter_rows(max_row=20)]
    found = find_header(grid)
    return found[1]["isian"] + 1 if found else 5


def _cells(ds: DatasetReport, f: Finding, source: Path, workbook: Any
           ) -> list[tuple[str, int, int]]:
    """(sheet, row, column) of every cell a finding points at in the workbook."""
    sheet = f.sheet if f.sheet in workbook.sheetnames else None
    if f.resource is None and f.path is not None:
        if sheet is None or f.row_number is None:
            return []
        return [(sheet, f.row_number, _value_column(workbook[sheet]))]
    if not _same_file(f.file, source) or f.row_number is None:
        return []
    sheet = _sheet_of(ds, f, workbook)
    if sheet is None:
        return []
    column = f.field_number or 1
    rows = f.params.get("rows")
    numbers = [r for r in rows if isinstance(r, int)] if isinstance(rows, list) else []
    return [(sheet, r, column) for r in (numbers or [f.row_number])[:ROWS_MARKED]]


def _link(sheet: str, row: int, column: int) -> str:
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]

    quoted = "'" + sheet.replace("'", "''") + "'"
    return f"{quoted}!{get_column_letter(column)}{row}"


def _annotate(workbook: Any, marks: dict[tuple[str, int, int], list[Finding]], lang: str
              ) -> None:
    from openpyxl.comments import Comment  # type: ignore[import-untyped, unused-ignore]
    from openpyxl.styles import PatternFill  # type: ignore[import-untyped, unused-ignore]

    for (sheet, row, column), found in marks.items():
        worst = min((f.severity for f in found), key=_RANK.__getitem__)
        cell = workbook[sheet].cell(row, column)
        cell.fill = PatternFill("solid", fgColor=FILLS[worst], bgColor=FILLS[worst])
        lines = []
        for f in sorted(found, key=lambda f: _RANK[f.severity]):
            lines.append(f"[{text(f'severity-{f.severity.value}', lang)}] {f.message(lang)}")
            hint = f.hint(lang)
            if hint:
                lines.append(f"{text('hint', lang)}: {hint}")
        body = "\n".join(dict.fromkeys(lines))
        if len(body) > COMMENT_CHARS:
            body = body[:COMMENT_CHARS - 1] + "…"
        if cell.comment is not None:
            body = cell.comment.text + "\n---\n" + body
        comment = Comment(body, "satudata")
        comment.width, comment.height = 420, min(60 + 16 * (len(body) // 55 + 2), 480)
        cell.comment = comment


def _report_sheet(workbook: Any, report: Report, shown: list[tuple[DatasetReport, Finding]],
                  links: dict[int, tuple[str, int, int]], lang: str, hidden: int) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped, unused-ignore]
    from openpyxl.worksheet.hyperlink import Hyperlink  # type: ignore[import-untyped, unused-ignore]

    name = REPORT_SHEET
    while name in workbook.sheetnames:
        name += "_"
    ws = workbook.create_sheet(name, 0)
    workbook.active = 0
    for other in workbook.worksheets[1:]:
        other.sheet_view.tabSelected = False
    bold = Font(bold=True)
    ws.cell(1, 1, _ui("title", lang)).font = Font(bold=True, size=14, color="1F4E79")
    row = 3
    for ds in report.datasets:
        verdict = text("valid" if ds.valid else "invalid" if ds.readable else "unreadable",
                       lang)
        ws.cell(row, 2, _ui("source", lang)).font = bold
        ws.cell(row, 3, ds.source + (f" ({ds.id})" if ds.id else ""))
        ws.cell(row + 1, 2, _ui("verdict", lang)).font = bold
        cell = ws.cell(row + 1, 3, verdict)
        cell.font = Font(bold=True, color="067647" if ds.valid else "B42318")
        row += 2
    counts = report.counts()
    ws.cell(row, 2, text("summary", lang, datasets=len(report.datasets), errors=counts["error"],
                         warnings=counts["warning"], infos=counts["info"]))
    row += 1
    if hidden:
        ws.cell(row, 2, text("infos-hidden", lang, count=hidden)).font = Font(italic=True)
        row += 1
    ws.cell(row, 2, _ui("how", lang)).alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=6)
    ws.row_dimensions[row].height = 45
    row += 2
    by_code = report.by_code()
    if by_code:
        ws.cell(row, 2, _ui("by_code", lang)).font = bold
        ws.cell(row, 4, _ui("count", lang)).font = bold
        row += 1
        for code, n in by_code.items():
            ws.cell(row, 2, code)
            ws.cell(row, 4, n)
            row += 1
        row += 1
    ws.cell(row, 1, _ui("findings", lang)).font = bold
    row += 1
    columns = ["no", "severity", "code", "place", "message", "hint", "sheet", "row", "column"]
    if len(report.datasets) > 1 or not links:
        columns.append("file")
    head = row
    for col, key in enumerate(columns, start=1):
        cell = ws.cell(row, col, _ui(key, lang))
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
    wrap = Alignment(wrap_text=True, vertical="top")
    for i, (_ds, f) in enumerate(shown, start=1):
        row += 1
        target = links.get(i)
        values: dict[str, Any] = {
            "no": i, "severity": text(f"severity-{f.severity.value}", lang), "code": f.code,
            "file": f.file, "sheet": target[0] if target else f.sheet,
            "row": target[1] if target else f.row_number,
            "column": f.field_name or (f.path if f.resource is None else None),
            "message": f.message(lang), "hint": f.hint(lang),
            "place": _link(*target) if target else f.location(lang)}
        for col, key in enumerate(columns, start=1):
            cell = ws.cell(row, col, values[key])
            cell.alignment = wrap
            if key == "severity":
                cell.fill = PatternFill("solid", fgColor=FILLS[f.severity])
                cell.font = Font(color=FONTS[f.severity], bold=True)
            if key == "place" and target:
                cell.hyperlink = Hyperlink(ref=cell.coordinate, location=_link(*target),
                                           display=_link(*target))
                cell.font = Font(color="0563C1", underline="single")
        longest = max(len(str(values["message"])) / 70, len(str(values["hint"] or "")) / 36,
                      len(str(values["place"])) / 16)
        ws.row_dimensions[row].height = 15 * max(1, int(longest) + 1)
    if not shown:
        ws.cell(row + 1, 1, _ui("none", lang))
    widths = {"no": 5, "severity": 12, "code": 24, "place": 18, "file": 30, "sheet": 12,
              "row": 7, "column": 22, "message": 72, "hint": 38}
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]

    from satudata_meta.excel.layout import printable

    for col, key in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(col)].width = widths[key]
    ws.freeze_panes = ws.cell(head + 1, 1)
    if shown:
        ws.auto_filter.ref = f"A{head}:{get_column_letter(len(columns))}{row}"
    printable(ws)




def render(report: Report, *, lang: str = "id", verbose: bool = False,
           limit: int | None = None) -> bytes:
    """The XLSX report as bytes (see the module docstring)."""
    import openpyxl  # type: ignore[import-untyped, unused-ignore]

    source = _base(report)
    workbook = openpyxl.load_workbook(io.BytesIO(source.read_bytes())) if source else (
        openpyxl.Workbook())
    if source is None:
        workbook.remove(workbook.active)
    shown: list[tuple[DatasetReport, Finding]] = []
    hidden = 0
    for ds in report.datasets:
        for f in ds.findings:
            if f.severity is Severity.INFO and not verbose:
                hidden += 1
            elif limit is None or len(shown) < limit:
                shown.append((ds, f))
    marks: dict[tuple[str, int, int], list[Finding]] = defaultdict(list)
    links: dict[int, tuple[str, int, int]] = {}
    if source is not None:
        for i, (ds, f) in enumerate(shown, start=1):
            cells = _cells(ds, f, source, workbook)
            for cell in cells:
                marks[cell].append(f)
            if cells:
                links[i] = cells[0]
        _annotate(workbook, marks, lang)
    _report_sheet(workbook, report, shown, links, lang, hidden)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
