"""Cell values of one sheet, by either of two readers that must agree.

``calamine`` (the python-calamine package, a Rust reader) is the default: it reads a
100,000-row sheet several times faster than openpyxl and never builds cell objects.
``openpyxl`` (read-only, values only) is the fallback when calamine is not installed, and a
second opinion in the tests. Both give the same grid: row 1 column A at ``[0][0]``, empty
cells as ``None``, numbers as int/float, dates as ``datetime``/``date``, text as str. The
choice can be forced with ``SATUDATA_XLSX_READER=openpyxl`` (or ``calamine``).

Formatting (merged ranges, hidden rows) does not come from here but from
``satudata_meta.excel.package``, which both readers share, so the findings depend only on
the values these functions return.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
from pathlib import Path
from typing import Any

from satudata_meta.excel.package import Layout, PackageError

READERS = ("calamine", "openpyxl")
Grid = list[list[Any]]


def default_reader() -> str:
    """The reader to use: the environment's choice, else calamine when installed."""
    chosen = os.environ.get("SATUDATA_XLSX_READER", "").strip().lower()
    if chosen in READERS:
        return chosen
    return "calamine" if importlib.util.find_spec("python_calamine") else "openpyxl"


_AS_IS = {str, float, int, bool}  # kept as they are (but "")


def _plain(value: Any) -> Any:
    """One value type per kind, whatever the reader: "" -> None, 3.0 stays a float."""
    if value == "" or value is None:
        return None
    if isinstance(value, dt.timedelta):  # a duration cell: shown as its text
        return str(value)
    return value


def _broken(exc: Exception, sheet: str) -> PackageError:
    return PackageError({"id": f"lembar {sheet!r} rusak ({type(exc).__name__}: {exc})",
                         "en": f"sheet {sheet!r} is broken ({type(exc).__name__}: {exc})"})


def read_grid(path: Path, sheet: str, reader: str | None = None,
              max_columns: int | None = None, layout: Layout | None = None) -> Grid:
    """The values of ``sheet`` (trailing empty cells of a row dropped); ``PackageError``
    when the sheet cannot be read. Call ``package.open_package`` and ``Package.scan``
    first: they refuse what would not fit in memory; the scan's ``layout`` gives the text
    of error cells ("#REF!"), which calamine reads as empty."""
    chosen = reader or default_reader()
    if chosen not in READERS:
        raise ValueError(f"unknown XLSX reader {chosen!r}; choose one of {', '.join(READERS)}")
    if layout is not None and layout.unplaced_errors:
        chosen = "openpyxl"  # it places an error cell written without its reference
    try:
        grid = (_calamine if chosen == "calamine" else _openpyxl)(path, sheet, max_columns)
    except PackageError:
        raise
    except Exception as exc:  # both libraries raise many kinds on broken XML
        raise _broken(exc, sheet) from exc
    for (row, column), text in (layout.errors.items() if layout is not None else ()):
        if max_columns is None or column <= max_columns:
            grid.extend([] for _ in range(row - len(grid)))
            cells = grid[row - 1]
            cells.extend([None] * (column - len(cells)))
            cells[column - 1] = text
    return grid


def _trimmed(values: list[Any], max_columns: int | None) -> list[Any]:
    row = [v if type(v) in _AS_IS and v != "" else _plain(v)  # a call only where needed
           for v in (values[:max_columns] if max_columns else values)]
    while row and row[-1] is None:
        row.pop()
    return row


def _calamine(path: Path, sheet: str, max_columns: int | None) -> Grid:
    from python_calamine import CalamineWorkbook

    with CalamineWorkbook.from_path(str(path)) as workbook:
        ws = workbook.get_sheet_by_name(sheet)
        start = ws.start
        pad = [None] * (start[1] if start else 0)  # iter_rows starts at the first used column
        grid = [_trimmed(pad + list(values), max_columns) for values in ws.iter_rows()]
    while grid and not grid[-1]:
        grid.pop()
    return grid


def _openpyxl(path: Path, sheet: str, max_columns: int | None) -> Grid:
    import openpyxl  # type: ignore[import-untyped, unused-ignore]

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        ws = workbook[sheet]
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()  # some tools write a wrong size; read every row
        grid = [_trimmed(list(values), max_columns) for values in ws.iter_rows(values_only=True)]
    finally:
        workbook.close()
    while grid and not grid[-1]:
        grid.pop()
    return grid
