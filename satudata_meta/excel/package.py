"""An XLSX file as a ZIP package: refused when it would expand too far, and its sheets' layout.

Everything here runs BEFORE any spreadsheet library opens the file, because a few kilobytes
of XLSX can describe gigabytes of XML (a "zip bomb") or a grid of billions of cells (one cell
at XFD1048576). The limits below are checked on the ZIP directory and on a streaming scan of
the sheet's XML, never by loading it:

* ``MAX_UNCOMPRESSED``: the sum of the members' uncompressed sizes (512 MiB; a 100,000-row
  table of ten columns is about 40 MiB of XML);
* ``MAX_RATIO``: the compression ratio of any member above ``RATIO_FLOOR`` bytes and of the
  whole package (200; real sheets compress 5-50 times, bombs 1000 times and more);
* ``MAX_MEMBERS``: the number of members (10,000);
* ``MAX_CELLS``: the grid a sheet spans, rows x columns, as written in its cells' own
  references (20 million); ``MAX_ROWS`` and ``MAX_COLUMNS`` are Excel's own limits.

The scan also reports what a value reader does not: merged ranges, hidden rows and columns,
and whether sheets are hidden. Cell text never contains a raw ``<`` (XML escapes it), so the
regular expressions below only ever see markup.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO
from xml.etree import ElementTree
from xml.sax.saxutils import unescape

MAX_UNCOMPRESSED = 512 * 1024 * 1024
MAX_RATIO = 200
RATIO_FLOOR = 1024 * 1024  # small members may compress extremely well (repeated styles)
MAX_MEMBERS = 10_000
MAX_CELLS = 20_000_000
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
MAX_PART_BYTES = 16 * 1024 * 1024  # workbook.xml and its relationships, parsed as a tree
_CHUNK = 1 << 20
_CELL_MAX = 1 << 20  # an error cell's XML, formula included (Excel's formulas: 8,192 chars)

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"

_ROW_NUMBER = re.compile(rb"\br=\"(\d{1,9})\"")  # in a row tag's attributes
_HIDDEN = re.compile(rb"\bhidden=\"(?:1|true)\"")
_ERROR = b't="e"'  # an error cell's type: its value is the error's text ("#REF!")
_CELL_REF = re.compile(rb"\br=\"([A-Z]{1,3})(\d{1,7})\"")
_ANY_PREFIX = rb"(?:\w+:)?"
_PREFIX = re.compile(rb"<(\w+:)row\b")
# an error cell's tag (its attributes, "/" when it has no value), its end and its value
_ERROR_TAG = re.compile(rb"<(?:\w+:)?c\b([^>]*?\bt=\"e\"[^>]*?)(/?)>")
_CELL_END = re.compile(rb"</(?:\w+:)?c>")
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_MERGE = re.compile(
    rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Z]{1,3}\d{1,7}(?::[A-Z]{1,3}\d{1,7})?)\"")
_COL = re.compile(rb"<(?:\w+:)?col\b([^>]*)/?>")
_ATTR = re.compile(rb"\b(\w+)=\"([^\"]*)\"")
_REF = re.compile(r"^([A-Z]{1,3})(\d{1,7})$")


@dataclass(frozen=True)
class _Rows:
    """The row-tag patterns for one namespace prefix (``x:`` in ``<x:row>``): written out,
    a prefix lets the search jump from one candidate to the next in C, several times faster
    than allowing any prefix."""

    tag: re.Pattern[bytes]
    number: re.Pattern[bytes]  # a row tag's number


@lru_cache(maxsize=8)
def _rows(prefix: bytes) -> _Rows:
    p = re.escape(prefix) if prefix != _ANY_PREFIX else prefix
    return _Rows(re.compile(rb"<%srow\b" % p), re.compile(rb"<%srow\b[^>]*?\br=\"(\d{1,9})\"" % p))


def _rows_of(chunk: bytes) -> _Rows:
    """The row patterns for the chunk: none or its one prefix, or any prefix where row tags
    mix them (text never holds a ``<``, so only markup is counted here)."""
    if b":row" not in chunk:
        return _rows(b"")
    found = _PREFIX.search(chunk)
    if found is None or b"<row" in chunk:
        return _rows(_ANY_PREFIX)
    prefix = found.group(1)
    tags = chunk.count(b"<" + prefix + b"row") + chunk.count(b"</" + prefix + b"row>")
    return _rows(prefix) if tags == chunk.count(b":row") else _rows(_ANY_PREFIX)


class PackageError(Exception):
    """The file is refused or broken; ``reason`` is bilingual, ``limit`` says whether it
    was refused for size (a limit above) rather than for being broken."""

    def __init__(self, reason: dict[str, str], limit: bool = False) -> None:
        super().__init__(reason["en"])
        self.reason = reason
        self.limit = limit


def column_index(letters: str) -> int:
    """"A" -> 1, "AB" -> 28."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def column_letters(index: int) -> str:
    """1 -> "A", 28 -> "AB"."""
    out = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def parse_ref(ref: str) -> tuple[int, int]:
    """"B12" -> (12, 2): row and column, both 1-based."""
    found = _REF.match(ref)
    if not found:
        raise ValueError(ref)
    return int(found.group(2)), column_index(found.group(1))


