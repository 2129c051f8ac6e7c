"""calamine and openpyxl read any sheet to the same text: random workbooks (numbers, text,
booleans, dates, times, error cells, blanks), compared cell by cell as satudata reads them.

SATUDATA_FUZZ_EXAMPLES=2000 runs a longer search (the default is short)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from satudata_meta.excel.cells import Grid, read_grid
from satudata_meta.excel.package import open_package
from satudata_meta.tabular.read import xlsx_text

CELLS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**15, 10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=8),
    # openpyxl writes these texts as error cells (the first five), the rest as text
    st.sampled_from(["#REF!", "#N/A", "#DIV/0!", "#VALUE!", "#NAME?", "", " ", "1.234",
                     " 5", "+5", "0012", "12,5", "TRUE"]),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 1, 1)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2100, 1, 1))
    .map(lambda d: d.replace(microsecond=0)),
    st.times().map(lambda t: t.replace(microsecond=0)),
)


def _text(grid: Grid) -> list[list[str]]:
    """The grid as satudata reads it: each cell's text, trailing empty cells and rows off."""
    rows = [[xlsx_text(v) for v in row] for row in grid]
    rows = [row[:max((i + 1 for i, c in enumerate(row) if c), default=0)] for row in rows]
    while rows and not rows[-1]:
        rows.pop()
    return rows


@settings(max_examples=int(os.environ.get("SATUDATA_FUZZ_EXAMPLES", "0")) or 120,
          deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(CELLS, max_size=6), min_size=1, max_size=6))
def test_both_readers_give_the_same_text(tmp_path: Path, rows: list[list[Any]]) -> None:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    path = tmp_path / "acak.xlsx"
    workbook.save(path)
    package = open_package(path)
    entry = package.sheets[0]
    layout = package.scan(entry)
    calamine, openpyxl_grid = (_text(read_grid(path, entry.name, reader, layout=layout))
                               for reader in ("calamine", "openpyxl"))
    assert calamine == openpyxl_grid
