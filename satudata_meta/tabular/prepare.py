"""One read per resource, shared by the table and content layers of a validation run.

Both layers need the same rows; reading twice would cost time and report the encoding twice.
``prepare`` reads a resource once per validation run and keeps the result for as long as the
run lives, together with what has been reported already, so whichever layer runs first
reports the reading findings and the other does not repeat them.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import Any

from satudata_meta.dataset import Dataset, Resource
from satudata_meta.findings import Finding
from satudata_meta.standard.spec import Standard, load_standard
from satudata_meta.tabular.columns import Column, resolve
from satudata_meta.tabular.read import (
    CSV_FORMATS,
    XLSX_FORMATS,
    ReadError,
    Table,
    Where,
    read_table,
)

TABULAR_FORMATS = CSV_FORMATS + XLSX_FORMATS
UNSUPPORTED_TABULAR = ("xls", "ods")


@dataclass
class Prepared:
    """A resource read for validation, and what the layers derived from it.

    It holds the resource's descriptor, not the ``Resource`` (a weak reference), so the cache
    entry goes away with the resource.
    """

    ref: weakref.ref[Resource]
    name: str
    descriptor: dict[str, Any]
    where: Where
    table: Table | None = None
    columns: list[Column] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)  # reading findings, fatal ones too
    reported: bool = False
    derived: dict[str, Any] = field(default_factory=dict)  # per-layer results (content...)

    def take_notes(self) -> list[Finding]:
        """The reading findings, the first time only."""
        if self.reported:
            return []
        self.reported = True
        return list(self.notes)


# (id of the run, id of the resource) -> what was read; an entry lives as long as its run.
_CACHE: dict[tuple[int, int], Prepared] = {}


def display_path(dataset: Dataset, resource: Resource) -> str:
    """The file as the user named it: the dataset folder joined with the resource's path."""
    raw = resource.descriptor.get("path")
    if isinstance(raw, str) and raw:
        return str(dataset.base_dir / raw)
    return str(resource.path or resource.url or resource.name)


def _dialect(resource: Resource) -> dict[str, Any]:
    """The resource's declared dialect (Data Package v1 keys or frictionless v5's ``csv``
    and ``excel`` controls), flattened."""
    raw = resource.descriptor.get("dialect")
    if not isinstance(raw, dict):
        return {}
    flat = {k: v for k, v in raw.items() if not isinstance(v, dict)}
    for control in ("csv", "excel"):
        if isinstance(raw.get(control), dict):
            flat.update(raw[control])
    return flat


def _sheet(resource: Resource) -> str | int | None:
    sheet = _dialect(resource).get("sheet", resource.descriptor.get("sheet"))
    return sheet if isinstance(sheet, str | int) and not isinstance(sheet, bool) else None


def _delimiter(resource: Resource) -> str | None:
    delimiter = _dialect(resource).get("delimiter")
    return delimiter if isinstance(delimiter, str) and len(delimiter) == 1 else None


def _read(dataset: Dataset, resource: Resource, standard: Standard) -> Prepared:
    where = Where(display_path(dataset, resource), resource.name)
    prepared = Prepared(weakref.ref(resource), resource.name, resource.descriptor, where)
    fmt = resource.format
    if resource.path is None:
        if resource.url:
            prepared.notes.append(where.finding("resource-not-checked", params={
                "resource": resource.name, "reason": {
                    "id": "berupa tautan; isinya tidak diunduh untuk diperiksa",
                    "en": "it is a link; its content is not downloaded for checking"}}))
        return prepared  # neither path nor url: the metadata check reports it
    if fmt in UNSUPPORTED_TABULAR:
        prepared.notes.append(where.finding("source-unsupported", params={
            "source": where.file, "reason": {
                "id": f"format {fmt} tidak dapat dibaca; simpan ulang sebagai XLSX atau CSV",
                "en": f"the {fmt} format cannot be read; save it again as XLSX or CSV"}}))
        return prepared
    if fmt not in TABULAR_FORMATS:
        prepared.notes.append(where.finding("resource-not-checked", params={
            "resource": resource.name, "reason": {
                "id": f"format {fmt or '?'} bukan tabel (CSV/XLSX); isinya tidak diperiksa",
                "en": f"the {fmt or '?'} format is not a table (CSV/XLSX); its content is "
                      "not checked"}}))
        return prepared
    try:
        prepared.table = read_table(resource.path, fmt, where, _sheet(resource),
                                    _delimiter(resource))
    except ReadError as exc:
        prepared.notes.append(exc.finding)
        return prepared
    prepared.notes.extend(prepared.table.findings)
    prepared.columns = resolve(prepared.table.header, standard)
    for col in prepared.columns:
        if col.renamed:
            prepared.notes.append(where.finding(
                "column-name-not-standard", field_name=col.label, field_number=col.number,
                row_number=prepared.table.header_row,
                params={"field": col.label, "standard": col.name}))
    return prepared


def prepare(run: object, dataset: Dataset, resource: Resource,
            standard: Standard | None = None) -> Prepared:
    """The resource read once per run (see the module docstring).

    ``run`` is any object that lives exactly as long as one validation (the checks pass
    their ``CheckContext``): validating the same dataset again reads it again, and reports
    everything again.
    """
    key = (id(run), id(resource))
    found = _CACHE.get(key)
    if found is not None and found.ref() is resource:
        return found
    prepared = _read(dataset, resource, standard or load_standard())
    _CACHE[key] = prepared
    weakref.finalize(run, _CACHE.pop, key, None)
    return prepared
