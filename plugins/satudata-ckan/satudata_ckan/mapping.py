"""Our metadata <-> a CKAN package dict, in both modes.

*scheming*: the portal runs our generated ckanext-scheming schema, fields are top-level keys.
*extras*: vanilla CKAN, the same keys as ``extras``. Names follow the national Satu Data CKAN
schema (``accessRights``, ``accrualPeriodicity``, ``satuan``, ...), see the standard's mappings.
"""

from __future__ import annotations

import json
from typing import Any

from satudata_meta.codes import codelist
from satudata_meta.prepared import PreparedDataset, ResourceInfo
from satudata_meta.standard.ckan import CkanField, ckan_fields
from satudata_meta.standard.spec import load_standard

STANDARD_KEY = "satudata_standard"
_HANDLED = {"name", "title", "notes", "owner_org", "license_id"}


def organization_for(produsen: str) -> tuple[str, str]:
    """CKAN organisation (name, official title) of a perangkat daerah code."""
    code = codelist("perangkat_daerah").get(produsen)
    if code is None:
        raise ValueError(f"unknown perangkat_daerah {produsen!r}")
    return str(code.extra.get("ckan_org") or code.code), code.name


def produsen_for(org_name: str) -> str | None:
    for code in codelist("perangkat_daerah"):
        if code.extra.get("ckan_org") == org_name or code.code == org_name:
            return code.code
    return None


def _get(data: dict[str, Any], path: str) -> Any:
    value: Any = data
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _fields() -> list[CkanField]:
    return ckan_fields()


def package_dict(p: PreparedDataset, mode: str) -> dict[str, Any]:
    """The package as CKAN should hold it (without resources)."""
    meta = p.metadata
    std = load_standard()
    org, _ = organization_for(str(meta["produsen_data"]))
    licence = codelist("lisensi").get(str(meta.get("lisensi") or ""))
    pkg: dict[str, Any] = {
        "name": meta["id"], "title": meta["judul"], "notes": meta["deskripsi"],
        "owner_org": org,
        "license_id": str(licence.mappings.get("ckan") or "") if licence else "",
        "tag_string": ",".join(str(t) for t in meta.get("tag") or []),
    }
    extra: dict[str, str] = {"publisher_type": "daerah-provinsi",
                             STANDARD_KEY: f"{std.id}/{std.version}"}
    for field in _fields():
        if field.name in _HANDLED:
            continue
        value = _get(meta, field.path)
        if value is None or value == "":
            continue
        if field.core:
            pkg[field.name] = _as_text(value)
        else:
            extra[field.name] = _as_text(value)
    if mode == "scheming":
        pkg.update(extra)
    else:
        pkg["extras"] = [{"key": k, "value": v} for k, v in sorted(extra.items())]
    return pkg


def resource_dict(res: ResourceInfo) -> dict[str, Any]:
    """The resource's managed keys (the file or link itself is handled by the publisher)."""
    d = res.descriptor
    out: dict[str, Any] = {
        "name": res.name,
        "format": res.format.upper(),
        "description": str(d.get("description") or ""),
        "title": str(d.get("title") or ""),
        "mimetype": res.media_type,
    }
    if res.sha256:
        out["hash"] = f"sha256:{res.sha256}"
    if isinstance(d.get("schema"), dict):
        out["schema"] = json.dumps(d["schema"], ensure_ascii=False, sort_keys=True)
    if res.url and not res.path:
        out["url"] = res.url
    return out


def flat_fields(pkg: dict[str, Any]) -> dict[str, Any]:
    """A package from package_show with its extras folded in, for comparison and pulling."""
    flat = {k: v for k, v in pkg.items() if k != "extras"}
    if isinstance(pkg.get("organization"), dict):  # package_show gives the id; we send names
        flat["owner_org"] = pkg["organization"].get("name")
    for item in pkg.get("extras") or []:
        flat.setdefault(item["key"], item["value"])
    flat["tag_string"] = ",".join(sorted(t["name"] for t in pkg.get("tags") or []))
    return flat


def differences(current: dict[str, Any], desired: dict[str, Any]) -> list[str]:
    """Managed keys whose value differs: the reason for an update, or nothing."""
    have = flat_fields(current)
    want = dict(desired)
    want.update({e["key"]: e["value"] for e in want.pop("extras", [])})
    want["tag_string"] = ",".join(sorted(t for t in want.get("tag_string", "").split(",") if t))
    changed = []
    for key, value in want.items():
        if str(have.get(key) or "") != str(value or ""):
            changed.append(key)
    if current.get("state") not in (None, "active"):
        changed.append("state")
    return sorted(changed)


def resource_differences(current: dict[str, Any], desired: dict[str, Any]) -> list[str]:
    changed = []
    for key, value in desired.items():
        have = current.get(key)
        if key == "format":
            have, value = str(have or "").upper(), str(value).upper()
        if str(have or "") != str(value or ""):
            changed.append(key)
    return changed


def metadata_from_package(pkg: dict[str, Any]) -> dict[str, Any]:
    """Our metadata back from a CKAN package (the inverse of ``package_dict``)."""
    flat = flat_fields(pkg)
    meta: dict[str, Any] = {"id": pkg["name"], "judul": pkg.get("title"),
                            "deskripsi": pkg.get("notes")}
    tags = sorted(t["name"] for t in pkg.get("tags") or [])
    if tags:
        meta["tag"] = tags
    org = (pkg.get("organization") or {}).get("name") or pkg.get("owner_org")
    meta["produsen_data"] = produsen_for(str(org)) or org
    licence = codelist("lisensi").by_mapping("ckan", pkg.get("license_id") or "")
    if licence is not None:
        meta["lisensi"] = licence.code
    for field in _fields():
        if field.name in _HANDLED:
            continue
        raw = flat.get(field.name)
        if raw in (None, ""):
            continue
        value: Any = {"true": True, "false": False}.get(str(raw), raw) \
            if field.spec.type == "boolean" else raw
        target = meta
        parts = field.path.split(".")
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        target[parts[-1]] = value
    return meta
