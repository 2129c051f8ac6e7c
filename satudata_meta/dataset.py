"""A dataset on disk: its metadata and its resources, read from any of the supported forms.

Forms: a Frictionless Data Package descriptor (``datapackage.json``/``.yaml``) whose top level
carries the standard's fields; a folder holding one; a bare CSV/XLSX with a sidecar
``<file>.metadata.yaml``; or a dataset workbook (an XLSX made from ``satudata template``: a
``metadata`` sheet, one row per field, and a ``data`` sheet, the one resource; see
``satudata_meta.excel``). Resource paths are confined to the dataset's folder.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from satudata_meta.errors import InputError
from satudata_meta.findings import Finding

DESCRIPTOR_NAMES = ("datapackage.json", "datapackage.yaml", "datapackage.yml")
DATA_SUFFIXES = (".csv", ".xlsx")
SIDECAR_SUFFIX = ".metadata.yaml"
MAX_DESCRIPTOR_BYTES = 5 * 1024 * 1024


@dataclass
class Resource:
    """One resource of a dataset, with its local file resolved (when it has one)."""

    index: int
    descriptor: dict[str, Any]
    path: Path | None = None  # resolved, inside the dataset folder

    @property
    def name(self) -> str:
        return str(self.descriptor.get("name") or f"resource-{self.index + 1}")

    @property
    def url(self) -> str | None:
        url = self.descriptor.get("url")
        return str(url) if url else None

    @property
    def format(self) -> str:
        fmt = self.descriptor.get("format")
        if fmt:
            return str(fmt).lower()
        return self.path.suffix.lstrip(".").lower() if self.path else ""

    @property
    def schema(self) -> dict[str, Any] | None:
        schema = self.descriptor.get("schema")
        return schema if isinstance(schema, dict) else None


@dataclass
class Dataset:
    """What ``load`` returns: raw metadata as written, resources, and where they came from."""

    source: Path  # the path the user gave
    descriptor_path: Path  # the file that holds the metadata
    base_dir: Path
    metadata: dict[str, Any]
    form: str  # "datapackage" | "sidecar" | "workbook"
    resources: list[Resource] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # problems met while loading
    # Workbook form: metadata path ("kontak.email") -> (sheet, row) where it is written.
    positions: dict[str, tuple[str, int]] = field(default_factory=dict)

    @property
    def id(self) -> str | None:
        value = self.metadata.get("id")
        return str(value) if value else None

    @property
    def title(self) -> str | None:
        value = self.metadata.get("judul")
        return str(value) if value else None

    def locate(self, finding: Finding) -> Finding:
        """A metadata finding placed where the officer wrote the value: the metadata sheet
        and its row (workbook form); other findings, and other forms, unchanged."""
        if not self.positions or finding.path is None or finding.resource is not None or (
                finding.sheet is not None):
            return finding
        from satudata_meta.excel.layout import metadata_path

        where = self.positions.get(metadata_path(finding.path))
        if where is None:
            return finding
        return finding.model_copy(update={"sheet": where[0], "row_number": where[1]})


def _fail(code: str, source: Path | str, **params: Any) -> InputError:
    return InputError(Finding.of(code, params={"source": str(source), **params}, file=str(source)))


def read_descriptor(path: Path) -> dict[str, Any]:
    """Parse a YAML/JSON descriptor; any problem becomes an ``InputError`` with its line."""
    try:
        if path.stat().st_size > MAX_DESCRIPTOR_BYTES:
            raise _fail("descriptor-invalid", path, reason=f"> {MAX_DESCRIPTOR_BYTES} bytes")
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _fail("descriptor-invalid", path, reason=f"not UTF-8 (byte {exc.start})") from exc
    except OSError as exc:
        raise _fail("source-unreadable", path, reason=exc.strerror or str(exc)) from exc
    try:
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except json.JSONDecodeError as exc:
        raise _fail("descriptor-invalid", path,
                    reason=f"JSON, line {exc.lineno} column {exc.colno}: {exc.msg}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1} column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise _fail("descriptor-invalid", path, reason=f"YAML, {where}{problem}") from exc
    if not isinstance(data, dict):
        raise _fail("descriptor-invalid", path,
                    reason=f"top level is {type(data).__name__}, not key: value pairs")
    return data


def sidecar_for(data_file: Path) -> Path:
    return data_file.with_name(data_file.name + SIDECAR_SUFFIX)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9._-]+", "-", text.lower()).strip("-") or "data"


def _resolve_resources(dataset: Dataset) -> None:
    raw = dataset.metadata.get("resources")
    if not isinstance(raw, list):
        return  # the metadata check reports it
    base = dataset.base_dir.resolve()
    for i, descriptor in enumerate(raw):
        if not isinstance(descriptor, dict):
            continue
        resource = Resource(i, descriptor)
        path = descriptor.get("path")
        if isinstance(path, str) and path and not re.match(r"^[a-z]+://", path):
            target = (base / path).resolve()
            if Path(path).is_absolute() or not target.is_relative_to(base):
                dataset.findings.append(Finding.of(
                    "path-outside-package",
                    params={"resource": resource.name, "target": path},
                    file=str(dataset.descriptor_path), resource=resource.name,
                    path=f"resources[{i}].path",
                ))
            else:
                resource.path = target
        dataset.resources.append(resource)


def load(path: str | Path) -> Dataset:
    """Read one dataset from a descriptor, a folder holding one, or a CSV/XLSX with sidecar."""
    source = Path(path)
    if not source.exists():
        raise _fail("source-not-found", source)
    if source.is_dir():
        found = [source / n for n in DESCRIPTOR_NAMES if (source / n).is_file()]
        if not found:
            raise _fail("source-unsupported", source,
                        reason="folder without datapackage.json/datapackage.yaml")
        descriptor_path = found[0]
    elif source.name in DESCRIPTOR_NAMES or source.suffix in (".json", ".yaml", ".yml"):
        descriptor_path = source
    elif source.suffix.lower() in DATA_SUFFIXES:
        if source.suffix.lower() == ".xlsx" and not sidecar_for(source).is_file():
            return _load_workbook(source)
        return _load_sidecar(source)
    else:
        raise _fail("source-unsupported", source, reason=f"unknown file type {source.suffix!r}")
    metadata = read_descriptor(descriptor_path)
    dataset = Dataset(source, descriptor_path, descriptor_path.parent, metadata, "datapackage")
    _resolve_resources(dataset)
    return dataset


def _load_sidecar(data_file: Path) -> Dataset:
    sidecar = sidecar_for(data_file)
    if not sidecar.is_file():
        raise _fail("source-unsupported", data_file,
                    reason=f"no metadata file {sidecar.name} beside it")
    metadata = read_descriptor(sidecar)
    fmt = data_file.suffix.lstrip(".").lower()
    metadata.setdefault("resources", [{"name": _slug(data_file.stem), "path": data_file.name,
                                       "format": fmt}])
    dataset = Dataset(data_file, sidecar, data_file.parent, metadata, "sidecar")
    _resolve_resources(dataset)
    return dataset


def _load_workbook(source: Path) -> Dataset:
    """A dataset workbook: the metadata sheet's values, and the data sheet as its resource."""
    from satudata_meta.excel.layout import DATA_SHEET
    from satudata_meta.excel.package import PackageError
    from satudata_meta.excel.workbook import read_metadata

    try:
        sheet = read_metadata(source)
    except PackageError as exc:
        raise _fail("xlsx-limit-exceeded" if exc.limit else "source-unreadable", source,
                    reason=exc.reason) from exc
    except ValueError as exc:
        sidecar = sidecar_for(source).name
        raise _fail("source-unsupported", source, reason={
            "id": f"tidak ada berkas metadata {sidecar} di sampingnya, dan tidak ada lembar "
                  f"metadata bertata letak templat (satudata template): {exc}",
            "en": f"no metadata file {sidecar} beside it, and no metadata sheet in the "
                  f"template's layout (satudata template): {exc}"}) from exc
    resource: dict[str, Any] = {"name": _slug(source.stem), **sheet.resource,
                                "path": source.name, "format": "xlsx", "sheet": DATA_SHEET}
    metadata = {**sheet.metadata, "resources": [resource]}
    dataset = Dataset(source, source, source.parent, metadata, "workbook",
                      findings=list(sheet.findings))
    dataset.positions = {p: (sheet.sheet, row) for p, row in sheet.positions.items()}
    _resolve_resources(dataset)
    return dataset


def discover(path: str | Path) -> list[Path]:
    """The datasets under ``path``: itself if it is one, else every dataset below it, sorted."""
    root = Path(path)
    if not root.is_dir() or any((root / n).is_file() for n in DESCRIPTOR_NAMES):
        return [root]
    found: list[Path] = []
    for child in sorted(root.iterdir()):
        if child.is_dir():
            if not child.name.startswith("."):
                found.extend(discover(child))
        elif child.suffix.lower() in DATA_SUFFIXES and sidecar_for(child).is_file():
            found.append(child)
        elif child.suffix.lower() == ".xlsx" and not child.name.startswith("~$"):
            from satudata_meta.excel.workbook import is_dataset

            if is_dataset(child):
                found.append(child)
    return found
