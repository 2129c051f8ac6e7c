"""The CKAN publisher: idempotent, resumable upserts of datasets, organisations and files.

Idempotent: a dataset whose metadata and files are unchanged causes no write at all, so CKAN's
``metadata_modified`` stays as it was. Resumable: every step looks at what the portal already
holds, so rerunning a batch that died halfway finishes it without duplicates. Uploads within a
dataset are strictly sequential (CKAN can lose files when two land in one dataset at once).
"""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path
from typing import Any

from ckanapi import NotFound, ValidationError

from satudata_ckan.client import Portal, TransientError
from satudata_ckan.mapping import (
    differences,
    metadata_from_package,
    organization_for,
    package_dict,
    resource_dict,
    resource_differences,
)
from satudata_meta.prepared import PreparedDataset, ResourceInfo
from satudata_meta.publishers import Outcome, PublishResult

TOKEN_ENV = "SATUDATA_CKAN_TOKEN"
CONFIG_ENV = "SATUDATA_CKAN_CONFIG"
DEFAULT_CONFIG = Path("~/.config/satudata/ckan.json")


def read_token(config: Path | None = None) -> str | None:
    """Token from ``SATUDATA_CKAN_TOKEN``, else from a config file nobody else can read."""
    if os.environ.get(TOKEN_ENV):
        return os.environ[TOKEN_ENV]
    path = (config or Path(os.environ.get(CONFIG_ENV) or DEFAULT_CONFIG)).expanduser()
    if not path.is_file():
        return None
    if path.stat().st_mode & (stat.S_IROTH | stat.S_IWOTH):
        raise PermissionError(
            f"{path} is readable by other users; run: chmod 600 {path} "
            f"(berkas token dapat dibaca pengguna lain)")
    data = json.loads(path.read_text(encoding="utf-8"))
    token = data.get("token")
    return str(token) if token else None


