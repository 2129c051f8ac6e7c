"""Read one resource's file into rows of text, the way a person sees it in Excel.

Row numbers are physical: the header is row 1 (or the row after Excel's ``sep=`` line or
leading blank rows), a CSV record that spans lines counts once, an XLSX row keeps its sheet
number. That is how frictionless numbers rows too, so every layer points at the same row.
Cells are text with surrounding spaces removed (including Excel's non-breaking spaces); XLSX
numbers are written in machine form (3603.0 -> "3603", 36.1 -> "36.1").
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from satudata_meta.findings import Finding
from satudata_meta.tabular import blocks
from satudata_meta.tabular.decode import DecodeError, decode
from satudata_meta.tabular.dialect import Dialect, sniff, strip_sep_line

CSV_FORMATS = ("csv", "tsv", "txt")
XLSX_FORMATS = ("xlsx", "xlsm")
# A cell longer than this, or a header wider than this, is not a data table.
MAX_CELL_CHARS = 1_000_000
MAX_LINE_CHARS = 2_000_000
MAX_COLUMNS = 2000
MAX_BYTES = 1024 * 1024 * 1024  # files above 1 GiB are refused rather than read into memory

csv.field_size_limit(MAX_CELL_CHARS)

DELIMITER_NAMES = {
    ",": {"id": "koma (,)", "en": "comma (,)"},
    ";": {"id": "titik koma (;)", "en": "semicolon (;)"},
    "\t": {"id": "tab", "en": "tab"},
    "|": {"id": "garis tegak (|)", "en": "pipe (|)"},
}


@dataclass
class Table:
    """A table as read: header labels, data rows of text, and their physical row numbers."""

    format: str  # csv | xlsx
    header: list[str]
    rows: list[list[str]]
    row_numbers: list[int]
    header_row: int = 1
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    findings: list[Finding] = field(default_factory=list)  # what reading had to interpret

    def column(self, index: int) -> list[str]:
        return [row[index] if index < len(row) else "" for row in self.rows]


class ReadError(Exception):
    """The file cannot be read as a table; ``finding`` is fatal (exit code 2)."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message("en"))
        self.finding = finding


@dataclass(frozen=True)
class Where:
    """How findings name the file: its path as the user sees it, and the resource."""

    file: str
    resource: str | None = None

    def finding(self, code: str, **kwargs: Any) -> Finding:
        return Finding.of(code, file=self.file, resource=self.resource, **kwargs)

    def unreadable(self, reason: dict[str, str]) -> ReadError:
        return ReadError(self.finding("source-unreadable",
                                      params={"source": self.file, "reason": reason}))


def _blank(row: list[str]) -> bool:
    return not any(row)


NOTES_KINDS = {
    "notes": {"id": "catatan atau sumber", "en": "notes or a source line"},
    "table": {"id": "judul tabel berikutnya", "en": "the title of another table"},
}
# A two-row header, combined: (labels, rows it took, the finding saying so).
Combined = tuple[list[str], int, Finding]
Combiner = Callable[[list[tuple[int, list[str]]], int], Combined | None]


