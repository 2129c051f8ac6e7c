"""The fast engine's reading: batches of text cells, exactly as the shared reader would give
them, without holding a large CSV file in memory.

A CSV file is read in blocks of bytes, split by Arrow's CSV parser without quoting: for
text without quotes, splitting on the delimiter and the line ends is all that Python's csv
module does, so the cells are the same. The lines holding a quote, and rows of an unexpected
width, go through the csv module itself (a block where a quoted cell spans lines, whole).
Decisions of the shared reader (``satudata_meta.tabular.read``) that depend on the start of
the file (encoding, delimiter, Excel's ``sep=`` line, title rows over the header) are taken on
the first rows with the shared reader's own functions; the ones that depend on the whole
file (trailing blank rows and columns, a notes block under the data, footnote marks) are
decided as the blocks go by, with the same rules (``tabular.blocks``).

What this reader does not reproduce (text that is not UTF-8, a second table under the first,
control characters, absurdly long lines) raises ``Fallback``: the engine then reads the file
with the shared reader, whole, and validates it with the same vectorised checks.
"""

from __future__ import annotations

import csv
import io
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from satudata_meta.findings import Finding
from satudata_meta.tabular import blocks
from satudata_meta.tabular.decode import MAGIC
from satudata_meta.tabular.dialect import Dialect, sniff, strip_sep_line
from satudata_meta.tabular.read import (
    DELIMITER_NAMES,
    MAX_BYTES,
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    NOTES_KINDS,
    Table,
    Where,
    _header_index,
    _last,
    span,
)

BLOCK_BYTES = 4 << 20  # a block of the file parsed at once
HEAD_BYTES = 1 << 20  # the first block read (the dialect is sniffed on it)
HEAD_ROWS = 200  # rows the shared reader looks at to find the header
# the first rows go through the csv module (header, title rows): this many bytes, and at
# least this many lines so that the header is found among the same rows as the shared reader
HEAD_PARSED = 64 << 10
HEAD_LINES = HEAD_ROWS
QUOTE_LINES = 1000  # lines with quotes in a block found from its bytes (more: from cells)
HELD_MAX = 100_000  # rows of one cell or none held back while a notes block may be starting
BATCH_ROWS = 250_000  # rows per batch of an in-memory table
# Python's str.strip() removes these; Rust's (and polars') whitespace lacks \x1c-\x1f only.
PY_WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
                 "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
_SEPARATORS = (b"\x1c", b"\x1d", b"\x1e", b"\x1f")
_FOOTNOTE_BYTES = (b"*", b")", *(c.encode() for c in "¹²³⁴⁵⁶⁷⁸⁹⁰"))
_CONTROL = bytes([*range(0x00, 0x09), *range(0x0e, 0x20), 0x7f])


def _footnote_bytes(data: bytes) -> bool:
    """Whether a block may hold a footnote mark (single bytes first: they are searched
    fast)."""
    if b"*" in data or b")" in data:
        return True
    return (b"\xc2" in data or b"\xe2" in data) and any(m in data for m in _FOOTNOTE_BYTES)


class Fallback(Exception):
    """The streaming reader cannot promise the shared reader's result for this file."""


def const(value: Any, n: int, dtype: Any = None) -> pl.Series:
    """A column of one value (made in Rust, not from a Python list)."""
    if dtype is None:
        dtype = pl.Boolean if isinstance(value, bool) else pl.UInt32
    return pl.repeat(value, n, dtype=dtype, eager=True)


def col(index: int) -> str:
    """The frame column of a table column."""
    return f"c{index}"


@dataclass
class Layout:
    """What the shared reader's ``Table`` says about a file, without its rows."""

    format: str
    header: list[str]
    header_row: int
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    rows: int = 0  # data rows, known once every batch has been read
    findings: list[Finding] = field(default_factory=list)  # reading findings, in order

    @property
    def width(self) -> int:
        return len(self.header)

    def row_number(self, index: int) -> int:
        """The physical row number of a data row (rows are numbered without gaps)."""
        return self.header_row + 1 + index