@dataclass(frozen=True)
class Merge:
    """A merged range, 1-based and inclusive."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int

    def __contains__(self, cell: object) -> bool:
        if not isinstance(cell, tuple):
            return False
        row, col = cell
        return bool(self.first_row <= row <= self.last_row
                    and self.first_col <= col <= self.last_col)

    @property
    def ref(self) -> str:
        return (f"{column_letters(self.first_col)}{self.first_row}:"
                f"{column_letters(self.last_col)}{self.last_row}")


@dataclass(frozen=True)
class SheetEntry:
    name: str
    part: str  # the member holding its XML
    state: str = "visible"  # visible | hidden | veryHidden

    @property
    def visible(self) -> bool:
        return self.state == "visible"

    @property
    def worksheet(self) -> bool:
        """A sheet of cells (not a chart sheet or a dialog)."""
        return "/worksheets/" in "/" + self.part


@dataclass
class Layout:
    """What the scan of one sheet found: its real extent, merges, hidden rows and columns."""

    rows: int = 0  # last row holding a cell
    columns: int = 0  # last column holding a cell
    merges: list[Merge] = field(default_factory=list)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)
    # (row, column), 1-based -> the text of an error cell ("#REF!", "#N/A"): calamine reads
    # such a cell as empty, Excel shows the text
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    unplaced_errors: bool = False  # an error cell without its reference (``r``)


def _mb(n: int) -> str:
    return f"{n / 2**20:,.0f} MB"


def _refuse(id_text: str, en_text: str) -> PackageError:
    return PackageError({"id": id_text, "en": en_text}, limit=True)


def _broken(exc: Exception) -> PackageError:
    return PackageError({"id": f"berkas XLSX rusak atau bukan XLSX ({exc})",
                         "en": f"a broken XLSX file, or not XLSX ({exc})"})


@dataclass
class Package:
    """An XLSX file whose ZIP directory passed the limits; its sheets in workbook order."""

    path: Path
    sheets: list[SheetEntry]
    sizes: dict[str, int]

    def sheet(self, name: str) -> SheetEntry | None:
        return next((s for s in self.sheets if s.name == name), None)

    def scan(self, sheet: SheetEntry) -> Layout:
        """The sheet's layout, refusing a grid larger than ``MAX_CELLS``."""
        layout = Layout()
        counted = 0  # rows seen so far (for rows written without their number)
        widest = b""
        carry = b""  # an error cell cut at the end of a chunk
        try:
            with zipfile.ZipFile(self.path) as archive, archive.open(sheet.part) as fh:
                for chunk in _chunks(fh):
                    # Searches in C over the whole chunk; Python sees each row tag only in
                    # chunks that mention "hidden", and the rare tags that matter (merges,
                    # columns) only in chunks that hold their names. The widest cell
                    # reference is found by asking for a wider one until there is none,
                    # never by listing every cell.
                    rows = _rows_of(chunk)
                    plain = b"hidden" not in chunk
                    if plain:
                        counted += len(rows.tag.findall(chunk))
                        numbers = rows.number.findall(chunk)
                        layout.rows = max([layout.rows, *map(int, numbers)])
                    for found in () if plain else rows.tag.finditer(chunk):
                        counted += 1
                        end = chunk.find(b">", found.end())
                        attrs = chunk[found.end():end if end >= 0 else len(chunk)]
                        number = _ROW_NUMBER.search(attrs)
                        if number is not None:
                            layout.rows = max(layout.rows, int(number.group(1)))
                        if end >= 0 and b"hidden" in attrs and _HIDDEN.search(attrs):
                            given = dict(_ATTR.findall(attrs)).get(b"r", b"")
                            layout.hidden_rows.add(int(given) if given.isdigit() else counted)
                    if carry or _ERROR in chunk:
                        carry = _error_cells(carry + chunk, layout)
                    wider = _wider_than(widest).search(chunk)
                    while wider is not None:
                        widest = wider.group(1)
                        wider = _wider_than(widest).search(chunk, wider.start())
                    for found in (_MERGE.finditer(chunk) if b"mergeCell" in chunk else ()):
                        layout.merges.append(_merge(found.group(1).decode()))
                    cols = b"<col" in chunk or b":col" in chunk
                    for found in (_COL.finditer(chunk) if cols else ()):
                        col = dict(_ATTR.findall(found.group(1)))
                        if col.get(b"hidden") in (b"1", b"true"):
                            low = int(col.get(b"min", b"0") or 0)
                            high = int(col.get(b"max", b"0") or 0)
                            if 0 < low <= high <= MAX_COLUMNS:
                                layout.hidden_columns.update(range(low, high + 1))
            layout.rows = max(layout.rows, counted)
            layout.columns = column_index(widest.decode()) if widest else 0
        except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError) as exc:
            raise _broken(exc) from exc
        cells = layout.rows * layout.columns
        if layout.rows > MAX_ROWS or layout.columns > MAX_COLUMNS or cells > MAX_CELLS:
            last = f"{column_letters(layout.columns)}{layout.rows}"
            raise _refuse(
                f"lembar {sheet.name!r} membentang sampai sel {last} ({cells:,} sel, batas "
                f"{MAX_CELLS:,}); berkas ditolak sebelum dibuka agar komputer tidak kehabisan "
                "memori. Hapus isi atau format sel yang jauh di luar tabel, lalu simpan ulang",
                f"sheet {sheet.name!r} reaches cell {last} ({cells:,} cells, limit "
                f"{MAX_CELLS:,}); the file is refused before it is opened so the computer does "
                "not run out of memory. Clear the content or formatting of cells far outside "
                "the table and save again")
        layout.hidden_columns = {c for c in layout.hidden_columns if c <= layout.columns}
        return layout