def _trim(raw_rows: list[tuple[int, list[str]]], where: Where, table: Table,
          combine: Combiner | None = None) -> None:
    """Split header and data, dropping leading and trailing blank rows, a notes block under
    the data and blank columns at the right edge (each reported once, as a warning; they
    are common Excel leftovers); remove footnote marks from numbers. ``combine`` may read
    the header from two rows (XLSX merged header cells)."""
    start = _header_index(raw_rows)
    if start is None:
        raise where.unreadable({"id": "tidak ada baris berisi (hanya baris kosong)",
                                "en": "no rows with content (only blank rows)"})
    skipped = [n for n, r in raw_rows[:start] if not _blank(r)]
    if skipped:
        table.findings.append(where.finding(
            "leading-rows-skipped", row_number=skipped[0],
            params={"count": len(skipped), "first": skipped[0], "last": skipped[-1],
                    "span": span(skipped[0], skipped[-1]), "header": raw_rows[start][0],
                    "text": " / ".join(next(c for c in r if c) for _, r in raw_rows[:start]
                                       if not _blank(r))[:200]}))
    end = len(raw_rows)
    while end > start + 1 and _blank(raw_rows[end - 1][1]):
        end -= 1
    table.header_row, header = raw_rows[start]
    header_rows = 1
    combined = combine(raw_rows, start) if combine is not None else None
    if combined is not None:
        header, header_rows, finding = combined
        table.findings.append(finding)
        end = max(end, start + header_rows)
    body = raw_rows[start + header_rows:end]
    notes = blocks.find_notes([r for _, r in body], _last(header))
    if notes is not None:
        first, text_row = body[notes.index][0], body[notes.text_index][0]
        last = raw_rows[end - 1][0]
        table.findings.append(where.finding(
            "notes-rows-skipped", row_number=text_row,
            params={"count": end - (start + header_rows + notes.index), "first": first,
                    "last": last, "span": span(first, last), "kind": notes.kind,
                    "what": NOTES_KINDS[notes.kind],
                    "text": blocks.first_text(body[notes.text_index][1])[:200],
                    "data_end": body[notes.index - 1][0]}))
        body = body[:notes.index]
    labels = len(header)
    while labels > 0 and not header[labels - 1]:
        labels -= 1
    data_width = max((_last(r) for _, r in body), default=0)
    width = max(labels, min(data_width, len(header)))  # blank labels stay over data only
    dropped_columns = len(header) - width
    table.header = header[:width]
    trimmed_rows = 0
    for number, row in body:
        keep = max(_last(row), min(len(row), width))
        if len(row) > keep:
            if len(row) > len(header):  # blank cells beyond even the blank labels
                trimmed_rows += 1
            row = row[:keep]
        table.rows.append(row)
        table.row_numbers.append(number)
    if end < len(raw_rows) and notes is None:
        first = raw_rows[end][0]
        table.findings.append(where.finding(
            "trailing-blank-rows", row_number=first,
            params={"count": len(raw_rows) - end, "first": first, "last": raw_rows[-1][0],
                    "span": span(first, raw_rows[-1][0])}))
    if dropped_columns or trimmed_rows:
        table.findings.append(where.finding(
            "trailing-blank-columns", params={"columns": dropped_columns, "rows": trimmed_rows}))
    _footnotes(table, where)


def _footnotes(table: Table, where: Where) -> None:
    """Remove footnote marks from numbers ("12.345*" -> "12.345"), one finding per column."""
    found: dict[int, list[tuple[int, str, str]]] = {}
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row[:len(table.header)]):  # extra cells are in no column
            if cell and cell[-1] not in "0123456789":
                parsed = blocks.footnote(cell)
                if parsed is not None:
                    found.setdefault(c, []).append((r, cell, parsed[1]))
                    row[c] = parsed[0]
    for c, cells in sorted(found.items()):
        label = table.header[c] if c < len(table.header) else str(c + 1)
        rows = [table.row_numbers[r] for r, _, _ in cells]
        marks = sorted({m for _, _, m in cells})
        table.findings.append(where.finding(
            "footnote-marker", row_number=rows[0], field_name=label, field_number=c + 1,
            cell=cells[0][1],
            params={"field": label, "example": cells[0][1], "read": table.rows[cells[0][0]][c],
                    "marks": " ".join(marks), "count": len(rows),
                    "rows": rows[:blocks.ROWS_KEPT], "at": blocks.rows_text(rows)}))


def span(first: int, last: int) -> dict[str, str]:
    """"baris 4" or "baris 4-9", in both languages."""
    if first == last:
        return {"id": f"baris {first}", "en": f"row {first}"}
    return {"id": f"baris {first}-{last}", "en": f"rows {first}-{last}"}


def _filled(row: list[str]) -> int:
    return sum(1 for c in row if c)


def _header_index(raw_rows: list[tuple[int, list[str]]]) -> int | None:
    """The index of the header row: the first row with two or more filled cells, when the
    table is wider than one column. Rows above it hold one cell at most: the title ("Jumlah
    Penduduk Banten 2023"), a note or nothing, as Excel users put them over a table."""
    filled = [(i, _filled(r)) for i, (_, r) in enumerate(raw_rows[:200]) if not _blank(r)]
    if not filled:
        return None
    widths = Counter(n for _, n in filled[:60])
    usual = max(widths.items(), key=lambda item: (item[1], item[0]))[0]
    if usual < 2:
        return filled[0][0]
    return next((i for i, n in filled if n >= 2), filled[0][0])


def _last(row: list[str]) -> int:
    """One past the last non-blank cell (0 for a blank row)."""
    for i in range(len(row) - 1, -1, -1):
        if row[i]:
            return i + 1
    return 0


def _clean(cell: str) -> str:
    return cell.strip()


