"""The sheet scan (extent, hidden rows and columns, merges) against its definition: one
regular expression per question over the whole XML, run here on generated sheets cut into
tiny chunks, with and without namespace prefixes."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from satudata_meta.excel import package
from satudata_meta.excel.package import Layout, column_index, open_package

_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b")
_ROW_NUMBER = re.compile(rb"<(?:\w+:)?row\b[^>]*?\br=\"(\d{1,9})\"")
_HIDDEN_ROW = re.compile(rb"<(?:\w+:)?row\b([^>]*?\bhidden=\"(?:1|true)\"[^>]*)>")
_CELL_COLUMN = re.compile(rb"\br=\"([A-Z]{1,4})\d")
_ATTR = re.compile(rb"\b(\w+)=\"([^\"]*)\"")
_ERROR_CELL = re.compile(rb"<(?:\w+:)?c\s+r=\"([A-Z]+)(\d+)\" t=\"e\">"
                         rb"(?:<(?:\w+:)?f>[^<]*</(?:\w+:)?f>)?<(?:\w+:)?v>([^<]*)<")


def defined(xml: bytes) -> tuple[int, int, set[int], list[Any], set[int],
                                 dict[tuple[int, int], str]]:
    """Rows, columns, hidden rows, merges, hidden columns, error cells: each by one
    expression."""
    numbers = [int(n) for n in _ROW_NUMBER.findall(xml)]
    hidden = set()
    for found in _HIDDEN_ROW.finditer(xml):
        given = dict(_ATTR.findall(found.group(1))).get(b"r", b"")
        hidden.add(int(given) if given.isdigit()
                   else len(_ROW_TAG.findall(xml, 0, found.start())) + 1)
    letters = set(_CELL_COLUMN.findall(xml))
    widest = max(letters, key=lambda b: (len(b), b)) if letters else b""
    rows = max([*numbers, len(_ROW_TAG.findall(xml))])
    columns = column_index(widest.decode()) if widest else 0
    merges = [package._merge(m.group(1).decode()) for m in package._MERGE.finditer(xml)]
    hidden_columns: set[int] = set()
    for found in package._COL.finditer(xml):
        attrs = dict(_ATTR.findall(found.group(1)))
        if attrs.get(b"hidden") in (b"1", b"true"):
            low, high = int(attrs.get(b"min", b"0") or 0), int(attrs.get(b"max", b"0") or 0)
            if 0 < low <= high <= package.MAX_COLUMNS:
                hidden_columns.update(range(low, high + 1))
    errors = {(int(r), column_index(c.decode())): v.decode().replace("&amp;", "&")
              for c, r, v in _ERROR_CELL.findall(xml)}
    return (rows, columns, hidden, merges, {c for c in hidden_columns if c <= columns},
            errors)


ERRORS = ["#REF!", "#N/A", "#DIV/0!", "#NAME?", "#&amp;"]
LETTERS = ["A", "B", "K", "Y", "Z", "AA", "AZ", "BA", "ZY", "ZZ", "AAA", "AZZ", "XFD"]


def _cell(prefix: str, ref: str, k: int, kind: int) -> str:
    """A number, an error (with or without the formula that made it, whose text may hold
    ``t="e"`` itself, or under another prefix), or an error cell without a value."""
    error = ERRORS[k % len(ERRORS)]
    if kind == 0:
        return f'<{prefix}c r="{ref}" t="e"><{prefix}v>{error}</{prefix}v></{prefix}c>'
    if kind == 1:
        return (f'<{prefix}c r="{ref}" t="e"><{prefix}f>IF(hasilt="e",1/0,0)</{prefix}f>'
                f"<{prefix}v>{error}</{prefix}v></{prefix}c>")
    if kind == 2:
        return f'<{prefix}c r="{ref}" t="e"/>'
    if kind == 3:  # another prefix of the same namespace, a line break in the tag
        return f'<y:c\nr="{ref}" t="e"><y:v>{error}</y:v></y:c>'
    return f'<{prefix}c r="{ref}" t="n"><{prefix}v>{k}</{prefix}v></{prefix}c>'


@st.composite
def sheets(draw: Any) -> bytes:
    prefix = draw(st.sampled_from(["", "x:"]))
    parts = [f'<{prefix}cols><{prefix}col min="2" max="{draw(st.integers(1, 4))}" '
             f'hidden="{draw(st.sampled_from(["1", "0", "true"]))}"/></{prefix}cols>',
             f"<{prefix}sheetData>"]
    number = 0
    for _ in range(draw(st.integers(0, 12))):
        number += draw(st.integers(1, 3))
        attrs = []
        if draw(st.booleans()):
            attrs.append(f'r="{number}"')
        if draw(st.integers(0, 3)) == 0:
            attrs.append(f'hidden="{draw(st.sampled_from(["1", "true", "0", "false"]))}"')
        if draw(st.booleans()):
            attrs.append('spans="1:3"')
        draw(st.randoms()).shuffle(attrs)
        cells = "".join(
            _cell(prefix, f"{letter}{number}", k, draw(st.integers(0, 9)))
            for k, letter in enumerate(draw(st.lists(st.sampled_from(LETTERS), max_size=4))))
        head = " ".join(["", *attrs]) if attrs else ""
        parts.append(f"<{prefix}row{head}>{cells}</{prefix}row>" if cells
                     else f"<{prefix}row{head}/>")
    parts.append(f"</{prefix}sheetData>")
    if draw(st.booleans()):
        parts.append(f'<{prefix}mergeCells count="1"><{prefix}mergeCell ref="A1:B2"/>'
                     f"</{prefix}mergeCells>")
    ns = f' xmlns:{prefix[:-1]}="{package._MAIN}"' if prefix else f' xmlns="{package._MAIN}"'
    return (f'<?xml version="1.0"?><{prefix}worksheet{ns}>' + "".join(parts)
            + f"</{prefix}worksheet>").encode()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scan") / "template.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "x"
    workbook.save(path)
    return path


def with_sheet(template: Path, xml: bytes, target: Path) -> Path:
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(target, "w") as out:
        for item in source.infolist():
            data = xml if item.filename == "xl/worksheets/sheet1.xml" else source.read(item)
            out.writestr(item, data)
    return target


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(xml=sheets(), chunk=st.sampled_from([64, 97, 1 << 20]))
def test_scan_agrees_with_the_definitions(template: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch, xml: bytes,
                                          chunk: int) -> None:
    monkeypatch.setattr(package, "_CHUNK", chunk)
    path = with_sheet(template, xml, tmp_path / "sheet.xlsx")
    found = open_package(path)
    layout: Layout = found.scan(found.sheets[0])
    rows, columns, hidden, merges, hidden_columns, errors = defined(xml)
    assert (layout.rows, layout.columns) == (rows, columns)
    assert layout.hidden_rows == hidden
    assert layout.merges == merges
    assert layout.hidden_columns == hidden_columns
    assert layout.errors == errors


@pytest.mark.parametrize(("widest", "wider", "not_wider"), [
    (b"", [b"A", b"XFD"], []),
    (b"K", [b"L", b"Z", b"AA"], [b"A", b"K"]),
    (b"AZ", [b"BA", b"ZZ", b"AAA"], [b"Z", b"AY", b"AZ"]),
    (b"XFD", [b"XFE", b"XGA", b"YAA", b"AAAA"], [b"XFD", b"XFC", b"ZZ"]),
    (b"ZZZZ", [], [b"ZZZZ", b"A"]),
])
def test_wider_than(widest: bytes, wider: list[bytes], not_wider: list[bytes]) -> None:
    pattern = package._wider_than(widest)
    for letters in wider:
        assert pattern.search(b'<c r="' + letters + b'7"/>'), letters
    for letters in not_wider:
        assert not pattern.search(b'<c r="' + letters + b'7"/>'), letters
    assert not pattern.search(b'<c xr="ZZZ7"/>')  # not the r attribute


def test_an_error_cell_without_its_reference_is_read_by_both_readers(
        template: Path, tmp_path: Path) -> None:
    """Cells written without ``r`` (some generators do) are placed by their position in the
    row: the scan cannot place an error cell then, so openpyxl reads the sheet and both
    readers give its text."""
    from satudata_meta.excel.cells import read_grid

    xml = (f'<?xml version="1.0"?><worksheet xmlns="{package._MAIN}"><sheetData>'
           '<row><c t="inlineStr"><is><t>kode</t></is></c><c t="inlineStr"><is><t>nilai</t>'
           '</is></c></row><row><c t="inlineStr"><is><t>36.01</t></is></c><c t="e">'
           "<v>#REF!</v></c></row></sheetData></worksheet>").encode()
    path = with_sheet(template, xml, tmp_path / "tanpa-r.xlsx")
    found = open_package(path)
    layout = found.scan(found.sheets[0])
    assert layout.unplaced_errors and not layout.errors
    grids = [read_grid(path, found.sheets[0].name, reader, layout=layout)
             for reader in ("calamine", "openpyxl")]
    assert grids[0] == grids[1] == [["kode", "nilai"], ["36.01", "#REF!"]]
