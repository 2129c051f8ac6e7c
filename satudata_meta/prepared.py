"""A dataset made ready for exporters and publishers: canonical metadata plus file facts.

Exporters and publishers never re-read or re-check anything: they get canonical codes (the
metadata check's normalised output) and, per resource, size, sha256 and media type.
"""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from satudata_meta.dataset import Dataset, load
from satudata_meta.findings import Finding
from satudata_meta.standard.check import check_metadata

MEDIA_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xls": "application/vnd.ms-excel",
    "json": "application/json",
    "pdf": "application/pdf",
    "zip": "application/zip",
}


@dataclass(frozen=True)
class ResourceInfo:
    name: str
    format: str
    descriptor: dict[str, Any]  # as written, including title/description/schema
    path: Path | None = None  # local file, when there is one
    url: str | None = None  # remote link, when there is no file
    bytes: int | None = None
    sha256: str | None = None

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES.get(self.format) or mimetypes.types_map.get(
            "." + self.format, "application/octet-stream")


@dataclass
class PreparedDataset:
    dataset: Dataset
    metadata: dict[str, Any]  # normalised: canonical codes, ISO dates
    resources: list[ResourceInfo] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # from the metadata check

    @property
    def id(self) -> str:
        return str(self.metadata.get("id") or self.dataset.source.stem)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def prepare(dataset: Dataset | str | Path) -> PreparedDataset:
    """Load (if needed), normalise metadata, and measure every local resource file."""
    ds = dataset if isinstance(dataset, Dataset) else load(dataset)
    metadata, findings = check_metadata(ds.metadata, file=str(ds.descriptor_path))
    prepared = PreparedDataset(ds, metadata, findings=findings)
    for res in ds.resources:
        path = res.path if res.path is not None and res.path.is_file() else None
        prepared.resources.append(ResourceInfo(
            name=res.name, format=res.format, descriptor=res.descriptor, path=path, url=res.url,
            bytes=path.stat().st_size if path else None,
            sha256=sha256_of(path) if path else None,
        ))
    return prepared