@dataclass
class Batch:
    """Consecutive data rows: ``frame`` has one text column per table column (``c0``...,
    null where the row has no cell) and ``_n``, the row's number of cells; ``extra`` keeps
    the cells of rows longer than the header (local index -> all cells)."""

    start: int
    frame: pl.DataFrame
    extra: dict[int, list[str]] = field(default_factory=dict)
    marks: dict[int, tuple[bool, int]] = field(default_factory=dict)  # trimmed?, data width

    @property
    def height(self) -> int:
        return self.frame.height


def merged(first: Batch, then: Batch) -> Batch:
    """Two consecutive batches as one."""
    shift = first.height
    return Batch(first.start, pl.concat([first.frame, then.frame]),
                 {**first.extra, **{i + shift: c for i, c in then.extra.items()}},
                 {**first.marks, **{i + shift: m for i, m in then.marks.items()}})


def frame_of(rows: list[list[str]], width: int, start: int) -> Batch:
    """A batch from rows of Python strings (the csv module's, or an in-memory table's)."""
    counts = [len(row) for row in rows]
    extra = {i: list(row) for i, (row, n) in enumerate(zip(rows, counts, strict=True))
             if n > width}
    shaped = [row if n == width else row[:width] if n > width else [*row, *[None] * (width - n)]
              for row, n in zip(rows, counts, strict=True)]
    columns: list[Any] = list(zip(*shaped, strict=True)) if shaped else [()] * width
    data: dict[str, Any] = {col(j): pl.Series(col(j), columns[j], dtype=pl.String)
                            for j in range(width)}
    data["_n"] = pl.Series("_n", counts, dtype=pl.UInt32)
    return Batch(start, pl.DataFrame(data), extra)


def table_batches(table: Table) -> Iterator[Batch]:
    """An in-memory table (XLSX, or a file the streaming reader handed back) in batches."""
    width = len(table.header)
    for start in range(0, len(table.rows), BATCH_ROWS):
        yield frame_of(table.rows[start:start + BATCH_ROWS], width, start)


def layout_of(table: Table) -> Layout:
    if table.row_numbers and any(n != table.header_row + 1 + i
                                 for i, n in enumerate(table.row_numbers)):
        raise Fallback("row numbers with gaps")
    return Layout(table.format, list(table.header), table.header_row, table.encoding,
                  table.delimiter, table.sheet, len(table.rows), list(table.findings))


# --- quotes ---------------------------------------------------------------------------------


def quote_lines(data: bytes) -> list[int] | None:
    """The indices of the lines of a block that hold a quote, found in its bytes (one pass,
    where searching the parsed cells takes one per column); None when the bytes cannot
    tell how Arrow numbers the lines (a carriage return ends a line too) or when most
    lines hold quotes."""
    if b"\r" in data:
        return None
    lines: list[int] = []
    line, start = 0, 0  # ``start`` begins line number ``line``
    while True:
        q = data.find(b'"', start)
        if q < 0:
            return lines
        line += data.count(b"\n", start, q)
        lines.append(line)
        if len(lines) > QUOTE_LINES:
            return None
        end = data.find(b"\n", q)
        if end < 0:
            return lines
        start, line = end + 1, line + 1


def ends_in_quotes(text: str, delimiter: str) -> bool:
    """Whether ``text`` (starting at a record's start) ends inside a quoted field, by the csv
    module's rules: a quote opens a field only where the field starts; inside, a doubled
    quote is a quote and a single one closes the field."""
    pos, n = 0, len(text)
    while True:
        q = text.find('"', pos)
        if q < 0:
            return False
        if q > 0 and text[q - 1] not in (delimiter, "\n", "\r"):
            pos = q + 1  # a quote inside an unquoted field is a character
            continue
        # a quoted field: find its closing quote
        pos = q + 1
        while True:
            close = text.find('"', pos)
            if close < 0:
                return True
            if close + 1 < n and text[close + 1] == '"':
                pos = close + 2
                continue
            pos = close + 1
            break


