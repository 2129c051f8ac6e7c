"""Reading a catalogue: a data.json feed, a CKAN portal (Action API) or a folder of packages.

Every source yields ``Item``s: the dataset as published (a ``Record``, for the MQA score) and
its metadata in the standard's terms (for the compliance score). How each source's keys become
a Record follows what a harvester does with them:

* data.json: the POD keys as written (``keyword``, ``theme``, ``distribution[].downloadURL``
  ...), so the audit scores the feed, not our reading of it;
* CKAN: the keys ckanext-dcat's ``euro_dcat_ap`` profile maps (tags, groups, ``spatial``,
  ``temporal_start``, resource ``format``/``mimetype``/``size``, ``metadata_created`` and
  ``metadata_modified`` when the dataset states no dates of its own), plus the national Satu
  Data keys (``accessRights``, ``topik``, ``cakupan_wilayah``); an uploaded file's URL
  (``url_type`` "upload") is a download URL, a link is an access URL;
* local packages: exactly what ``satudata export --format datajson`` would publish, read like a
  data.json feed, so auditing a folder predicts the score of its export.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from satudata_meta.audit.model import ComplianceResult, Distribution, Record
from satudata_meta.codes import codelist
from satudata_meta.findings import Finding
from satudata_meta.prepared import PreparedDataset

SOURCE_TYPES = ("datajson", "ckan", "folder")
SEARCH_ROWS = 500  # CKAN caps rows at ckan.search.rows_max (1000 by default)
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?([T ].*)?$")
_PLAIN_ID = re.compile(r"^[A-Za-z0-9_.-]+$")

Progress = Callable[[str, int, int | None], None]


class AuditSourceError(Exception):
    """The catalogue cannot be read at all (exit code 2); the message is per language."""

    def __init__(self, messages: dict[str, str]) -> None:
        super().__init__(messages.get("en") or next(iter(messages.values())))
        self.messages = messages

    def message(self, lang: str) -> str:
        return self.messages.get(lang) or str(self)


@dataclass
class Item:
    """One dataset read from a source."""

    record: Record
    metadata: dict[str, Any]  # in the standard's terms, as read (compliance is checked on it)
    ref: str  # where: "data.json #12", a folder, a CKAN dataset URL
    findings: list[Finding] | None = None  # already checked (local packages)
    prepared: PreparedDataset | None = None  # local packages: what the exporters get
    normalised: dict[str, Any] | None = None  # set once the metadata has been checked
    compliance: ComplianceResult | None = None  # set once scored


# --- small value helpers -------------------------------------------------------------------


def _text(value: Any) -> str | None:
    """A non-blank scalar as one-line text; anything else (None, "", {}, []) is None."""
    if value is None or isinstance(value, dict | list | bool):
        return None
    text = " ".join(str(value).split())
    return text or None


def _texts(value: Any) -> list[str]:
    """Non-blank strings of a list, or of a comma-separated string."""
    items = value if isinstance(value, list) else str(value).split(",") \
        if isinstance(value, str) else []
    return [t for t in (_text(v) for v in items) if t]


def _is_date(value: Any) -> bool:
    """A date MQA would read: ISO 8601 year, month, date or date-time ("-" is no date)."""
    text = _text(value)
    return bool(text and _DATE.match(text))


def _positive(value: Any) -> bool:
    if isinstance(value, bool) or value is None:
        return False
    try:
        return float(str(value).strip()) > 0
    except ValueError:
        return False


@cache
def opd_name(code: str) -> str | None:
    found = codelist("perangkat_daerah").get(code)
    return found.name if found is not None else None


@cache
def opd_for_org(org: str) -> str | None:
    """The perangkat daerah code of a CKAN organisation name (its ``ckan_org`` or its code)."""
    for code in codelist("perangkat_daerah"):
        if code.extra.get("ckan_org") == org or code.code == org:
            return code.code
    return None


# --- data.json -----------------------------------------------------------------------------


def _pod_spatial(value: Any) -> str | None:
    if isinstance(value, dict):
        named = _text(value.get("name")) or _text(value.get("@id")) or _text(value.get("uri"))
        if named:
            return named
        geometry = {k: v for k, v in value.items() if k != "@type" and v not in (None, "", [])}
        return str(geometry) if geometry else None
    return _text(value)


def _pod_temporal(value: Any) -> str | None:
    if isinstance(value, dict):
        start = _text(value.get("startDate") or value.get("start"))
        end = _text(value.get("endDate") or value.get("end"))
        return f"{start or '..'}/{end or '..'}" if start or end else None
    return _text(value)


def _pod_contact(value: Any) -> str | None:
    if isinstance(value, dict):
        name = _text(value.get("fn"))
        email = next((_text(value.get(k)) for k in ("hasEmail", "vcard:hasEmail", "email")
                      if _text(value.get(k))), None)
        if email:
            email = re.sub(r"^mailto:", "", email, flags=re.IGNORECASE) or None
        return name or email
    return _text(value)


def _pod_publisher(value: Any) -> str | None:
    return _text(value.get("name")) if isinstance(value, dict) else _text(value)


def pod_distribution(dist: dict[str, Any]) -> Distribution:
    return Distribution(
        title=_text(dist.get("title")),
        access_url=_text(dist.get("accessURL")),
        download_url=_text(dist.get("downloadURL")),
        format=_text(dist.get("format")),
        media_type=_text(dist.get("mediaType")),
        byte_size=_positive(dist.get("byteSize")),
        licence=_text(dist.get("license")),
        rights=_text(dist.get("rights")),
        issued=_is_date(dist.get("issued")),
        modified=_is_date(dist.get("modified")),
    )


def record_from_pod(entry: dict[str, Any], ident: str, produsen: Any = None) -> Record:
    """A data.json dataset entry as MQA sees it. ``produsen``: the OPD code the importer
    recognised in ``publisher`` (groups the dataset under its OPD), if any."""
    publisher = _pod_publisher(entry.get("publisher"))
    code = str(produsen) if produsen is not None and opd_name(str(produsen)) else None
    dists = entry.get("distribution")
    dist_list = dists if isinstance(dists, list) else [dists] if isinstance(dists, dict) else []
    return Record(
        id=ident,
        title=_text(entry.get("title")),
        description=_text(entry.get("description")),
        publisher=(opd_name(code) if code else None) or publisher,
        publisher_key=code or (publisher or "").casefold(),
        keywords=_texts(entry.get("keyword")),
        themes=_texts(entry.get("theme")),
        spatial=_pod_spatial(entry.get("spatial")),
        temporal=_pod_temporal(entry.get("temporal")),
        licence=_text(entry.get("license")),
        access_rights=_text(entry.get("accessRights")) or _text(entry.get("accessLevel")),
        contact=_pod_contact(entry.get("contactPoint")),
        rights=_text(entry.get("rights")),
        issued=_is_date(entry.get("issued")),
        modified=_is_date(entry.get("modified")),
        landing_page=_text(entry.get("landingPage")),
        distributions=[pod_distribution(d) for d in dist_list if isinstance(d, dict)],
    )


def read_datajson(source: str, *, timeout: float, lang: str,
                  wilayah_base: str | None = None) -> tuple[list[Item], list[str]]:
    """Every dataset of a data.json feed (file or URL); the importer's warnings as text.
    ``wilayah_base``: the URI base of regions in ``spatial`` (our own exports write
    ``<base>/36``), so a region URI is read back as its Kemendagri code."""
    from satudata_meta.importers.datajson import (
        FeedError,
        detect_scope,
        import_catalog,
        read_feed,
    )

    try:
        catalog, feed_warnings = read_feed(source, timeout=timeout)
    except FeedError as exc:
        raise AuditSourceError({"id": exc.message("id"), "en": exc.message("en")}) from exc
    imported = import_catalog(catalog, scope=detect_scope(catalog), wilayah_base=wilayah_base)
    items = []
    for entry, done in zip(catalog["dataset"], imported, strict=True):
        record = record_from_pod(entry, done.id, done.metadata.get("produsen_data"))
        items.append(Item(record=record, metadata=done.metadata,
                          ref=f"data.json #{done.index}"))
    return items, [w.message(lang) for w in feed_warnings]


# --- local packages ------------------------------------------------------------------------


def read_folder(source: str, *, base_url: str | None, lang: str,
                progress: Progress | None = None) -> tuple[list[Item], list[str]]:
    """Every package under a folder, scored on what its data.json export would say."""
    from satudata_meta.dataset import discover
    from satudata_meta.errors import InputError
    from satudata_meta.exporters import ExportContext
    from satudata_meta.exporters.datajson import dataset as pod_dataset
    from satudata_meta.prepared import prepare

    root = Path(source)
    if not root.exists():
        raise AuditSourceError({"id": f"Tidak ditemukan: {source}", "en": f"Not found: {source}"})
    context = ExportContext()
    if base_url:
        context = ExportContext(base_url=base_url,
                                wilayah_base=base_url.rstrip("/") + "/wilayah/")
    paths = discover(root)
    items: list[Item] = []
    warnings: list[str] = []
    for n, path in enumerate(paths, start=1):
        if progress:
            progress("read", n, len(paths))
        try:
            prepared = prepare(path)
        except InputError as exc:
            warnings.append(f"{path}: {exc.finding.message(lang)}")
            continue
        pod = pod_dataset(prepared, context)
        record = record_from_pod(pod, prepared.id, prepared.metadata.get("produsen_data"))
        findings = list(prepared.dataset.findings) + list(prepared.findings)
        items.append(Item(record=record, metadata=prepared.dataset.metadata, ref=str(path),
                          findings=findings, prepared=prepared,
                          normalised=prepared.metadata))
    return items, warnings


# --- CKAN ----------------------------------------------------------------------------------


def _extras(pkg: dict[str, Any]) -> dict[str, Any]:
    """Top-level keys plus the ``extras`` (vanilla CKAN keeps custom fields there)."""
    flat = {k: v for k, v in pkg.items() if k != "extras"}
    for item in pkg.get("extras") or []:
        if isinstance(item, dict) and "key" in item:
            flat.setdefault(str(item["key"]), item.get("value"))
    return flat


def _first(flat: dict[str, Any], *keys: str) -> str | None:
    return next((t for t in (_text(flat.get(k)) for k in keys) if t), None)


def ckan_distribution(res: dict[str, Any]) -> Distribution:
    url = _text(res.get("url"))
    download = _text(res.get("download_url"))
    access = _text(res.get("access_url"))
    if res.get("url_type") == "upload":
        download = download or url  # CKAN serves the uploaded file itself at this URL
    elif url and url != download:
        access = access or url
    return Distribution(
        title=_text(res.get("name")) or _text(res.get("title")),
        access_url=access,
        download_url=download,
        format=_text(res.get("format")),
        media_type=_text(res.get("mimetype")) or _text(res.get("mimetype_inner")),
        byte_size=_positive(res.get("size")),
        licence=_text(res.get("license")),
        rights=_text(res.get("rights")),
        issued=_is_date(res.get("issued")) or _is_date(res.get("created")),
        modified=_is_date(res.get("modified")) or _is_date(res.get("last_modified")),
    )


# CKAN's own "no licence" ids (ckan/model/license.py).
_NO_LICENCE = frozenset({"", "notspecified", "none"})


def record_from_ckan(pkg: dict[str, Any]) -> Record:
    """A CKAN package (``package_show``) as ckanext-dcat would expose it to MQA."""
    flat = _extras(pkg)
    org = pkg.get("organization") if isinstance(pkg.get("organization"), dict) else {}
    org_name = _text(org.get("name")) if org else None
    code = opd_for_org(org_name) if org_name else None
    publisher = _first(flat, "publisher_name", "dcat_publisher_name") or (
        _text(org.get("title")) or org_name if org else None)
    groups = [_text(g.get("title")) or _text(g.get("name"))
              for g in pkg.get("groups") or [] if isinstance(g, dict)]
    themes = [g for g in groups if g] + _texts(flat.get("theme")) + _texts(flat.get("topik"))
    start = _first(flat, "temporal_start")
    end = _first(flat, "temporal_end")
    temporal = f"{start or '..'}/{end or '..'}" if start or end else _first(
        flat, "temporal", "temporal_coverage")
    licence_id = _text(pkg.get("license_id"))
    licence = licence_id if licence_id and licence_id.casefold() not in _NO_LICENCE else None
    contact = _first(flat, "contact_name", "contact_email", "maintainer", "maintainer_email",
                     "author", "author_email")
    resources = [r for r in pkg.get("resources") or [] if isinstance(r, dict)]
    return Record(
        id=str(pkg.get("name") or pkg.get("id")),
        title=_text(pkg.get("title")),
        description=_text(pkg.get("notes")),
        publisher=(opd_name(code) if code else None) or publisher,
        publisher_key=code or (org_name or publisher or "").casefold(),
        keywords=[t for t in (_text(t.get("name")) for t in pkg.get("tags") or []
                              if isinstance(t, dict)) if t],
        themes=themes,
        spatial=_first(flat, "spatial_uri", "spatial_text", "spatial", "cakupan_wilayah"),
        temporal=temporal,
        licence=licence,
        access_rights=_first(flat, "accessRights", "access_rights"),
        contact=contact,
        rights=_first(flat, "rights"),
        issued=any(_is_date(flat.get(k)) for k in ("issued", "dcat_issued",
                                                    "metadata_created")),
        modified=any(_is_date(flat.get(k)) for k in ("modified", "dcat_modified",
                                                      "metadata_modified")),
        landing_page=_first(flat, "url"),
        distributions=[ckan_distribution(r) for r in resources],
    )


def ckan_metadata(pkg: dict[str, Any]) -> dict[str, Any]:
    """The package in the standard's terms (the CKAN plugin's own mapping), with its
    resources as links, as ``satudata pull`` would write them before downloading."""
    from satudata_ckan.mapping import metadata_from_package

    meta = metadata_from_package(pkg)
    resources = []
    for res in pkg.get("resources") or []:
        entry: dict[str, Any] = {"name": res.get("name"),
                                 "format": str(res.get("format") or "").lower()}
        for key in ("title", "description", "url"):
            if res.get(key):
                entry[key] = res[key]
        resources.append(entry)
    if resources:
        meta["resources"] = resources
    return meta


def ckan_base(url: str) -> str:
    """The portal's root from any of its URLs (".../api/3/action/..." or a dataset page)."""
    text = url.rstrip("/")
    for marker in ("/api/3", "/api/action", "/dataset"):
        if marker in text:
            text = text.split(marker, 1)[0]
    return text