class CkanPublisher:
    name = "ckan"

    def __init__(self) -> None:
        self.portal: Portal | None = None
        self.mode = "extras"
        self._org_lock = threading.Lock()
        self._orgs: set[str] = set()

    # -- set-up -----------------------------------------------------------------------------
    def configure(self, options: dict[str, Any]) -> None:
        url = options.get("url")
        if not url:
            raise ValueError("--to ckan needs --url URL (alamat portal CKAN)")
        self.portal = Portal(str(url), read_token())
        self._orgs = set()  # known organisations belong to one portal: forget the last one's
        mode = options.get("mode") or "auto"
        self.mode = self.detect_mode() if mode == "auto" else str(mode)

    def detect_mode(self) -> str:
        """Scheming when the portal runs a schema with the Satu Data fields, else extras."""
        assert self.portal is not None
        try:
            schema = self.portal.call("scheming_dataset_schema_show", type="dataset")
        except (NotFound, TransientError, Exception):  # no scheming: vanilla CKAN
            return "extras"
        names = {f.get("field_name") for f in schema.get("dataset_fields", [])}
        return "scheming" if "accessRights" in names else "extras"

    # -- publish ----------------------------------------------------------------------------
    def publish(self, dataset: PreparedDataset, *, dry_run: bool, options: dict[str, Any]
                ) -> PublishResult:
        assert self.portal is not None, "configure() first"
        desired = package_dict(dataset, self.mode)
        changes: list[str] = []
        org_name, org_title = organization_for(str(dataset.metadata["produsen_data"]))
        if not self._org_exists(org_name):
            if not options.get("create_orgs") and not dry_run:
                return PublishResult(dataset.id, Outcome.FAILED, message=(
                    f"organisasi/organization {org_name!r} ({org_title}) belum ada di portal; "
                    "gunakan --create-orgs"))
            changes.append(f"create organization {org_name}")
            if not dry_run:
                self._create_org(org_name, org_title)
        current = self._show(dataset.id)
        if current is None:
            changes.append("create dataset")
        else:
            changes += [f"update {key}" for key in differences(current, desired)]
        plan = self._plan_resources(dataset.resources, current)
        changes += [step for step, _, _ in plan]
        outcome = (Outcome.CREATED if current is None
                   else Outcome.UPDATED if changes else Outcome.UNCHANGED)
        url = f"{self.portal.url}/dataset/{dataset.id}"
        if dry_run or not changes:
            return PublishResult(dataset.id, outcome, changes, url=url)
        if current is None:
            current = self._create(desired)
        elif any(c.startswith("update ") for c in changes):
            current = self.portal.call("package_update", **self._merge(current, desired))
        for step, res, existing in plan:
            self._apply_resource(current["id"], step, res, existing)
        return PublishResult(dataset.id, outcome, changes, url=url)

    def _org_exists(self, name: str) -> bool:
        assert self.portal is not None
        if name in self._orgs:
            return True
        try:
            self.portal.call("organization_show", id=name)
        except NotFound:
            return False
        self._orgs.add(name)
        return True

    def _create_org(self, name: str, title: str) -> None:
        assert self.portal is not None
        with self._org_lock:  # two datasets of one OPD in parallel: create it once
            if self._org_exists(name):
                return
            try:
                self.portal.call("organization_create", name=name, title=title)
            except ValidationError:
                if not self._org_exists(name):
                    raise
            self._orgs.add(name)

    def _show(self, name: str) -> dict[str, Any] | None:
        assert self.portal is not None
        try:
            pkg: dict[str, Any] = self.portal.call("package_show", id=name)
            return pkg
        except NotFound:
            return None

    def _create(self, desired: dict[str, Any]) -> dict[str, Any]:
        assert self.portal is not None
        try:
            pkg: dict[str, Any] = self.portal.call("package_create", retry=False, **desired)
            return pkg
        except (TransientError, ValidationError):
            # The create may have landed before the connection broke: look before failing.
            existing = self._show(desired["name"])
            if existing is None:
                raise
            pkg = self.portal.call("package_update", **self._merge(existing, desired))
            return pkg

    @staticmethod
    def _merge(current: dict[str, Any], desired: dict[str, Any]) -> dict[str, Any]:
        """package_update replaces everything: keep resources, foreign extras and ids."""
        merged = {k: v for k, v in current.items() if k not in ("tags", "extras")}
        merged.update(desired)
        merged["state"] = "active"
        if "extras" in desired:
            ours = {e["key"] for e in desired["extras"]}
            merged["extras"] = desired["extras"] + [
                e for e in current.get("extras") or [] if e["key"] not in ours]
        return merged

    def _plan_resources(self, resources: list[ResourceInfo], current: dict[str, Any] | None
                        ) -> list[tuple[str, ResourceInfo | None, dict[str, Any] | None]]:
        existing = {r.get("name"): r for r in (current or {}).get("resources") or []}
        plan: list[tuple[str, ResourceInfo | None, dict[str, Any] | None]] = []
        for res in resources:
            have = existing.pop(res.name, None)
            want = resource_dict(res)
            if have is None:
                plan.append((f"{'upload' if res.path else 'link'} resource {res.name}", res, None))
            elif res.path is not None and have.get("hash") != want.get("hash"):
                plan.append((f"upload resource {res.name} (file changed)", res, have))
            elif resource_differences(have, want):
                fields = ", ".join(resource_differences(have, want))
                plan.append((f"update resource {res.name} ({fields})", res, have))
        for name, have in existing.items():
            plan.append((f"delete resource {name}", None, have))
        return plan

    def _apply_resource(self, package_id: str, step: str, res: ResourceInfo | None,
                        existing: dict[str, Any] | None) -> None:
        assert self.portal is not None
        if res is None:
            assert existing is not None
            self.portal.call("resource_delete", id=existing["id"])
            return
        data = resource_dict(res)
        if existing is not None:
            data["id"] = existing["id"]
            if res.path is None or not step.startswith("upload"):
                self.portal.call("resource_patch", **data)
                return
            with res.path.open("rb") as fh:
                self.portal.call("resource_patch", files={"upload": fh}, **data)
            return
        data["package_id"] = package_id
        try:
            if res.path is None:
                self.portal.call("resource_create", retry=False, **data)
            else:
                with res.path.open("rb") as fh:
                    self.portal.call("resource_create", files={"upload": fh}, retry=False,
                                     **data)
        except TransientError:
            # Never create twice: if it landed, the next run sees it and only patches.
            pkg = self._show(package_id)
            if pkg is None or not any(r.get("name") == res.name for r in pkg["resources"]):
                raise

    def finish(self, *, dry_run: bool, options: dict[str, Any]) -> list[str]:
        return []

    # -- pull -------------------------------------------------------------------------------
    def pull(self, names: list[str], out_dir: Path, options: dict[str, Any]) -> list[Path]:
        """Bring datasets back as local packages (metadata + downloaded files)."""
        import yaml

        assert self.portal is not None
        written = []
        for name in names:
            pkg = self.portal.call("package_show", id=name)
            meta = metadata_from_package(pkg)
            folder = out_dir / pkg["name"]
            (folder / "data").mkdir(parents=True, exist_ok=True)
            resources = []
            for res in pkg.get("resources") or []:
                entry: dict[str, Any] = {"name": res.get("name"),
                                         "format": str(res.get("format") or "").lower()}
                for key in ("title", "description"):
                    if res.get(key):
                        entry[key] = res[key]
                if res.get("schema"):
                    schema = res["schema"]
                    entry["schema"] = json.loads(schema) if isinstance(schema, str) else schema
                if res.get("url_type") == "upload":
                    filename = str(res["url"]).rsplit("/", 1)[-1]
                    self._download(res["url"], folder / "data" / filename)
                    entry["path"] = f"data/{filename}"
                else:
                    entry["url"] = res.get("url")
                resources.append(entry)
            meta["resources"] = resources
            (folder / "datapackage.yaml").write_text(
                yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
            written.append(folder)
        return written

    def _download(self, url: str, target: Path) -> None:
        import requests

        assert self.portal is not None
        token = read_token()
        headers = {"Authorization": token} if token else {}
        with requests.get(url, headers=headers, timeout=self.portal.timeout, stream=True) as r:
            r.raise_for_status()
            tmp = target.with_name(target.name + ".part")
            with tmp.open("wb") as fh:
                for chunk in r.iter_content(1 << 16):
                    fh.write(chunk)
            tmp.replace(target)