def read_csv(path: Path, where: Where, delimiter: str | None = None) -> Table:
    """Decode, sniff and parse a CSV file (see the module docstring); a ``delimiter`` the
    resource declares is used as declared."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise where.unreadable({"id": f"berkas terlalu besar ({size // 2**20} MB)",
                                    "en": f"the file is too large ({size // 2**20} MB)"})
        data = path.read_bytes()
    except OSError as exc:
        raise where.unreadable({"id": exc.strerror or str(exc),
                                "en": exc.strerror or str(exc)}) from exc
    try:
        decoded = decode(data)
    except DecodeError as exc:
        raise where.unreadable(exc.reason) from exc
    table = Table("csv", [], [], [], encoding=decoded.encoding)
    if decoded.encoding == "utf-8-sig":
        table.findings.append(where.finding("utf8-bom"))
    elif decoded.encoding != "utf-8":
        table.findings.append(where.finding("non-utf8-encoding",
                                            params={"encoding": decoded.label}))
    dialect = sniff(decoded.text)
    declared = delimiter is not None and len(delimiter) == 1
    if declared:
        assert delimiter is not None
        dialect = Dialect(delimiter, dialect.sep_line and dialect.delimiter == delimiter)
    table.delimiter = dialect.delimiter
    text = decoded.text
    offset = 0
    if dialect.sep_line:
        text = strip_sep_line(text)
        offset = 1
    if not declared and (dialect.delimiter != "," or dialect.sep_line):
        table.findings.append(where.finding("csv-dialect", params={
            "delimiter": DELIMITER_NAMES[dialect.delimiter], "sep_line": dialect.sep_line}))
    _refuse_long_lines(text, where)
    raw_rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=dialect.delimiter)
    number = offset
    try:
        for row in reader:
            number += 1
            if len(row) > MAX_COLUMNS:
                raise where.unreadable({
                    "id": f"baris {number} punya {len(row)} kolom (lebih dari {MAX_COLUMNS}); "
                          "ini bukan tabel data",
                    "en": f"row {number} has {len(row)} columns (more than {MAX_COLUMNS}); "
                          "this is not a data table"})
            raw_rows.append((number, [_clean(c) for c in row]))
    except csv.Error as exc:
        line = reader.line_num
        raise where.unreadable({
            "id": f"baris {line} tidak dapat diurai sebagai CSV ({exc}); sel lebih dari "
                  f"{MAX_CELL_CHARS:,} karakter atau tanda kutip tidak ditutup",
            "en": f"line {line} cannot be parsed as CSV ({exc}); a cell longer than "
                  f"{MAX_CELL_CHARS:,} characters or an unclosed quote"}) from exc
    _trim(raw_rows, where, table)
    return table


def _refuse_long_lines(text: str, where: Where) -> None:
    """Refuse a line too long to be a table row before the CSV parser splits it (a 50 MB
    line of commas would otherwise become millions of cells in memory)."""
    if len(text) <= MAX_LINE_CHARS:
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) > MAX_LINE_CHARS:
            mb = len(line) / 1e6
            raise where.unreadable({
                "id": f"baris {number} panjangnya {mb:.1f} juta karakter; ini bukan tabel data "
                      "(mungkin seluruh isi berkas tanpa ganti baris)",
                "en": f"line {number} is {mb:.1f} million characters long; this is not a data "
                      "table (perhaps the whole file without line breaks)"})


def xlsx_text(value: Any) -> str:
    """An XLSX cell as the text a person sees, numbers in machine form."""
    kind = type(value)  # the readers' own types first: a million cells go through here
    if kind is str:
        return value.strip()  # type: ignore[no-any-return]
    if kind is float and math.isfinite(value):
        return str(int(value)) if value.is_integer() else repr(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return _clean(str(value))


def read_xlsx(path: Path, where: Where, sheet: str | int | None = None,
              reader: str | None = None) -> Table:
    """Read one sheet of an XLSX workbook: the named one, else the one holding the table
    (see ``satudata_meta.tabular.xlsx``); ``reader`` forces calamine or openpyxl."""
    from satudata_meta.tabular.xlsx import read_sheet

    return read_sheet(path, where, sheet, reader)


def read_table(path: Path, fmt: str, where: Where, sheet: str | int | None = None,
               delimiter: str | None = None, reader: str | None = None) -> Table:
    """Read a CSV or XLSX file; ``ReadError`` (a fatal finding) when it cannot be."""
    if not path.is_file():
        raise ReadError(where.finding("source-not-found", params={"source": where.file}))
    with path.open("rb") as fh:
        head = fh.read(8)
    if fmt in XLSX_FORMATS:
        if not head.startswith(b"PK\x03\x04"):
            raise where.unreadable({"id": "berkas .xlsx ini bukan XLSX (bukan arsip ZIP)",
                                    "en": "this .xlsx file is not XLSX (not a ZIP archive)"})
        return read_xlsx(path, where, sheet, reader)
    return read_csv(path, where, "\t" if fmt == "tsv" and delimiter is None else delimiter)
