"""A table out of an XLSX sheet as agencies make them, saying every assumption made.

Before anything is loaded the package is checked against the limits of
``satudata_meta.excel.package`` (a refused file is the fatal ``xlsx-limit-exceeded``). Then:

* the sheet: the one the resource names (``sheet``, or a frictionless ``dialect``), else
  ``data`` in a workbook made from the template, else the first visible sheet that looks like
  a table (two rows of two filled cells or more); the sheets not read are reported
  (``sheet-chosen``);
* a title block above the header is skipped (``leading-rows-skipped``), a notes block under
  the data ends it (``notes-rows-skipped``), footnote marks are removed
  (``footnote-marker``), as for CSV files (``satudata_meta.tabular.read``);
* a header written in two rows with merged cells ("Jumlah Penduduk" over "Laki-laki" and
  "Perempuan") becomes one row of combined labels ("Jumlah Penduduk Laki-laki",
  ``header-rows-combined``);
* merged cells in the data ("Kabupaten Lebak" over two rows) give their value to every cell
  they cover (``merged-cells-filled``);
* hidden rows and columns are READ and checked, because the file that is published holds
  them: hiding is not deleting (``hidden-rows``, ``hidden-columns``);
* numbers typed as text in a numeric column are read as numbers (``number-stored-as-text``):
  Excel's SUM skips them, so they are reported.

Findings about the sheet carry its name (``sheet``) beside the row and column.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import zip_longest
from pathlib import Path
from typing import Any

from satudata_meta.excel.cells import Grid, read_grid
from satudata_meta.excel.package import (
    Layout,
    Merge,
    Package,
    PackageError,
    SheetEntry,
    column_letters,
    open_package,
)
from satudata_meta.findings import Finding
from satudata_meta.tabular import blocks, numbers
from satudata_meta.tabular.read import (
    MAX_COLUMNS,
    Combined,
    ReadError,
    Table,
    Where,
    _trim,
    span,
    xlsx_text,
)

# The sheets of a workbook made from the template (satudata_meta.excel.layout).
DATA_SHEET = "data"
METADATA_SHEET = "metadata"
NUMERIC_TYPES = ("integer", "number")


def refused(where: Where, exc: PackageError) -> ReadError:
    """The fatal finding for a package that cannot or may not be opened."""
    code = "xlsx-limit-exceeded" if exc.limit else "source-unreadable"
    return ReadError(where.finding(code, params={"source": where.file, "reason": exc.reason}))


def _looks_like_table(grid: Grid) -> bool:
    rows = 0
    for row in grid[:200]:
        if sum(1 for v in row if v is not None and str(v).strip()) >= 2:
            rows += 1
            if rows >= 2:
                return True
    return False


def _named(package: Package, sheet: str | int, where: Where) -> SheetEntry:
    names = [s.name for s in package.sheets]
    if isinstance(sheet, int) and 1 <= sheet <= len(names):
        return package.sheets[sheet - 1]
    if isinstance(sheet, str) and package.sheet(sheet) is not None:
        found = package.sheet(sheet)
        assert found is not None
        return found
    raise where.unreadable({"id": f"lembar {sheet!r} tidak ada; yang ada: {', '.join(names)}",
                            "en": f"no sheet {sheet!r}; the workbook has: {', '.join(names)}"})


def _choose(package: Package, sheet: str | int | None, where: Where, reader: str | None
            ) -> tuple[SheetEntry, Layout, Grid, Finding | None]:
    """The sheet to read, its layout and values, and the finding naming the others."""
    if sheet is not None:
        entry = _named(package, sheet, where)
        return entry, *_read(package, entry, reader), None
    names = {s.name.casefold(): s for s in package.sheets}
    if DATA_SHEET in names and METADATA_SHEET in names:  # the template's layout
        entry = names[DATA_SHEET]
        return entry, *_read(package, entry, reader), None
    candidates = [s for s in package.sheets if s.worksheet and s.visible] or [
        s for s in package.sheets if s.worksheet] or package.sheets
    chosen: tuple[SheetEntry, Layout, Grid] | None = None
    for entry in candidates:
        layout, grid = _read(package, entry, reader)
        if chosen is None:
            chosen = (entry, layout, grid)  # the first sheet, when none looks like a table
        if _looks_like_table(grid):
            chosen = (entry, layout, grid)
            break
    assert chosen is not None
    entry, layout, grid = chosen
    others = [s for s in package.sheets if s.name != entry.name]
    if not others:
        return entry, layout, grid, None
    skipped = package.sheets[:package.sheets.index(entry)]
    listed = ", ".join(f"'{s.name}'" + ("" if s.visible else " (tersembunyi)") for s in others)
    listed_en = ", ".join(f"'{s.name}'" + ("" if s.visible else " (hidden)") for s in others)
    finding = where.finding(
        "sheet-chosen", sheet=entry.name,
        params={"sheet": entry.name, "count": len(package.sheets), "others": {
            "id": listed, "en": listed_en}, "why": _why(skipped)})
    return entry, layout, grid, finding


def _read(package: Package, entry: SheetEntry, reader: str | None) -> tuple[Layout, Grid]:
    """A sheet's layout (refusing what would not fit) and its values, error cells included."""
    layout = package.scan(entry)
    return layout, read_grid(package.path, entry.name, reader, MAX_COLUMNS, layout)


