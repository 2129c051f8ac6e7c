"""What people put around and inside a table that is not data: notes under it, footnote
marks on its numbers.

* A notes block ("Sumber: BPS Provinsi Banten", "Keterangan: *) angka sementara", or the
  title of a second table, "Tabel 3.2 ...") under the data: reading stops there, and the
  rows are reported, not validated as data. It is recognised by its first row, which holds
  one cell only, after at least one data row, and is either a known opening word, or the
  first row after a blank row when every row from there on holds one cell only. A block
  followed by full rows again is not a notes block (those rows are data, and are checked).
* Footnote marks on numbers ("12.345*", "1.234 a)", "567¹", "99,5 r)"): the mark is
  removed so the number can be checked, and reported per column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NOTE_OPENING = re.compile(
    r"^\s*(?:(?:sumber(?:\s+data)?|source|keterangan|ket|catatan(?:\s+kaki)?|cat|notes?|"
    r"footnotes?|data\s+diolah|diolah\s+dari)\b|\*|\(?\d{1,2}\)\s|\(?[a-z]\)\s)",
    re.IGNORECASE)
TABLE_TITLE = re.compile(r"^\s*(?:tabel|table)\s+[\w.-]+", re.IGNORECASE)
FOOTNOTE = re.compile(
    r"^(?P<number>[-+]?\d[\d.,]*)\s*(?P<mark>\*{1,3}\)?|[a-zA-Z]\)|\([a-zA-Z0-9]{1,2}\)|"
    r"[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,2})$")
ROWS_SHOWN = 10
ROWS_KEPT = 1000


def filled(row: list[str]) -> int:
    return sum(1 for c in row if c)


def first_text(row: list[str]) -> str:
    return next((c for c in row if c), "")


@dataclass(frozen=True)
class Notes:
    """Where a notes block begins (index into the body), and what it is."""

    index: int  # first row of the block (a blank separator row included)
    text_index: int  # the first row with text
    kind: str  # notes | table


def find_notes(body: list[list[str]], width: int) -> Notes | None:
    """The notes block under the data rows of ``body``, if any (see the module docstring)."""
    if width < 2:
        return None  # a one-column table: every row holds one cell
    for i in range(1, len(body)):
        row = body[i]
        if filled(row) != 1 or not any(filled(r) >= 2 for r in body[:i]):
            continue
        text = first_text(row)
        after_blank = filled(body[i - 1]) == 0
        rest_single = all(filled(r) <= 1 for r in body[i:])
        if TABLE_TITLE.match(text) and after_blank:
            kind = "table"
        elif rest_single and (after_blank or NOTE_OPENING.match(text)):
            kind = "notes"
        else:
            continue
        start = i
        while start > 0 and filled(body[start - 1]) == 0:
            start -= 1
        return Notes(start, i, kind)
    return None


def rows_text(rows: list[int]) -> dict[str, str]:
    """"baris 5" or "3 baris: 5, 9, 12" (the first ten, then how many more)."""
    if len(rows) == 1:
        return {"id": f"baris {rows[0]}", "en": f"row {rows[0]}"}
    shown = ", ".join(str(r) for r in rows[:ROWS_SHOWN])
    more = len(rows) - ROWS_SHOWN
    return {"id": f"{len(rows)} baris: {shown}" + (f" dan {more} lainnya" if more > 0 else ""),
            "en": f"{len(rows)} rows: {shown}" + (f" and {more} more" if more > 0 else "")}


def footnote(cell: str) -> tuple[str, str] | None:
    """(number, mark) when a cell is a number with a footnote mark, else None."""
    found = FOOTNOTE.match(cell)
    if not found or not any(ch.isdigit() for ch in found.group("number")):
        return None
    return found.group("number"), found.group("mark")
