"""data.json (Project Open Data 1.1), the feed data.go.id's ``dcat_json`` harvester reads.

The national harvester copies Satu Data keys (``accessRights``, ``satuan``, ``konsep``,
``prioritas_tahun``, ``id_msind``, ...) 1:1 into its CKAN, so besides the POD fields every
field with a ``pod`` mapping in the standard is written under that key. POD allows extra keys
(its schema has no ``additionalProperties: false``), so the feed stays schema-valid.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import Any

from satudata_meta.codes import codelist
from satudata_meta.exporters import ExportContext
from satudata_meta.importers.crosswalk import pod_simple_fields
from satudata_meta.prepared import PreparedDataset, ResourceInfo
from satudata_meta.standard.spec import load_standard

POD_CONTEXT = "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld"
POD_CONFORMS_TO = "https://project-open-data.cio.gov/v1.1/schema"
POD_DESCRIBED_BY = "https://project-open-data.cio.gov/v1.1/schema/catalog.json"
# The national CKAN's "Tipe Instansi" for a province's agencies (apteksdi/ckanext-scheming).
PUBLISHER_TYPE = "daerah-provinsi"
# The government every perangkat daerah belongs to: POD's publisher.subOrganizationOf.
PARENT_ORGANIZATION = "Pemerintah Provinsi Banten"


class DataJsonExporter:
    """``--format datajson``: a POD 1.1 catalogue of the given datasets."""

    name = "datajson"
    media_type = "application/json"
    extension = "json"

    def export(self, datasets: Sequence[PreparedDataset], context: ExportContext) -> str:
        return json.dumps(catalog(datasets, context), ensure_ascii=False, indent=2) + "\n"


def catalog(datasets: Sequence[PreparedDataset], context: ExportContext) -> dict[str, Any]:
    """The ``data.json`` document: catalogue head plus one entry per dataset."""
    return {
        "@context": POD_CONTEXT,
        "@id": context.base_url.rstrip("/") + "/data.json",
        "@type": "dcat:Catalog",
        "conformsTo": POD_CONFORMS_TO,
        "describedBy": POD_DESCRIBED_BY,
        "dataset": [dataset(d, context) for d in datasets],
    }


def wilayah_uri(code: str, context: ExportContext) -> str:
    """The stable URI of a region: the configurable base plus the Kemendagri code."""
    return context.wilayah_base.rstrip("/") + "/" + code


def _code_value(list_name: str, value: Any) -> Any:
    """A code as the national portal writes it: its ``ckan`` form when the list has one."""
    code = codelist(list_name).get(str(value))
    if code is None:
        return value  # an extensible list's new value: passed on as written
    return code.mappings.get("ckan") or code.code


def _mapping(list_name: str, value: Any, scheme: str) -> Any:
    code = codelist(list_name).get(str(value)) if value is not None else None
    return code.mappings.get(scheme) if code is not None else None


def _keywords(meta: dict[str, Any]) -> list[str]:
    """``tag``, else the topic's label: POD requires at least one keyword."""
    tags = [str(t) for t in meta.get("tag") or [] if str(t).strip()]
    if tags:
        return tags
    topic = codelist("topik").get(str(meta.get("topik")))
    return [topic.name] if topic is not None else []


def distribution(ds: PreparedDataset, res: ResourceInfo,
                 context: ExportContext) -> dict[str, Any]:
    """One POD distribution: ``downloadURL`` for a file, ``accessURL`` for a link."""
    out: dict[str, Any] = {"@type": "dcat:Distribution", "identifier": res.name}
    title = res.descriptor.get("title")
    out["title"] = str(title) if title else res.name
    if res.descriptor.get("description"):
        out["description"] = str(res.descriptor["description"])
    raw_path = res.descriptor.get("path")
    if res.path is not None or (raw_path and not res.url):
        filename = PurePosixPath(str(raw_path)).name if raw_path else res.name
        out["downloadURL"] = context.download_url(ds.id, res.name, filename)
    if res.url:
        out["accessURL"] = res.url
    out["mediaType"] = res.media_type
    if res.format:
        out["format"] = res.format
    if res.bytes is not None:
        out["byteSize"] = res.bytes  # read by the national harvester as the resource size
    return out


def dataset(ds: PreparedDataset, context: ExportContext) -> dict[str, Any]:
    """One POD dataset entry, with the Satu Data keys the national portal copies."""
    meta = ds.metadata
    out: dict[str, Any] = {"@type": "dcat:Dataset"}
    for m in pod_simple_fields(load_standard()):
        value = meta.get(m.path)
        if value is None or value == "" or value == []:
            continue
        assert m.pod is not None
        out[m.pod] = _code_value(m.spec.codelist, value) if m.spec.codelist else value
    out["keyword"] = _keywords(meta)
    if "modified" not in out and meta.get("tanggal_rilis"):
        out["modified"] = meta["tanggal_rilis"]  # POD requires it; unchanged since release
    producer = codelist("perangkat_daerah").get(str(meta.get("produsen_data")))
    out["publisher"] = {
        "@type": "org:Organization",
        "name": producer.name if producer is not None else str(meta.get("produsen_data", "")),
        "subOrganizationOf": {"@type": "org:Organization", "name": PARENT_ORGANIZATION},
    }
    contact = meta.get("kontak") or {}
    if isinstance(contact, dict) and contact:
        out["contactPoint"] = {"@type": "vcard:Contact", "fn": contact.get("nama"),
                               "hasEmail": f"mailto:{contact.get('email')}"}
    access = meta.get("akses")
    if _mapping("akses", access, "pod"):
        out["accessLevel"] = _mapping("akses", access, "pod")
        out["accessRights"] = _mapping("akses", access, "ckan")
    frequency = _mapping("frekuensi", meta.get("frekuensi"), "iso8601")
    if frequency:
        out["accrualPeriodicity"] = frequency
    period = meta.get("periode") or {}
    if isinstance(period, dict) and period.get("awal") and period.get("akhir"):
        out["temporal"] = f"{period['awal']}/{period['akhir']}"
    if meta.get("cakupan_wilayah"):
        out["spatial"] = wilayah_uri(str(meta["cakupan_wilayah"]), context)
    topic = codelist("topik").get(str(meta.get("topik")))
    if topic is not None:
        out["theme"] = [topic.name]
    licence = _mapping("lisensi", meta.get("lisensi"), "url")
    if licence:
        out["license"] = licence
    out["landingPage"] = context.dataset_url(ds.id)
    language = context.catalog.get("language")
    if language:
        out["language"] = [str(language)]
    out["publisher_type"] = PUBLISHER_TYPE
    out["distribution"] = [distribution(ds, r, context) for r in ds.resources]
    return out