def _portal(base: str, timeout: float) -> Any:
    try:
        from satudata_ckan.client import Portal
    except ImportError as exc:
        raise AuditSourceError({
            "id": "Audit portal CKAN memerlukan plugin satudata-ckan: "
                  "pip install -e plugins/satudata-ckan",
            "en": "Auditing a CKAN portal needs the satudata-ckan plugin: "
                  "pip install -e plugins/satudata-ckan"}) from exc
    from satudata_ckan.publisher import read_token

    try:
        token = read_token()  # optional for reading: private datasets, rate limits
    except PermissionError as exc:
        raise AuditSourceError({"id": str(exc), "en": str(exc)}) from exc
    return Portal(base, token, timeout=timeout, retries=2)


def _org_filter(publishers: Iterable[str]) -> list[str]:
    """CKAN organisation names for ``--publisher`` values (an OPD code or an org name)."""
    names = []
    for value in publishers:
        code = codelist("perangkat_daerah").get(value)
        names.append(str(code.extra.get("ckan_org") or code.code) if code else value)
    return names


def _search(portal: Any, fq: str, include_private: bool,
            progress: Progress | None) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    start = 0
    while True:
        page = portal.call("package_search", q="*:*", fq=fq, rows=SEARCH_ROWS, start=start,
                           sort="name asc", include_private=include_private)
        results = page.get("results") or []
        found.extend(results)
        start += len(results)
        if progress:
            progress("read", len(found), int(page.get("count") or 0))
        if not results or start >= int(page.get("count") or 0):
            return found