def _why(skipped: list[SheetEntry]) -> dict[str, str]:
    if not skipped:
        return {"id": "lembar pertama", "en": "the first sheet"}
    names = ", ".join(f"'{s.name}'" for s in skipped)
    return {"id": f"lembar pertama yang berisi tabel; {names} tidak berisi tabel",
            "en": f"the first sheet holding a table; {names} holds no table"}


def _combiner(layout: Layout, where: Where) -> Callable[
        [list[tuple[int, list[str]]], int], Combined | None]:
    """Read a header written in two rows, when merged cells say so (see the docstring)."""

    def combine(raw_rows: list[tuple[int, list[str]]], start: int) -> Combined | None:
        if start + 1 >= len(raw_rows):
            return None
        number, top = raw_rows[start]
        below, bottom = raw_rows[start + 1]
        if below != number + 1:
            return None
        across = [m for m in layout.merges if m.first_row == m.last_row == number
                  and m.last_col > m.first_col]
        down = [m for m in layout.merges if m.first_row == number and m.last_row == number + 1]
        under = [c for m in across for c in range(m.first_col, m.last_col + 1)
                 if c <= len(bottom) and bottom[c - 1]]
        if not under and not down:
            return None
        width = max([len(top), len(bottom)] + [m.last_col for m in across + down])
        labels: list[str] = []
        joined: list[str] = []
        for col in range(1, width + 1):
            owner = next((m for m in across if m.first_col <= col <= m.last_col), None)
            upper = top[(owner.first_col if owner else col) - 1] if (
                (owner.first_col if owner else col) <= len(top)) else ""
            lower = bottom[col - 1] if col <= len(bottom) else ""
            label = " ".join(p for p in (upper, lower) if p)
            labels.append(label)
            if upper and lower:
                joined.append(f"{column_letters(col)}: {label}")
        finding = where.finding(
            "header-rows-combined", row_number=number,
            params={"first": number, "last": below, "span": span(number, below),
                    "labels": "; ".join(joined)[:300], "count": len(joined)})
        return labels, 2, finding

    return combine


def _fill_merges(table: Table, layout: Layout, where: Where) -> None:
    """Give a merged range's value to every data cell it covers, and say so."""
    index = {n: i for i, n in enumerate(table.row_numbers)}
    filled: list[Merge] = []
    for merge in sorted(layout.merges, key=lambda m: (m.first_row, m.first_col)):
        top = index.get(merge.first_row)
        if top is None or merge.first_row <= table.header_row:
            continue
        value = table.rows[top][merge.first_col - 1] if merge.first_col <= len(
            table.rows[top]) else ""
        if not value:
            continue
        changed = False
        for number in range(merge.first_row, merge.last_row + 1):
            r = index.get(number)
            if r is None:
                continue
            row = table.rows[r]
            for col in range(merge.first_col, min(merge.last_col, len(table.header)) + 1):
                if len(row) < col:
                    row.extend([""] * (col - len(row)))
                if not row[col - 1]:
                    row[col - 1] = value
                    changed = True
        if changed:
            filled.append(merge)
    if filled:
        first = min(filled, key=lambda m: (m.first_row, m.first_col))
        table.findings.append(where.finding(
            "merged-cells-filled", row_number=first.first_row,
            field_number=first.first_col,
            field_name=table.header[first.first_col - 1] if first.first_col <= len(
                table.header) else None,
            params={"count": len(filled), "ranges": ", ".join(m.ref for m in filled[:10])
                    + (" ..." if len(filled) > 10 else ""), "first": first.ref}))