def _error_cells(text: bytes, layout: Layout) -> bytes:
    """Put the error cells of ``text`` into ``layout.errors``; returns the error cell whose
    end is not in ``text`` yet (chunks end before a ``<``, not after a cell), to be read
    with the next chunk. Found from each ``t="e"`` in C, so the cost follows the error
    cells, not the chunk; one inside a formula's text is not in a cell's tag."""
    at = text.find(_ERROR)
    while at >= 0:
        start = text.rfind(b"<", 0, at)
        tag = _ERROR_TAG.match(text, start) if start >= 0 else None
        if tag is None or tag.end() <= at:
            at = text.find(_ERROR, at + 1)
            continue
        after = tag.end()
        if not tag.group(2):  # <c t="e"/> has no value
            end = _CELL_END.search(text, after)
            if end is None:
                cut = text[start:]
                return cut if len(cut) < _CELL_MAX else b""  # no real cell is that long
            value = _VALUE.search(text, after, end.start())
            if value is not None:
                _place_error(tag.group(1), value.group(1), layout)
            after = end.end()
        at = text.find(_ERROR, after)
    return b""


def _place_error(attrs: bytes, value: bytes, layout: Layout) -> None:
    ref = _CELL_REF.search(attrs)
    if ref is None:  # its place is its position among the row's cells: not counted here
        layout.unplaced_errors = True
        return
    row, col = int(ref.group(2)), column_index(ref.group(1).decode())
    if row <= MAX_ROWS and col <= MAX_COLUMNS:
        text = value.decode("utf-8", "replace")
        layout.errors[(row, col)] = unescape(text) if "&" in text else text


@lru_cache(maxsize=512)
def _wider_than(widest: bytes) -> re.Pattern[bytes]:
    """A cell reference (``r="AB12"``; only cells have a letters-then-digits ``r``) whose
    letters come after ``widest`` in column order: more letters, or as many and later."""
    n = len(widest)
    options = [rb"[A-Z]{%d,4}" % (n + 1)] if n < 4 else []
    for i in range(n):
        after = widest[i] + 1
        if after <= ord("Z"):
            options.append(re.escape(widest[:i]) + rb"[%c-Z]" % after
                           + (rb"[A-Z]{%d}" % (n - 1 - i) if n - 1 - i else b""))
    # the literal first lets the search skip ahead; the look-behind is the word boundary
    return re.compile(rb"r=\"(?<!\wr=\")(" + (b"|".join(options) or rb"(?!)") + rb")\d")