class CsvStream:
    """Batches of a CSV file (see the module docstring); ``layout`` is complete (rows,
    trailing findings) once ``batches`` is exhausted."""

    def __init__(self, path: Path, where: Where, delimiter: str | None) -> None:
        self.path = path
        self.where = where
        self.declared = delimiter if delimiter is not None and len(delimiter) == 1 else None
        self.layout = Layout("csv", [], 1)
        self.controls = 0
        self.chars = 0
        self.raw_width = 0  # cells of the header row as written (before trimming)
        self.labels = 0  # header labels up to the last non-blank one
        self.trimmed_rows = 0
        self.data_width = 0
        self.footnotes: dict[int, list[tuple[int, str, str]]] = {}
        self.footnote_counts: dict[int, int] = {}
        self.footnote_marks: dict[int, set[str]] = {}
        self.maybe_footnotes = False
        self.pool: Any = None
        self.header_raw: list[str] = []
        # rows of one filled cell or none after the last full row (see _hold)
        self._held: pl.DataFrame | None = None
        self._held_extra: dict[int, list[str]] = {}
        self._held_marks: dict[int, tuple[bool, int]] = {}
        self._last_full: list[str] | None = None
        self._emitted = 0
        self._trailing: Finding | None = None

    # -- reading blocks ending at a line end ------------------------------------------------
    _carry = b""

    def _read_block(self, fh: io.BufferedReader, size: int) -> bytes:
        """About ``size`` bytes ending after a line end (b"" at the end of the file)."""
        data = self._carry + fh.read(size)
        cut = data.rfind(b"\n")
        while cut < 0:
            more = fh.read(size)
            if not more:
                self._carry = b""
                return data
            data += more
            if len(data) > 4 * BLOCK_BYTES:
                raise Fallback("no line end")
            cut = data.rfind(b"\n")
        self._carry = data[cut + 1:]
        return data[:cut + 1]

    def _decode(self, data: bytes, count: bool = True) -> str:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise Fallback("not utf-8") from exc
        if count:
            self._count(data)
        return text

    def _count(self, data: bytes) -> None:
        """Control characters, which make the shared reader refuse a file as binary (for a
        file past the first block only their number matters, so bytes stand for chars)."""
        self.controls += len(data) - len(data.translate(None, _CONTROL))
        self.chars += len(data)

    def _head(self, fh: io.BufferedReader) -> list[tuple[int, list[str]]]:
        """Decide encoding and dialect on the first block; its rows (number, cells)."""
        size = self.path.stat().st_size
        if size > MAX_BYTES or size == 0:
            raise Fallback("size")  # the shared reader words the refusal
        data = self._read_block(fh, HEAD_BYTES)
        if any(data.startswith(m) for m, _ in MAGIC):
            raise Fallback("binary")
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise Fallback("utf-16")
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
            self.layout.encoding = "utf-8-sig"
            self.layout.findings.append(self.where.finding("utf8-bom"))
        else:
            self.layout.encoding = "utf-8"
        if not data.strip(b" \t\r\n\x1a"):
            raise Fallback("empty")
        while len(data) <= 65536 * 4 and not self._at_end(fh):  # the sniffer's sample
            data += self._read_block(fh, HEAD_BYTES)
        if b"\x00" in data[:65536]:
            raise Fallback("binary")
        text = self._decode(data, count=False)
        dialect = sniff(text)
        if self.declared is not None:
            dialect = Dialect(self.declared, dialect.sep_line and
                              dialect.delimiter == self.declared)
        self.layout.delimiter = dialect.delimiter
        offset = 0
        if dialect.sep_line:
            text = strip_sep_line(text)
            offset = 1
        if self.declared is None and (dialect.delimiter != "," or dialect.sep_line):
            self.layout.findings.append(self.where.finding("csv-dialect", params={
                "delimiter": DELIMITER_NAMES[dialect.delimiter], "sep_line": dialect.sep_line}))
        # The first rows go through the csv module; the rest back to the blocks (cut at a
        # line end outside quotes).
        cut = text.find("\n", HEAD_PARSED)
        lines = text.count("\n", 0, cut) if cut >= 0 else 0
        while cut >= 0 and lines < HEAD_LINES:
            cut = text.find("\n", cut + 1)
            lines += 1
        while cut >= 0 and ends_in_quotes(text[:cut + 1], dialect.delimiter):
            cut = text.find("\n", cut + 1)
        if cut >= 0:
            self._carry = text[cut + 1:].encode("utf-8") + self._carry
            text = text[:cut + 1]
        self._count(text.encode("utf-8"))
        while ends_in_quotes(text, dialect.delimiter):
            block = self._read_block(fh, HEAD_BYTES)
            if not block:
                break
            text += self._decode(block)
        return self._python_rows(text, offset)

    def _at_end(self, fh: io.BufferedReader) -> bool:
        if self._carry:
            return False
        peek = fh.peek(1)
        return not peek

    def _python_rows(self, text: str, first_number: int) -> list[tuple[int, list[str]]]:
        strip = PY_WHITESPACE if any(c in text for c in "\x1c\x1d\x1e\x1f") else None
        out: list[tuple[int, list[str]]] = []
        number = first_number
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=self.layout.delimiter or ",")
        try:
            for row in reader:
                number += 1
                if len(row) > MAX_COLUMNS or any(len(c) > MAX_CELL_CHARS for c in row):
                    raise Fallback("too wide")
                out.append((number, [c.strip(strip) for c in row]))
        except csv.Error as exc:
            raise Fallback("csv error") from exc
        return out

    def _blocks(self, fh: io.BufferedReader) -> Iterator[tuple[bytes, bool]]:
        """Blocks of bytes ending at a row's end; True when a block must go through the csv
        module (it holds a quote)."""
        delimiter = self.layout.delimiter or ","
        while True:
            data = self._read_block(fh, BLOCK_BYTES)
            if not data:
                return
            quoted = b'"' in data
            if quoted:
                while ends_in_quotes(data.decode("utf-8", "replace"), delimiter):
                    more = self._read_block(fh, BLOCK_BYTES)
                    if not more:
                        break
                    data += more
            self._check_long_lines(data)
            yield data, quoted

    @staticmethod
    def _check_long_lines(data: bytes) -> None:
        """A line longer than the shared reader accepts has a window of 1 MiB without a
        line end; such (broken) files are left to the shared reader."""
        window = MAX_CELL_CHARS
        for start in range(0, max(len(data) - window, 0) + 1, window):
            part = data[start:start + window]
            if len(part) == window and b"\n" not in part and b"\r" not in part:
                raise Fallback("long line")

    def _arrow_rows(self, data: bytes) -> tuple[pl.DataFrame, dict[int, list[str]], int]:
        """Parse a block without quotes: a frame of ``raw_width`` text columns, the rows of
        another width (local index -> cells), and the number of rows."""
        import pyarrow as pa  # type: ignore[import-untyped]
        import pyarrow.csv as pacsv  # type: ignore[import-untyped]

        if self.pool is None:
            # the C allocator gives memory back between blocks (Arrow's own pool keeps it)
            self.pool = pa.system_memory_pool()
        odd: dict[int, list[str]] = {}
        delimiter = self.layout.delimiter or ","

        def invalid(row: Any) -> str:
            odd[int(row.number) - 1] = row.text.split(delimiter) if row.text else []
            return "skip"

        names = [col(j) for j in range(self.raw_width)]
        try:
            table = pacsv.read_csv(
                pa.py_buffer(data),
                read_options=pacsv.ReadOptions(column_names=names, use_threads=False,
                                               block_size=len(data) + 1),
                parse_options=pacsv.ParseOptions(
                    delimiter=delimiter, quote_char=False, ignore_empty_lines=False,
                    invalid_row_handler=invalid),
                convert_options=pacsv.ConvertOptions(
                    column_types={n: pa.large_string() for n in names},
                    strings_can_be_null=False), memory_pool=self.pool)
        except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
            raise Fallback(f"arrow: {exc}") from exc
        self._count(data)
        frame = pl.from_arrow(table)
        assert isinstance(frame, pl.DataFrame)
        return frame, odd, frame.height + len(odd)

    # -- rows into batches ----------------------------------------------------------------
    def _set_header(self, raw_rows: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
        start = _header_index(raw_rows[:HEAD_ROWS])
        if start is None:
            raise Fallback("no header in the first block")
        skipped = [n for n, r in raw_rows[:start] if any(r)]
        if skipped:
            self.layout.findings.append(self.where.finding(
                "leading-rows-skipped", row_number=skipped[0],
                params={"count": len(skipped), "first": skipped[0], "last": skipped[-1],
                        "span": span(skipped[0], skipped[-1]), "header": raw_rows[start][0],
                        "text": " / ".join(next(c for c in r if c) for _, r in raw_rows[:start]
                                           if any(r))[:200]}))
        self.layout.header_row, header = raw_rows[start]
        self.header_raw = header
        self.raw_width = len(header)
        labels = len(header)
        while labels > 0 and not header[labels - 1]:
            labels -= 1
        self.labels = labels
        self.layout.header = header[:labels]
        return raw_rows[start + 1:]

    def _shape(self, frame: pl.DataFrame, odd: dict[int, list[str]], total: int,
               strip: str | None) -> Batch:
        """Rows of ``raw_width`` cells (frame) and of another width (odd) into one batch of
        ``labels`` columns, rows trimmed as the shared reader trims them."""
        width = self.labels
        if self.raw_width > width:
            beyond = frame.select(pl.any_horizontal(
                [pl.col(col(j)) != "" for j in range(width, self.raw_width)])).to_series()
            if beyond.any():
                raise Fallback("data under blank labels")
            frame = frame.select([col(j) for j in range(width)])
        frame = frame.with_columns(pl.lit(width, dtype=pl.UInt32).alias("_n"))
        extra: dict[int, list[str]] = {}
        marks: dict[int, tuple[bool, int]] = {}
        if odd:
            rows = []
            for i in sorted(odd):
                cells = [c.strip(strip) if strip else c.strip() for c in odd[i]]
                if len(cells) > MAX_COLUMNS:
                    raise Fallback("too wide")
                keep = max(_last(cells), min(len(cells), width))
                trimmed = len(cells) > keep and len(cells) > self.raw_width
                cells = cells[:keep]
                marks[i] = (trimmed, _last(cells))
                rows.append((i, cells))
            odd_batch = frame_of([c for _, c in rows], width, 0)
            positions = pl.Series("_pos", [i for i, _ in rows], dtype=pl.UInt32)
            regular = pl.int_range(0, total, dtype=pl.UInt32, eager=True)
            regular = regular.filter(~regular.is_in(positions.implode()))
            frame = pl.concat([
                frame.with_columns(regular.alias("_pos")),
                odd_batch.frame.with_columns(positions)]).sort("_pos").drop("_pos")
            local = {i: n for n, (i, _) in enumerate(rows)}
            extra = {i: odd_batch.extra[local[i]] for i in local if local[i] in odd_batch.extra}
        return Batch(0, frame, extra, marks)

    def _rows_batch(self, rows: list[list[str]]) -> Batch:
        width = self.labels
        shaped = []
        marks: dict[int, tuple[bool, int]] = {}
        for i, cells in enumerate(rows):
            keep = max(_last(cells), min(len(cells), width))
            trimmed = len(cells) > keep and len(cells) > self.raw_width
            cells = cells[:keep]
            if trimmed or len(cells) > width:
                marks[i] = (trimmed, _last(cells))
            shaped.append(cells)
        batch = frame_of(shaped, width, 0)
        batch.marks = marks
        if self.raw_width > width and any(len(c) > width for c in shaped):
            raise Fallback("data under blank labels")
        return batch

    # -- the stream -------------------------------------------------------------------------
    def batches(self) -> Iterator[Batch]:
        from concurrent.futures import Future, ThreadPoolExecutor

        with self.path.open("rb") as fh, ThreadPoolExecutor(1) as pool:
            body = self._set_header(self._head(fh))
            yield from self._hold(self._rows_batch([r for _, r in body]), final=False)
            # the next block is parsed (Arrow and polars release the GIL) while this one is
            # checked
            pending: Future[tuple[Batch, bytes]] | None = None
            for data, quoted in self._blocks(fh):
                future = pool.submit(self._parse, data, quoted)
                if pending is not None:
                    yield from self._after(*pending.result())
                pending = future
            if pending is not None:
                yield from self._after(*pending.result())
            yield from self._hold(None, final=True)
        self._finish()

    def _parse(self, data: bytes, quoted: bool) -> tuple[Batch, bytes]:
        strip = PY_WHITESPACE if any(s in data for s in _SEPARATORS) else None
        frame, odd, total = self._arrow_rows(data)
        if quoted:
            try:
                frame = self._requote(frame, odd, total, data)
            except Fallback:  # a quoted cell spans lines: the csv module reads the block
                rows = self._python_rows(self._decode(data), 0)
                return self._rows_batch([r for _, r in rows]), data
        frame = frame.with_columns(pl.col(pl.String).str.strip_chars(strip))
        return self._shape(frame, odd, total, strip), data

    def _requote(self, frame: pl.DataFrame, odd: dict[int, list[str]], total: int,
                 data: bytes) -> pl.DataFrame:
        """Rows holding a quote, split by Arrow without quoting, read again by the csv
        module: their line is their cells joined by the delimiter (nothing was unquoted),
        so the csv module sees exactly the line of the file. Moved into ``odd``."""
        delimiter = self.layout.delimiter or ","
        names = frame.columns
        lines = quote_lines(data)
        if lines is not None:  # a frame row is a line that is not odd
            skipped = sorted(odd)
            rows = [n - bisect_left(skipped, n) for n in lines if n not in odd]
            quotes = const(False, frame.height)
            if rows:
                quotes = quotes.scatter(rows, True)
        else:
            quotes = frame.select(pl.any_horizontal(
                [pl.col(n).str.contains('"', literal=True) for n in names])).to_series() if (
                names) else const(False, frame.height)
        for i, cells in list(odd.items()):
            if any('"' in c for c in cells):
                odd[i] = self._csv_line(delimiter.join(cells), delimiter)
        if not quotes.any():
            return frame
        regular = pl.int_range(0, total, dtype=pl.UInt32, eager=True)
        if odd:
            regular = regular.filter(~regular.is_in(pl.Series(list(odd), dtype=pl.UInt32)
                                                    .implode()))
        for i, values in zip(regular.filter(quotes).to_list(),
                             frame.filter(quotes).iter_rows(), strict=True):
            odd[i] = self._csv_line(delimiter.join(values), delimiter)
        return frame.filter(~quotes)

    @staticmethod
    def _csv_line(line: str, delimiter: str) -> list[str]:
        if ends_in_quotes(line, delimiter):
            raise Fallback("a quoted cell over several lines")
        found = list(csv.reader(io.StringIO(line, newline=""), delimiter=delimiter))
        if len(found) != 1:
            raise Fallback("a line the csv module reads as several rows")
        return found[0]

    def _after(self, batch: Batch, data: bytes) -> Iterator[Batch]:
        if not self.maybe_footnotes and _footnote_bytes(data):
            self.maybe_footnotes = True
        yield from self._hold(batch, final=False)

    def _filled(self, frame: pl.DataFrame) -> pl.Series:
        cells = [((pl.col(col(j)).is_not_null()) & (pl.col(col(j)) != "")).cast(pl.UInt32)
                 for j in range(self.labels)]
        if not cells:
            return const(0, frame.height, pl.UInt32)
        return frame.select(pl.sum_horizontal(cells).alias("filled")).to_series()

    def _hold(self, batch: Batch | None, final: bool) -> Iterator[Batch]:
        if batch is not None:
            filled = self._filled(batch.frame)
            for i, cells in batch.extra.items():  # cells beyond the labels count too
                filled[i] = sum(1 for c in cells if c)
            self._check_titles(batch, filled)
            # a notes block needs a table of two columns or more; in a one-column table
            # only blank rows may be left over at the end
            full = (filled >= (2 if _last(self.header_raw) >= 2 else 1)).arg_true()
            if batch.frame.height and full.len():
                cut = int(full[-1]) + 1
                out_frame = batch.frame.slice(0, cut)
                extra = {i: c for i, c in batch.extra.items() if i < cut}
                marks = {i: m for i, m in batch.marks.items() if i < cut}
                if self._held is not None:
                    shift = self._held.height
                    out_frame = pl.concat([self._held, out_frame])
                    extra = {**self._held_extra, **{i + shift: c for i, c in extra.items()}}
                    marks = {**self._held_marks, **{i + shift: m for i, m in marks.items()}}
                last = out_frame.height - 1  # its cells beyond the labels count too
                self._last_full = extra.get(last) or [
                    c for c in out_frame.row(last)[:self.labels] if c is not None]
                held = batch.frame.slice(cut)
                self._held = held if held.height else None
                self._held_extra = {i - cut: c for i, c in batch.extra.items() if i >= cut}
                self._held_marks = {i - cut: m for i, m in batch.marks.items() if i >= cut}
                yield self._emit(out_frame, extra, marks)
            elif batch.frame.height:
                shift = self._held.height if self._held is not None else 0
                self._held = batch.frame if self._held is None else pl.concat(
                    [self._held, batch.frame])
                self._held_extra.update({i + shift: c for i, c in batch.extra.items()})
                self._held_marks.update({i + shift: m for i, m in batch.marks.items()})
                if self._held.height > HELD_MAX:
                    raise Fallback("many single-cell rows")
        if final:
            yield from self._end()

    def _check_titles(self, batch: Batch, filled: pl.Series) -> None:
        """A second table's title ("Tabel 3.2 ...") in a row of its own ends the shared
        reader's table wherever it stands; such (rare) files are handed back."""
        single = (filled == 1).arg_true().to_list()
        for i in single:
            text = next((c for c in batch.frame.row(i)[:self.labels] if c), "")
            if blocks.TABLE_TITLE.match(text):
                raise Fallback("second table")

    def _emit(self, frame: pl.DataFrame, extra: dict[int, list[str]],
              marks: dict[int, tuple[bool, int]]) -> Batch:
        """Rows that are data for sure: their trimming counts, footnotes come off."""
        for trimmed, last in marks.values():
            self.trimmed_rows += trimmed
            self.data_width = max(self.data_width, last)
        batch = Batch(self._emitted, frame, extra)
        if self.maybe_footnotes:
            batch = self._footnotes(batch)
        self._emitted += frame.height
        return batch

    def _end(self) -> Iterator[Batch]:
        """The held rows at the end of the file: data, a notes block, trailing blank rows."""
        held = self._held
        if held is None or held.height == 0:
            return
        rows: list[list[str]] = []
        for i, values in enumerate(held.iter_rows()):
            cells = [c for c in values[:self.labels] if c is not None]
            rows.append(self._held_extra.get(i, cells))
        end = len(rows)
        while end > 0 and not any(rows[end - 1]):
            end -= 1
        base = [self._last_full] if self._last_full is not None else []
        notes = blocks.find_notes(base + rows[:end], _last(self.header_raw))
        first_trailing = self.layout.row_number(self._emitted + end)
        data_rows = end
        if notes is not None and notes.index >= len(base):
            index, text_index = notes.index - len(base), notes.text_index - len(base)
            number = self.layout.row_number
            first = number(self._emitted + index)
            last = number(self._emitted + end - 1)
            previous = number(self._emitted + index - 1)
            self.layout.findings.append(self.where.finding(
                "notes-rows-skipped", row_number=number(self._emitted + text_index),
                params={"count": end - index, "first": first, "last": last,
                        "span": span(first, last), "kind": notes.kind,
                        "what": NOTES_KINDS[notes.kind],
                        "text": blocks.first_text(rows[text_index])[:200],
                        "data_end": previous}))
            data_rows = index
            self._trailing = None
        elif notes is not None:
            raise Fallback("notes block before the held rows")
        elif end < len(rows):
            last_number = self.layout.row_number(self._emitted + len(rows) - 1)
            self._trailing = self.where.finding(
                "trailing-blank-rows", row_number=first_trailing,
                params={"count": len(rows) - end, "first": first_trailing, "last": last_number,
                        "span": span(first_trailing, last_number)})
        if data_rows:
            extra = {i: c for i, c in self._held_extra.items() if i < data_rows}
            marks = {i: m for i, m in self._held_marks.items() if i < data_rows}
            yield self._emit(held.slice(0, data_rows), extra, marks)

    def _footnotes(self, batch: Batch) -> Batch:
        """Remove footnote marks from numbers (``blocks.footnote`` decides), as the shared
        reader does after trimming; the findings are made at the end."""
        frame = batch.frame
        changes = []
        for j in range(self.labels):
            name = col(j)
            candidates = frame.select(pl.col(name).filter(
                pl.col(name).str.contains(r"^[-+]?\d") & ~pl.col(name).str.contains(r"\d$")
            ).unique()).to_series().to_list()
            mapping = {}
            for value in candidates:
                parsed = blocks.footnote(value)
                if parsed is not None:
                    mapping[value] = parsed
            if not mapping:
                continue
            hits = frame.with_row_index("_i").filter(pl.col(name).is_in(list(mapping)))
            found = self.footnotes.setdefault(j, [])
            for i, value in zip(hits["_i"].to_list(), hits[name].to_list(), strict=True):
                if len(found) < blocks.ROWS_KEPT:
                    found.append((batch.start + i, value, mapping[value][0]))
                self.footnote_counts[j] = self.footnote_counts.get(j, 0) + 1
                self.footnote_marks.setdefault(j, set()).add(mapping[value][1])
            changes.append(pl.col(name).replace({k: v[0] for k, v in mapping.items()}))
        if changes:
            frame = frame.with_columns(changes)
        return Batch(batch.start, frame, batch.extra)

    def _finish(self) -> None:
        """The findings only the whole file decides, in the shared reader's order."""
        self.layout.rows = self._emitted
        if self.controls > 10 or self.controls > self.chars * 0.01:
            raise Fallback("control characters")
        if self._trailing is not None:
            self.layout.findings.append(self._trailing)
        width = max(self.labels, min(self.data_width, self.raw_width))
        if width != self.labels:
            raise Fallback("data under blank labels")
        dropped = self.raw_width - width
        if dropped or self.trimmed_rows:
            self.layout.findings.append(self.where.finding(
                "trailing-blank-columns", params={"columns": dropped,
                                                  "rows": self.trimmed_rows}))
        for j in sorted(self.footnotes):
            cells = self.footnotes[j]
            label = self.layout.header[j] if j < len(self.layout.header) else str(j + 1)
            rows = [self.layout.row_number(r) for r, _, _ in cells]
            count = self.footnote_counts[j]
            self.layout.findings.append(self.where.finding(
                "footnote-marker", row_number=rows[0], field_name=label, field_number=j + 1,
                cell=cells[0][1],
                params={"field": label, "example": cells[0][1], "read": cells[0][2],
                        "marks": " ".join(sorted(self.footnote_marks[j])), "count": count,
                        "rows": rows[:blocks.ROWS_KEPT],
                        "at": blocks.rows_text(Rows(rows, count))}))


class Rows(list[int]):
    """Row numbers of a group: the first ``blocks.ROWS_KEPT`` of them, and (as its length)
    how many there are, which is all ``rows_text`` and the findings' ``count`` read."""

    def __init__(self, numbers: list[int] | None = None, total: int | None = None) -> None:
        super().__init__()
        self.total = 0
        if numbers is not None:
            self.add(numbers)
            if total is not None:
                self.total = total

    def add(self, numbers: list[int]) -> None:
        room = blocks.ROWS_KEPT - list.__len__(self)
        if room > 0:
            self.extend(numbers[:room])
        self.total += len(numbers)

    def __len__(self) -> int:
        return self.total