def _list_and_show(portal: Any, progress: Progress | None) -> list[dict[str, Any]]:
    """package_list (paged) then package_show each, for portals whose search is broken."""
    from concurrent.futures import ThreadPoolExecutor

    names: list[str] = []
    while True:
        page = portal.call("package_list", limit=1000, offset=len(names))
        if not page:
            break
        names.extend(str(n) for n in page)
        if len(page) < 1000:
            break
    with ThreadPoolExecutor(max_workers=8) as pool:
        shown = []
        for n, pkg in enumerate(pool.map(lambda name: portal.call("package_show", id=name),
                                          names), start=1):
            shown.append(pkg)
            if progress:
                progress("read", n, len(names))
    return shown


def read_ckan(source: str, *, include: tuple[str, ...], publishers: tuple[str, ...],
              fq: str | None, include_private: bool, timeout: float, lang: str,
              progress: Progress | None = None) -> tuple[list[Item], list[str]]:
    """Datasets of a CKAN portal through the Action API: ``package_search`` with rows/start
    paging, else ``package_list`` + ``package_show``; exact ``--include`` ids are shown one by
    one. No Solr-only action is used."""
    base = ckan_base(source)
    portal = _portal(base, timeout)  # first: it says what to install when the plugin is absent
    from ckanapi.errors import NotFound

    warnings: list[str] = []
    packages: list[dict[str, Any]]
    orgs = _org_filter(publishers)
    if include and all(_PLAIN_ID.match(i) for i in include):
        packages = []
        for n, name in enumerate(include, start=1):
            try:
                packages.append(portal.call("package_show", id=name))
            except NotFound:
                warnings.append({"id": f"Dataset {name} tidak ada di portal.",
                                 "en": f"Dataset {name} is not on the portal."}[lang])
            if progress:
                progress("read", n, len(include))
    else:
        clauses = []
        if orgs:
            clauses.append("organization:(" + " OR ".join(orgs) + ")")
        if fq:
            clauses.append(fq)
        try:
            packages = _search(portal, " ".join(clauses), include_private, progress)
        except Exception as exc:  # no search index, an old portal: any failure of the search
            warnings.append({
                "id": f"package_search gagal ({type(exc).__name__}); dibaca dengan "
                      "package_list + package_show.",
                "en": f"package_search failed ({type(exc).__name__}); read with "
                      "package_list + package_show."}[lang])
            try:
                packages = _list_and_show(portal, progress)
            except Exception as inner:
                raise AuditSourceError({
                    "id": f"Portal CKAN {base} tidak dapat dibaca: {inner}",
                    "en": f"The CKAN portal {base} cannot be read: {inner}"}) from inner
        if orgs:  # the fallback reads everything: filter here as well
            packages = [p for p in packages
                        if (p.get("organization") or {}).get("name") in orgs]
    if include:
        packages = [p for p in packages if any(fnmatch.fnmatchcase(str(p.get("name")), pat)
                                               for pat in include)]
    items = []
    for pkg in packages:
        record = record_from_ckan(pkg)
        items.append(Item(record=record, metadata=ckan_metadata(pkg),
                          ref=f"{base}/dataset/{pkg.get('name')}"))
    return items, warnings


