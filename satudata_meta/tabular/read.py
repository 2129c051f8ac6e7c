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
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from satudata_meta.findings import Finding
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


def _trim(raw_rows: list[tuple[int, list[str]]], where: Where, table: Table) -> None:
    """Split header and data, dropping leading and trailing blank rows and blank columns at
    the right edge (each reported once, as a warning; they are common Excel leftovers)."""
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
    body = raw_rows[start + 1:end]
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
    if end < len(raw_rows):
        first = raw_rows[end][0]
        table.findings.append(where.finding(
            "trailing-blank-rows", row_number=first,
            params={"count": len(raw_rows) - end, "first": first, "last": raw_rows[-1][0],
                    "span": span(first, raw_rows[-1][0])}))
    if dropped_columns or trimmed_rows:
        table.findings.append(where.finding(
            "trailing-blank-columns", params={"columns": dropped_columns, "rows": trimmed_rows}))


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


def read_xlsx(path: Path, where: Where, sheet: str | int | None = None) -> Table:
    """Read one sheet (the named one, else the first) of an XLSX workbook."""
    import openpyxl  # type: ignore[import-untyped]

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, TypeError, EOFError) as exc:
        raise where.unreadable({"id": f"berkas XLSX rusak atau bukan XLSX ({exc})",
                                "en": f"a broken XLSX file, or not XLSX ({exc})"}) from exc
    except Exception as exc:  # openpyxl raises many kinds on broken XML
        raise where.unreadable({"id": f"berkas XLSX rusak ({type(exc).__name__})",
                                "en": f"a broken XLSX file ({type(exc).__name__})"}) from exc
    try:
        names = workbook.sheetnames
        if sheet is None:
            ws = workbook.worksheets[0]
        elif isinstance(sheet, int) and 1 <= sheet <= len(names):
            ws = workbook.worksheets[sheet - 1]
        elif isinstance(sheet, str) and sheet in names:
            ws = workbook[sheet]
        else:
            raise where.unreadable({
                "id": f"lembar {sheet!r} tidak ada; yang ada: {', '.join(names)}",
                "en": f"no sheet {sheet!r}; the workbook has: {', '.join(names)}"})
        table = Table("xlsx", [], [], [], sheet=ws.title)
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()  # some tools write a wrong size; read every row
        raw_rows: list[tuple[int, list[str]]] = []
        try:
            for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
                if len(values) > MAX_COLUMNS:
                    values = values[:MAX_COLUMNS]
                raw_rows.append((number, [xlsx_text(v) for v in values]))
        except ReadError:
            raise
        except Exception as exc:
            raise where.unreadable({"id": f"lembar {ws.title!r} rusak ({type(exc).__name__})",
                                    "en": f"sheet {ws.title!r} is broken ({type(exc).__name__})"}
                                   ) from exc
    finally:
        workbook.close()
    if not raw_rows:
        raise where.unreadable({"id": f"lembar {table.sheet!r} kosong",
                                "en": f"sheet {table.sheet!r} is empty"})
    _trim(raw_rows, where, table)
    return table


def read_table(path: Path, fmt: str, where: Where, sheet: str | int | None = None,
               delimiter: str | None = None) -> Table:
    """Read a CSV or XLSX file; ``ReadError`` (a fatal finding) when it cannot be."""
    if not path.is_file():
        raise ReadError(where.finding("source-not-found", params={"source": where.file}))
    with path.open("rb") as fh:
        head = fh.read(8)
    if fmt in XLSX_FORMATS:
        if not head.startswith(b"PK\x03\x04"):
            raise where.unreadable({"id": "berkas .xlsx ini bukan XLSX (bukan arsip ZIP)",
                                    "en": "this .xlsx file is not XLSX (not a ZIP archive)"})
        return read_xlsx(path, where, sheet)
    return read_csv(path, where, "\t" if fmt == "tsv" and delimiter is None else delimiter)
