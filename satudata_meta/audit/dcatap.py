"""The MQA "DCAT-AP compliance" indicator: SHACL when asked for, else an approximation.

``--shacl``: each dataset, mapped to the standard, is exported by the satudata-dcat exporter
plugin (``dcat-turtle``) and validated with pySHACL against the official DCAT-AP 3 shapes
(``shapes.ttl`` + ``range.ttl`` + ``mdr-vocabularies.shape.ttl``, the mandatory ones, as the
plugin's own tests do). A dataset passes when no Violation has it, or one of its
distributions or other nodes it links to, as focus node. What is validated is the DCAT-AP
graph a portal running this library would publish for the record, not the source's own
serialisation (a data.json feed has none): values the importer could not map are absent from
it, which the other indicators already count. Costly (pySHACL needs seconds per few hundred
datasets), hence opt-in.

Without ``--shacl``: a structural approximation of the mandatory DCAT-AP 3 properties --
``dct:title`` and ``dct:description`` on the dataset, ``dcat:accessURL`` on every distribution
(a download URL stands in for it, see ``Distribution.effective_access_url``). The reports say
which method was used.

rdflib and pySHACL are imported only here and only for ``--shacl``; the core never needs them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from satudata_meta.audit.model import Record
from satudata_meta.audit.mqa import DcatVerdict
from satudata_meta.audit.sources import AuditSourceError, Item
from satudata_meta.paths import repo_root

SHAPES_ENV = "SATUDATA_DCAT_SHAPES"
SHAPE_FILES = ("shapes.ttl", "range.ttl", "mdr-vocabularies.shape.ttl")
# A 3.0.0 shape no correct IRI passes (checksum algorithm IRIs must start with
# https://spdx.org/rdf/terms while SPDX's namespace is http://); see tests/formats.
DEFECTIVE_SHAPE = "http://data.europa.eu/r5r#Checksum_ShapeCV"
CHUNK = 250


def approximate(record: Record) -> DcatVerdict:
    """The mandatory DCAT-AP 3 properties, checked structurally."""
    missing = []
    if not record.title:
        missing.append("dct:title")
    if not record.description:
        missing.append("dct:description")
    without = [str(i + 1) for i, d in enumerate(record.distributions)
               if not d.effective_access_url]
    if without:
        missing.append("dcat:accessURL (distribution " + ", ".join(without) + ")")
    return DcatVerdict(not missing, "approximation", tuple(missing))


def find_shapes(folder: Path | None) -> Path:
    """The folder with the DCAT-AP 3 shapes: ``--shapes``, ``$SATUDATA_DCAT_SHAPES``, or the
    shared reference copy beside the repository."""
    candidates = [folder] if folder else []
    if os.environ.get(SHAPES_ENV):
        candidates.append(Path(os.environ[SHAPES_ENV]))
    root = repo_root()
    if root is not None:
        candidates.append(root.parent / "shared" / "reference" / "dcat-ap-3.0.0")
    for candidate in candidates:
        if all((candidate / name).is_file() for name in SHAPE_FILES):
            return candidate
    raise AuditSourceError({
        "id": "--shacl memerlukan shapes DCAT-AP 3 (" + ", ".join(SHAPE_FILES) + "): "
              f"beri --shapes FOLDER atau {SHAPES_ENV}.",
        "en": "--shacl needs the DCAT-AP 3 shapes (" + ", ".join(SHAPE_FILES) + "): "
              f"give --shapes FOLDER or {SHAPES_ENV}."})


def _imports() -> tuple[Any, Any, Any]:
    try:
        import pyshacl
        from rdflib import Graph, URIRef
    except ImportError as exc:
        raise AuditSourceError({
            "id": "--shacl memerlukan rdflib dan pyshacl: pip install pyshacl "
                  "plugins/satudata-dcat",
            "en": "--shacl needs rdflib and pyshacl: pip install pyshacl "
                  "plugins/satudata-dcat"}) from exc
    return pyshacl, Graph, URIRef


def _exporter() -> Any:
    from satudata_meta import plugins

    try:
        return plugins.get("exporter", "dcat-turtle")
    except KeyError as exc:
        raise AuditSourceError({
            "id": "--shacl memerlukan plugin satudata-dcat: pip install -e plugins/satudata-dcat",
            "en": "--shacl needs the satudata-dcat plugin: pip install -e "
                  "plugins/satudata-dcat"}) from exc


def _prepared(item: Item) -> Any:
    """What the exporter plugins take: the package itself, or one built from the metadata
    the source was mapped to (resources stay links)."""
    from satudata_meta.dataset import Dataset
    from satudata_meta.prepared import PreparedDataset, ResourceInfo

    if item.prepared is not None:
        return item.prepared
    meta = dict(item.normalised or item.metadata)
    meta["id"] = item.record.id
    where = Path(item.record.id)
    resources = []
    for i, res in enumerate(meta.get("resources") or []):
        if not isinstance(res, dict):
            continue
        url = res.get("url")
        resources.append(ResourceInfo(
            name=str(res.get("name") or f"resource-{i + 1}"), format=str(res.get("format") or ""),
            descriptor=res, url=str(url) if url else None))
    return PreparedDataset(Dataset(where, where, Path("."), meta, "datapackage"), meta,
                           resources)


def _shapes_graph(folder: Path) -> Any:
    _, Graph, URIRef = _imports()
    from rdflib.namespace import SH

    graph = Graph()
    for name in SHAPE_FILES:
        graph.parse(folder / name, format="turtle")
    graph.remove((URIRef(DEFECTIVE_SHAPE), SH.targetClass, None))
    return graph


def _owners(graph: Any, roots: dict[Any, str]) -> dict[Any, set[str]]:
    """Each node, mapped to the datasets that reach it within three links."""
    from rdflib import Literal

    owners: dict[Any, set[str]] = {}
    for root, ident in roots.items():
        frontier = {root}
        seen = {root}
        for _ in range(3):
            nxt = set()
            for node in frontier:
                for obj in graph.objects(node, None):
                    if obj not in seen and not isinstance(obj, Literal):
                        seen.add(obj)
                        nxt.add(obj)
            frontier = nxt
        for node in seen:
            owners.setdefault(node, set()).add(ident)
    return owners


def _short(node: Any, graph: Any) -> str:
    text = str(node)
    try:
        return str(graph.namespace_manager.normalizeUri(node)) if text.startswith("http") \
            else text
    except (ValueError, KeyError):
        return text


def _validate(chunk: Sequence[Item], shapes: Any, context: Any) -> dict[str, list[str]]:
    """Violations per dataset id for one chunk; raises when the export does not parse."""
    pyshacl, Graph, URIRef = _imports()
    from rdflib.namespace import RDF, SH

    text = _exporter().export([_prepared(i) for i in chunk], context)
    data = Graph()
    data.parse(data=text, format="turtle")
    roots = {URIRef(context.dataset_url(i.record.id) + "#dataset"): i.record.id for i in chunk}
    owners = _owners(data, roots)
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none",
                                    allow_warnings=True)
    found: dict[str, list[str]] = {i.record.id: [] for i in chunk}
    for result in report.objects(None, SH.result):
        if report.value(result, SH.resultSeverity) != SH.Violation:
            continue
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        kinds = [_short(k, data) for k in data.objects(focus, RDF.type)]
        component = str(report.value(result, SH.sourceConstraintComponent)).rsplit("#", 1)[-1]
        message = f"{'/'.join(sorted(kinds)) or _short(focus, data)} " \
                  f"{_short(path, data) if path is not None else ''}: {component}"
        for ident in owners.get(focus, ()):
            if ident in found and message not in found[ident]:
                found[ident].append(message)
    return found


def shacl_verdicts(items: Sequence[Item], *, shapes_folder: Path | None,
                   progress: Callable[[int, int], None] | None = None
                   ) -> dict[str, DcatVerdict]:
    """SHACL verdicts for every item, in chunks of ``CHUNK`` datasets; a chunk whose export
    cannot be parsed (e.g. a URL with spaces) is redone dataset by dataset."""
    from satudata_meta.exporters import ExportContext

    folder = find_shapes(shapes_folder)
    _imports()
    _exporter()
    shapes = _shapes_graph(folder)
    context = ExportContext()
    verdicts: dict[str, DcatVerdict] = {}
    buildable = []
    for item in items:
        meta = item.normalised or item.metadata
        missing = [p for k, p in (("judul", "dct:title"), ("deskripsi", "dct:description"))
                   if not isinstance(meta.get(k), str) or not meta.get(k, "").strip()]
        if missing:
            verdicts[item.record.id] = DcatVerdict(False, "shacl", tuple(
                f"dcat:Dataset {p}: MinCountConstraintComponent" for p in missing))
        else:
            buildable.append(item)
    done = 0
    for start in range(0, len(buildable), CHUNK):
        chunk = buildable[start:start + CHUNK]
        try:
            found = _validate(chunk, shapes, context)
        except Exception:  # a chunk that does not export or parse: one at a time
            found = {}
            for item in chunk:
                try:
                    found.update(_validate([item], shapes, context))
                except Exception as exc:
                    found[item.record.id] = [f"export: {type(exc).__name__}: {exc}"[:200]]
        for ident, messages in found.items():
            verdicts[ident] = DcatVerdict(not messages, "shacl", tuple(messages))
        done += len(chunk)
        if progress:
            progress(done, len(buildable))
    return verdicts
