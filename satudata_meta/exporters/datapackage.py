"""Frictionless Data Package (v2-compatible) with the standard's metadata as properties.

The descriptor is the dataset's own normalised metadata (canonical codes, ISO dates) plus the
Data Package properties a generic tool understands (``name``, ``title``, ``licenses``, ...),
and, per resource, the facts ``frictionless validate`` checks: ``bytes``, ``hash`` (sha256),
``mediatype`` and a Table Schema. Written next to the data files it validates as is, and this
library reads it back as a dataset of the standard.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from satudata_meta.codes import codelist
from satudata_meta.exporters import ExportContext
from satudata_meta.prepared import PreparedDataset, ResourceInfo
from satudata_meta.standard.spec import load_standard

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"


class DataPackageExporter:
    """``--format datapackage``: one package descriptor, or a catalogue of several."""

    name = "datapackage"
    media_type = "application/json"
    extension = "json"

    def export(self, datasets: Sequence[PreparedDataset], context: ExportContext) -> str:
        one = len(datasets) == 1
        doc = descriptor(datasets[0], context) if one else catalog(datasets, context)
        return json.dumps(doc, ensure_ascii=False, indent=2, default=str) + "\n"


def _text_column(name: str) -> bool:
    """Whether the standard's column conventions (kolom baku) make ``name`` a text column,
    e.g. ``kode_kabupaten_kota``: frictionless would infer 36.01 as a number."""
    lookup = getattr(load_standard(), "column", None)  # absent before kolom baku existed
    spec = lookup(name) if callable(lookup) else None
    return getattr(spec, "type", None) == "string"


def _infer_schema(path: Path) -> dict[str, Any] | None:
    """A Table Schema for a file that declares none: frictionless' own inference (so the file
    validates against it as it is), with the standard's text columns kept as text."""
    try:
        from frictionless import Resource  # heavy; only for resources without a schema
        resource = Resource(str(path))
        resource.infer()
    except Exception:  # an unreadable file: the package stays without a schema for it
        return None
    if resource.schema is None:
        return None
    schema: dict[str, Any] = resource.schema.to_descriptor()
    for field in schema.get("fields", []):
        if _text_column(str(field.get("name", ""))):
            field["type"] = "string"
            field.pop("format", None)
    return schema


def _resource(res: ResourceInfo, base: Path | None) -> dict[str, Any]:
    out: dict[str, Any] = {"name": res.name}
    raw = res.descriptor
    if raw.get("title"):
        out["title"] = raw["title"]
    if raw.get("description"):
        out["description"] = raw["description"]
    if res.path is not None:
        out["path"] = (os.path.relpath(res.path, base).replace(os.sep, "/") if base
                       else str(raw.get("path")))
    elif raw.get("path"):
        out["path"] = raw["path"]
    else:
        out["path"] = res.url  # v2: a path may be a URL
    if res.format:
        out["format"] = res.format
    out["mediatype"] = res.media_type
    if res.bytes is not None:
        out["bytes"] = res.bytes
    if res.sha256 is not None:
        out["hash"] = f"sha256:{res.sha256}"
    schema = raw.get("schema")
    if not isinstance(schema, dict) and res.path is not None and res.format in ("csv", "xlsx"):
        schema = _infer_schema(res.path)
    if isinstance(schema, dict):
        out["schema"] = schema
    for key, value in raw.items():  # anything else the resource declared (url, ...)
        out.setdefault(key, value)
    return out


def _licenses(meta: dict[str, Any]) -> list[dict[str, str]]:
    licence = codelist("lisensi").get(str(meta.get("lisensi")))
    if licence is None:
        return []
    entry = {"name": licence.code, "title": licence.label_in("en")}
    url = licence.mappings.get("url")
    if url:
        entry["path"] = str(url)
    return [entry]


def descriptor(ds: PreparedDataset, context: ExportContext,
               base: Path | None = None) -> dict[str, Any]:
    """The package descriptor of one dataset. ``base``: the folder resource paths are
    relative to (default: the dataset's own folder, i.e. the paths as written)."""
    meta = dict(ds.metadata)
    meta.pop("resources", None)
    out: dict[str, Any] = {"$schema": PROFILE, "name": ds.id}
    if meta.get("judul"):
        out["title"] = meta["judul"]
    if meta.get("deskripsi"):
        out["description"] = meta["deskripsi"]
    out["homepage"] = context.dataset_url(ds.id)
    if meta.get("tag"):
        out["keywords"] = list(meta["tag"])
    licenses = _licenses(meta)
    if licenses:
        out["licenses"] = licenses
    producer = codelist("perangkat_daerah").get(str(meta.get("produsen_data")))
    contributors: list[dict[str, Any]] = []
    if producer is not None:
        contributors.append({"title": producer.name, "roles": ["publisher"]})
    contact = meta.get("kontak")
    if isinstance(contact, dict) and contact.get("nama"):
        person = {"title": contact["nama"], "roles": ["contact"]}
        if contact.get("email"):
            person["email"] = contact["email"]
        contributors.append(person)
    if contributors:
        out["contributors"] = contributors
    if meta.get("sumber"):
        out["sources"] = [{"title": str(meta["sumber"])}]
    for key, value in meta.items():  # the standard's metadata, as the dataset declares it
        out.setdefault(key, value)
    out["resources"] = [_resource(r, base) for r in ds.resources]
    return out


def catalog(datasets: Sequence[PreparedDataset], context: ExportContext) -> dict[str, Any]:
    """Several packages as a frictionless catalogue; resource paths are relative to the
    datasets' common folder, so the file is written there."""
    folders = [d.dataset.base_dir.resolve() for d in datasets]
    base = Path(os.path.commonpath(folders)) if folders else None
    return {"datasets": [{"name": d.id, "title": d.metadata.get("judul", d.id),
                          "package": descriptor(d, context, base)} for d in datasets]}
