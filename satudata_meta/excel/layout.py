"""The dataset workbook's layout, shared by the template that writes it and the reader.

A workbook made from ``satudata template`` has four sheets:

* ``petunjuk``: how to fill it in (Bahasa Indonesia);
* ``metadata``: one row per field of the standard, nested ones by their dotted path
  (``kontak.email``, ``periode.awal``, ``resources.description``); column ``kolom`` holds that
  path, exactly as findings name it, and column ``isian`` the value;
* ``data``: the table, header in row 1, so its row numbers are those of the same table
  saved as CSV;
* ``kode`` (hidden): the code lists behind the dropdowns, as ``code — label`` so an officer
  sees what a code means; the reader keeps the code.

The reader finds the header row and the columns by their names, so added columns, moved
columns or a title row do not break it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from satudata_meta.standard.spec import FieldSpec, Standard

GUIDE_SHEET = "petunjuk"
METADATA_SHEET = "metadata"
DATA_SHEET = "data"
CODES_SHEET = "kode"
# Columns of the metadata sheet, in the template's order.
KEY, LABEL, HELP, OBLIGATION, VALUE, EXAMPLE = (
    "kolom", "label", "penjelasan", "keharusan", "isian", "contoh")
HEADER = (KEY, LABEL, HELP, OBLIGATION, VALUE, EXAMPLE)
HEADER_SEARCH_ROWS = 20
SEPARATOR = " — "  # "dp3akkb — Dinas ...": the code, then its label, in dropdown entries
YES, NO = "ya", "tidak"
LIST_SPLIT = re.compile(r"\s*[,;\n]\s*")
# Fields of the one resource (the data sheet) an officer may describe; the rest (path,
# format, sheet) follow from the workbook itself.
RESOURCE_FIELDS = ("name", "title", "description")
# Code lists offered as dropdowns; cakupan_wilayah gets Banten's units (see template).
DROPDOWN_LISTS = ("frekuensi", "akses", "lisensi", "satuan", "topik", "perangkat_daerah",
                  "tingkat_penyajian", "bidang_urusan")
WILAYAH_RANGE = "wilayah_banten"
BOOLEAN_RANGE = "ya_tidak"


@dataclass(frozen=True)
class Row:
    """One row of the metadata sheet: the field's dotted path and its spec."""

    path: str
    spec: FieldSpec
    group: str | None


def rows(standard: Standard) -> list[Row]:
    """The metadata sheet's rows, in the standard's order, objects expanded to their fields
    and the resource list to the fields of its one resource."""
    out: list[Row] = []
    for spec in standard.fields:
        if spec.name == "resources":
            assert spec.items is not None
            for name in RESOURCE_FIELDS:
                child = next(f for f in spec.items.fields if f.name == name)
                out.append(Row(f"resources.{name}", child, spec.group))
        elif spec.type == "object" and spec.fields:
            out.extend(Row(f"{spec.name}.{child.name}", child, spec.group)
                       for child in spec.fields)
        else:
            out.append(Row(spec.name, spec, spec.group))
    return out


def range_name(codelist: str) -> str:
    """The defined name of a dropdown list: ``daftar_frekuensi``."""
    return f"daftar_{codelist}"


def dropdown(spec: FieldSpec) -> str | None:
    """The defined name of the list a field's value is chosen from, if any."""
    if spec.type == "boolean":
        return range_name(BOOLEAN_RANGE)
    if spec.codelist in DROPDOWN_LISTS:
        return range_name(spec.codelist)
    if spec.codelist == "wilayah":
        return range_name(WILAYAH_RANGE)
    return None


def entry(code: str, label: str) -> str:
    return f"{code}{SEPARATOR}{label}"


def cell_text(value: Any) -> str:
    """A cell as text: numbers without ".0", dates as ISO, text stripped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\u00a0", " ").strip()


def parse(spec: FieldSpec, value: Any) -> Any:
    """A value cell as the metadata value it stands for, the way a YAML descriptor would
    hold it: ``ya``/``tidak`` are booleans, a dropdown entry ``code — label`` is its code
    (when the code is in the list), a list is split on commas. Anything else stays as
    written, for the metadata check to judge (and report, as it would from YAML)."""
    if isinstance(value, bool) and spec.type == "boolean":
        return value
    text = cell_text(value)
    if not text:
        return None
    if spec.type == "boolean" and text.casefold() in (YES, NO):
        return text.casefold() == YES
    if spec.type == "code" and SEPARATOR.strip() in text:
        from satudata_meta.codes import codelist

        code = text.split(SEPARATOR.strip(), 1)[0].strip()
        assert spec.codelist is not None
        if codelist(spec.codelist).get(code) is not None:
            return code
    if spec.type == "list" and spec.items is not None and spec.items.type == "string":
        return [p for p in LIST_SPLIT.split(text) if p]
    return text


def show(spec: FieldSpec, value: Any) -> Any:
    """The cell value that stands for a metadata value (the inverse of ``parse``)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return None
    return cell_text(value)


def find_header(grid: list[list[Any]]) -> tuple[int, dict[str, int]] | None:
    """(0-based row index, column name -> 0-based index) of the metadata sheet's header."""
    for i, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        names = {cell_text(v).casefold(): j for j, v in enumerate(row) if cell_text(v)}
        if KEY in names and VALUE in names:
            return i, names
    return None


def metadata_path(path: str) -> str:
    """The metadata sheet row a finding's path points to: ``resources[0].description`` ->
    ``resources.description``, ``tag[2]`` -> ``tag``."""
    return re.sub(r"\[\d+\]", "", path)


def printable(ws: Any) -> None:
    """Print (and export to PDF) landscape, as wide as one page: the template's sheets and
    the findings workbook alike."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
