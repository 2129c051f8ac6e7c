"""Exporters: metadata in the formats around the portal (DCAT-AP 3, data.json, Data Package).

One plugin per output format, found through the ``satudata_meta.exporters`` entry-point group
(the entry point's name is the format name given to ``satudata export --format``). The core
never imports RDF code: the DCAT exporters live in their own distribution under ``plugins/``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from satudata_meta.prepared import PreparedDataset

DEFAULT_CATALOG: dict[str, Any] = {
    "title": {"id": "Katalog Satu Data Provinsi Banten",
              "en": "Banten Province One Data catalogue"},
    "description": {
        "id": "Katalog dataset perangkat daerah Provinsi Banten menurut Standar Metadata "
              "Satu Data Banten.",
        "en": "Datasets of Banten Province agencies under the Satu Data Banten metadata "
              "standard.",
    },
    "publisher": "diskominfo",  # perangkat_daerah code of the walidata
    "homepage": "https://satudata.bantenprov.go.id/",
    "language": "id",
}


@dataclass
class ExportContext:
    """Where the catalogue lives and how it describes itself."""

    base_url: str = "https://satudata.bantenprov.go.id/"  # dataset and download URLs start here
    wilayah_base: str = "https://satudata.bantenprov.go.id/wilayah/"  # stable URIs for regions
    catalog: dict[str, Any] = field(default_factory=lambda: dict(DEFAULT_CATALOG))
    lang: str = "id"

    def dataset_url(self, dataset_id: str) -> str:
        return f"{self.base_url.rstrip('/')}/dataset/{dataset_id}"

    def download_url(self, dataset_id: str, resource_name: str, filename: str) -> str:
        base = self.base_url.rstrip("/")
        return f"{base}/dataset/{dataset_id}/resource/{resource_name}/{filename}"


@runtime_checkable
class Exporter(Protocol):
    """The plugin interface for ``satudata_meta.exporters`` entry points."""

    name: str  # the format name, e.g. "datajson"
    media_type: str
    extension: str  # file extension without dot, e.g. "json", "ttl"

    def export(self, datasets: Sequence[PreparedDataset], context: ExportContext) -> str: ...