def _merge(ref: str) -> Merge:
    first, _, last = ref.partition(":")
    r1, c1 = parse_ref(first)
    r2, c2 = parse_ref(last or first)
    return Merge(min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2))


def _chunks(fh: IO[bytes]) -> Iterator[bytes]:
    """The member in chunks that never split a tag (each ends before the last ``<``)."""
    carry = b""
    while True:
        block = fh.read(_CHUNK)
        if not block:
            if carry:
                yield carry
            return
        data = carry + block
        cut = data.rfind(b"<")
        if cut <= 0:
            carry = data
            continue
        yield data[:cut]
        carry = data[cut:]


def _check_directory(archive: zipfile.ZipFile) -> dict[str, int]:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _refuse(f"arsip berisi {len(infos):,} bagian (batas {MAX_MEMBERS:,})",
                      f"the archive holds {len(infos):,} parts (limit {MAX_MEMBERS:,})")
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        raise _refuse(
            f"isinya mengembang menjadi {_mb(total)} saat dibuka (batas "
            f"{_mb(MAX_UNCOMPRESSED)}); pecah datanya menjadi beberapa berkas atau simpan "
            "sebagai CSV",
            f"it expands to {_mb(total)} when opened (limit {_mb(MAX_UNCOMPRESSED)}); split "
            "the data into several files or save it as CSV")
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(
                info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise _refuse(
                f"bagian {info.filename} dipadatkan {ratio:,} kali (batas {MAX_RATIO}); "
                "berkas XLSX biasa tidak pernah sepadat itu (ciri \"bom zip\")",
                f"part {info.filename} is compressed {ratio:,} times (limit {MAX_RATIO}); "
                "an ordinary XLSX file never is (the mark of a \"zip bomb\")")
    if total > RATIO_FLOOR and total > MAX_RATIO * max(packed, 1):
        raise _refuse(
            f"arsip dipadatkan {total // max(packed, 1):,} kali (batas {MAX_RATIO})",
            f"the archive is compressed {total // max(packed, 1):,} times (limit {MAX_RATIO})")
    return {i.filename: i.file_size for i in infos}


def _tree(archive: zipfile.ZipFile, name: str, sizes: dict[str, int]) -> ElementTree.Element:
    if sizes.get(name, 0) > MAX_PART_BYTES:
        raise _refuse(f"bagian {name} terlalu besar ({_mb(sizes[name])})",
                      f"part {name} is too large ({_mb(sizes[name])})")
    return ElementTree.fromstring(archive.read(name))


def _workbook_part(archive: zipfile.ZipFile, sizes: dict[str, int]) -> str:
    """The main workbook part, from the package relationships (xl/workbook.xml usually)."""
    if "_rels/.rels" in sizes:
        for rel in _tree(archive, "_rels/.rels", sizes).iter(f"{{{_PKG_REL}}}Relationship"):
            if rel.get("Type", "").endswith("/officeDocument"):
                return (rel.get("Target") or "xl/workbook.xml").lstrip("/")
    return "xl/workbook.xml"


def open_package(path: Path) -> Package:
    """Check the ZIP directory against the limits and list the sheets; ``PackageError``
    when the file is refused or is not an XLSX package."""
    try:
        with zipfile.ZipFile(path) as archive:
            sizes = _check_directory(archive)
            part = _workbook_part(archive, sizes)
            if part not in sizes:
                raise _broken(KeyError(part))
            workbook = _tree(archive, part, sizes)
            rels_name = posixpath.join(posixpath.dirname(part), "_rels",
                                       posixpath.basename(part) + ".rels")
            targets: dict[str, str] = {}
            if rels_name in sizes:
                for rel in _tree(archive, rels_name, sizes).iter(f"{{{_PKG_REL}}}Relationship"):
                    target = rel.get("Target") or ""
                    if not target.startswith("/"):
                        target = posixpath.normpath(posixpath.join(posixpath.dirname(part),
                                                                   target))
                    targets[rel.get("Id") or ""] = target.lstrip("/")
    except PackageError:
        raise
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError,
            ElementTree.ParseError) as exc:
        raise _broken(exc) from exc
    sheets = []
    for node in workbook.iter(f"{{{_MAIN}}}sheet"):
        target = targets.get(node.get(f"{{{_REL}}}id") or "", "")
        if target in sizes:
            sheets.append(SheetEntry(node.get("name") or "", target,
                                     node.get("state") or "visible"))
    if not sheets:
        raise _broken(ValueError("no worksheet"))
    return Package(path, sheets, sizes)