# --- which source ------------------------------------------------------------------------


def _is_url(source: str) -> bool:
    return bool(re.match(r"^https?://", source, re.IGNORECASE))


def _looks_like_ckan(url: str, timeout: float) -> bool:
    import requests

    try:
        response = requests.get(ckan_base(url) + "/api/3/action/status_show", timeout=timeout)
        body = response.json()
    except (requests.RequestException, ValueError):
        return False
    return bool(isinstance(body, dict) and body.get("success") and
                isinstance(body.get("result"), dict) and
                "ckan_version" in body["result"])


def detect(source: str, *, timeout: float = 10.0) -> str:
    """``datajson``, ``ckan`` or ``folder`` from the SOURCE argument alone (a URL is probed
    for CKAN's ``status_show`` unless its path ends in ``.json``)."""
    if _is_url(source):
        url_path = urlparse(source).path
        if url_path.casefold().endswith(".json"):
            return "datajson"
        if "/api/3" in url_path or "/dataset" in url_path:
            return "ckan"
        return "ckan" if _looks_like_ckan(source, timeout) else "datajson"
    path = Path(source)
    if path.is_dir():
        return "folder"
    if path.is_file():
        if path.name.startswith("datapackage.") or path.suffix.casefold() in (
                ".yaml", ".yml", ".csv", ".xlsx"):
            return "folder"
        return "datajson"
    raise AuditSourceError({"id": f"Sumber tidak ditemukan: {source}",
                            "en": f"Source not found: {source}"})
