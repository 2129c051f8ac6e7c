"""The local catalogue: a folder any web server can serve, the default publish target.

Each dataset becomes ``<dir>/<id>/`` with ``datapackage.json`` (normalised metadata, resources
with size and sha256) and its files; ``<dir>/index.json`` lists them. After a run the catalogue
also gets every installed exporter's output for the whole catalogue (``data.json``,
``catalog.ttl``, ...), so a harvester such as data.go.id can read it as it is.
Publishing is idempotent: an unchanged dataset is not rewritten.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from satudata_meta.prepared import PreparedDataset, sha256_of
from satudata_meta.publishers import Outcome, PublishResult

INDEX = "index.json"


def _descriptor(prepared: PreparedDataset) -> dict[str, Any]:
    meta = dict(prepared.metadata)
    resources = []
    for res in prepared.resources:
        entry = dict(res.descriptor)
        if res.path is not None:
            entry["path"] = f"data/{res.path.name}"
            entry["bytes"] = res.bytes
            entry["hash"] = f"sha256:{res.sha256}"
        entry["mediatype"] = res.media_type
        resources.append(entry)
    meta["resources"] = resources
    return meta


class LocalCatalogPublisher:
    name = "local"

    def publish(self, dataset: PreparedDataset, *, dry_run: bool, options: dict[str, Any]
                ) -> PublishResult:
        root = Path(options.get("dir") or "catalog")
        target = root / dataset.id
        descriptor = _descriptor(dataset)
        text = json.dumps(descriptor, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        current = target / "datapackage.json"
        changes: list[str] = []
        if not current.is_file():
            changes.append("create dataset")
        elif current.read_text(encoding="utf-8") != text:
            changes.append("update metadata")
        for res in dataset.resources:
            if res.path is None:
                continue
            dest = target / "data" / res.path.name
            if not dest.is_file() or sha256_of(dest) != res.sha256:
                changes.append(f"copy {res.path.name}")
        outcome = (Outcome.CREATED if "create dataset" in changes
                   else Outcome.UPDATED if changes else Outcome.UNCHANGED)
        if dry_run or not changes:
            return PublishResult(dataset.id, outcome, changes, url=str(target))
        (target / "data").mkdir(parents=True, exist_ok=True)
        for res in dataset.resources:
            if res.path is not None and f"copy {res.path.name}" in changes:
                tmp = target / "data" / (res.path.name + ".tmp")
                shutil.copyfile(res.path, tmp)
                tmp.replace(target / "data" / res.path.name)  # atomic: no half-copied file
        tmp_meta = current.with_suffix(".json.tmp")
        tmp_meta.write_text(text, encoding="utf-8")
        tmp_meta.replace(current)
        return PublishResult(dataset.id, outcome, changes, url=str(target))

    def finish(self, *, dry_run: bool, options: dict[str, Any]) -> list[str]:
        """Rewrite the index and the catalogue-wide exports; return the files written."""
        if dry_run:
            return []
        from satudata_meta import plugins
        from satudata_meta.exporters import ExportContext
        from satudata_meta.prepared import prepare

        root = Path(options.get("dir") or "catalog")
        packages = sorted(p.parent for p in root.glob("*/datapackage.json"))
        prepared = [prepare(p) for p in packages]
        index = [{"id": p.id, "judul": p.metadata.get("judul"),
                  "produsen_data": p.metadata.get("produsen_data"),
                  "tanggal_pemutakhiran": p.metadata.get("tanggal_pemutakhiran"),
                  "path": f"{p.id}/datapackage.json"} for p in prepared]
        written = [INDEX]
        (root / INDEX).write_text(json.dumps({"datasets": index}, ensure_ascii=False, indent=2)
                                  + "\n", encoding="utf-8")
        context = ExportContext(**({"base_url": options["base_url"]}
                                   if options.get("base_url") else {}))
        for name, exporter in plugins.load("exporter").items():
            if name == "datapackage":
                continue  # each dataset folder already is a data package
            filename = "data.json" if name == "datajson" else f"catalog.{exporter.extension}"
            if name.startswith("dcat-") and name != "dcat-turtle":
                filename = f"catalog-{name.removeprefix('dcat-')}.{exporter.extension}"
            (root / filename).write_text(exporter.export(prepared, context), encoding="utf-8")
            written.append(filename)
        return written