def _hidden(table: Table, layout: Layout, where: Where) -> None:
    rows = sorted(set(table.row_numbers) & layout.hidden_rows)
    if rows:
        table.findings.append(where.finding(
            "hidden-rows", row_number=rows[0],
            params={"count": len(rows), "rows": rows[:blocks.ROWS_KEPT],
                    "at": blocks.rows_text(rows)}))
    columns = sorted(c for c in layout.hidden_columns if c <= len(table.header))
    if columns:
        names = [f"{column_letters(c)} ({table.header[c - 1] or '?'})" for c in columns]
        table.findings.append(where.finding(
            "hidden-columns", field_number=columns[0], field_name=table.header[columns[0] - 1],
            row_number=table.header_row,
            params={"count": len(columns), "columns": ", ".join(names[:20])}))


def _numeric_columns(table: Table, values: list[tuple[Any, ...]]) -> list[int]:
    """Columns that hold quantities: by the standard's column conventions, or (for columns
    no convention names) because some of their cells are real numbers."""
    from satudata_meta.standard.spec import load_standard
    from satudata_meta.tabular.columns import resolve

    out = []
    for column in resolve(table.header, load_standard()):
        if column.spec is not None:
            if column.spec.type in NUMERIC_TYPES:
                out.append(column.index)
            continue
        if column.index < len(values) and any(
                isinstance(value, int | float) and not isinstance(value, bool)
                for value in values[column.index]):
            out.append(column.index)
    return out


def _columns(grid: Grid, table: Table) -> list[tuple[Any, ...]]:
    """The values of each column in the table's rows, as the reader gave them (None where
    a row is shorter), in one pass."""
    rows = [grid[n - 1] if n - 1 < len(grid) else () for n in table.row_numbers]
    return list(zip_longest(*rows)) if rows else []


def _text_numbers(table: Table, grid: Grid, where: Where) -> None:
    """Numbers typed as text in numeric columns (Excel's green triangle), one finding per
    column. Cells with thousands separators are left to the number-format finding."""
    values = _columns(grid, table)
    for col in _numeric_columns(table, values):
        if col >= len(values):
            continue
        rows = []
        example = ""
        for r, (number, value) in enumerate(zip(table.row_numbers, values[col], strict=True)):
            if not isinstance(value, str):
                continue
            cell = table.rows[r][col] if col < len(table.rows[r]) else ""
            if cell and numbers.shape(cell) in ("int", "dot-decimal"):
                rows.append(number)
                example = example or cell
        if rows:
            label = table.header[col] if col < len(table.header) else str(col + 1)
            table.findings.append(where.finding(
                "number-stored-as-text", row_number=rows[0], field_name=label,
                field_number=col + 1, cell=example,
                params={"field": label, "count": len(rows), "example": example,
                        "rows": rows[:blocks.ROWS_KEPT], "at": blocks.rows_text(rows)}))


def read_sheet(path: Path, where: Where, sheet: str | int | None = None,
               reader: str | None = None) -> Table:
    """Read the table of one sheet (see the module docstring); ``ReadError`` when the file
    is refused or cannot be read."""
    try:
        package = open_package(path)
        entry, layout, grid, choice = _choose(package, sheet, where, reader)
    except PackageError as exc:
        raise refused(where, exc) from exc
    width = max((len(row) for row in grid), default=0)  # every row as wide as the sheet
    raw_rows = [(i + 1, [xlsx_text(v) for v in row] + [""] * (width - len(row)))
                for i, row in enumerate(grid)]
    if not any(any(r) for _, r in raw_rows):
        raise where.unreadable({"id": f"lembar {entry.name!r} kosong",
                                "en": f"sheet {entry.name!r} is empty"})
    table = Table("xlsx", [], [], [], sheet=entry.name)
    if choice is not None:
        table.findings.append(choice)
    _trim(raw_rows, where, table, _combiner(layout, where))
    _fill_merges(table, layout, where)
    _hidden(table, layout, where)
    _text_numbers(table, grid, where)
    for finding in table.findings:
        finding.sheet = finding.sheet or entry.name
    return table
