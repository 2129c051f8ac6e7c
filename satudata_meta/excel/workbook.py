"""Reading the metadata sheet of a dataset workbook (see ``layout``) into a metadata dict.

The dict has the shape a ``datapackage.yaml`` would: the metadata check then judges the
workbook exactly as it judges a data package, and ``positions`` maps every field's path to
its row, so a finding about ``kontak.email`` can point at row 17 of the metadata sheet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from satudata_meta.excel import layout
from satudata_meta.excel.cells import read_grid
from satudata_meta.excel.package import Package, PackageError, SheetEntry, open_package
from satudata_meta.findings import Finding
from satudata_meta.standard.spec import Standard, load_standard


@dataclass
class MetadataSheet:
    """What the metadata sheet says, and where."""

    sheet: str
    metadata: dict[str, Any]
    resource: dict[str, Any]  # the resources.* rows
    positions: dict[str, int]  # dotted path -> row number (1-based, as Excel shows it)
    value_column: int  # 1-based column of the ``isian`` values
    findings: list[Finding] = field(default_factory=list)


def metadata_entry(package: Package) -> SheetEntry | None:
    """The metadata sheet of a workbook in the template's layout (it also has a data
    sheet), or None."""
    by_name = {s.name.casefold(): s for s in package.sheets}
    if layout.DATA_SHEET in by_name and layout.METADATA_SHEET in by_name:
        return by_name[layout.METADATA_SHEET]
    return None


def is_dataset(path: Path) -> bool:
    """Whether an XLSX file found in a folder is a dataset workbook: metadata and data
    sheets in the template's layout, with its ``id`` filled in (an empty template lying in a
    folder is not a dataset). Refused or broken files are not."""
    try:
        return "id" in read_metadata(path).metadata
    except (PackageError, ValueError):
        return False


def _put(target: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    for part in parts[:-1]:
        child = target.get(part)
        if not isinstance(child, dict):
            child = target[part] = {}
        target = child
    target[parts[-1]] = value


def read_metadata(path: Path, standard: Standard | None = None,
                  reader: str | None = None) -> MetadataSheet:
    """Read the metadata sheet; ``PackageError`` when the file is refused or broken,
    ``ValueError`` when it has no metadata sheet in the template's layout."""
    standard = standard or load_standard()
    package = open_package(path)
    entry = metadata_entry(package)
    if entry is None:
        raise ValueError("no metadata and data sheets")
    grid = read_grid(path, entry.name, reader, layout=package.scan(entry))
    found = layout.find_header(grid)
    if found is None:
        raise ValueError(f"no '{layout.KEY}' and '{layout.VALUE}' header in sheet {entry.name}")
    header_index, columns = found
    key_col, value_col = columns[layout.KEY], columns[layout.VALUE]
    result = MetadataSheet(entry.name, {}, {}, {}, value_col + 1)
    for index in range(header_index + 1, len(grid)):
        row = grid[index]
        key = layout.cell_text(row[key_col]) if key_col < len(row) else ""
        if not key or " " in key:
            continue  # a group heading, a note, a blank row
        number = index + 1
        if key in result.positions:
            result.findings.append(Finding.of(
                "workbook-duplicate-field", file=str(path), sheet=entry.name,
                row_number=number, path=key,
                params={"field": key, "first": result.positions[key], "row": number}))
        result.positions[key] = number
        raw = row[value_col] if value_col < len(row) else None
        spec = standard.field(key)
        value = layout.parse(spec, raw) if spec is not None else (
            layout.cell_text(raw) or None)
        if key.startswith("resources."):
            result.resource.pop(key.removeprefix("resources."), None)
            if value is not None:
                result.resource[key.removeprefix("resources.")] = value
            continue
        if value is not None:
            _put(result.metadata, key, value)
        elif "." not in key:
            result.metadata.pop(key, None)
    return result


