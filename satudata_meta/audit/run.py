"""One audit run: read the catalogue, check the metadata, score every dataset.

The order keeps the expensive, optional parts (URL checks, SHACL) out of the default path:
without ``--check-urls`` and ``--shacl`` nothing here touches the network after the catalogue
has been read, and every dataset costs one metadata check plus a few dictionary lookups.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from satudata_meta.audit import compliance, dcatap, mqa, sources
from satudata_meta.audit.model import DatasetAudit
from satudata_meta.audit.mqa import DcatVerdict
from satudata_meta.audit.sources import AuditSourceError, Item
from satudata_meta.audit.urls import DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT, UrlCheck, check_urls
from satudata_meta.codes import codelist
from satudata_meta.standard.spec import load_standard

Progress = Callable[[str, int, int | None], None]


@dataclass
class Options:
    source_type: str = "auto"  # auto | datajson | ckan | folder
    check_urls: bool = False
    url_timeout: float = DEFAULT_TIMEOUT
    url_concurrency: int = DEFAULT_CONCURRENCY
    shacl: bool = False
    shapes: Path | None = None
    include: tuple[str, ...] = ()  # dataset ids or glob patterns
    publishers: tuple[str, ...] = ()  # OPD codes, CKAN organisation names or publisher names
    fq: str | None = None  # extra CKAN package_search filter
    include_private: bool = False
    base_url: str | None = None  # local packages: where their export would live
    wilayah_base: str | None = None  # data.json: URI base of regions (default: our exports')
    timeout: float = 30.0  # reading a feed or the CKAN API
    lang: str = "id"


@dataclass
class Audit:
    source: str
    source_type: str
    datasets: list[DatasetAudit]
    options: Options
    warnings: list[str] = field(default_factory=list)
    urls: dict[str, UrlCheck] = field(default_factory=dict)
    started: str = ""
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds

    @property
    def urls_checked(self) -> bool:
        return self.options.check_urls

    @property
    def dcat_method(self) -> str:
        return "shacl" if self.options.shacl else "approximation"


def _read(source: str, kind: str, options: Options,
          progress: Progress | None) -> tuple[list[Item], list[str]]:
    if kind == "datajson":
        from satudata_meta.exporters import ExportContext

        base = options.wilayah_base or ExportContext().wilayah_base
        return sources.read_datajson(source, timeout=options.timeout, lang=options.lang,
                                     wilayah_base=base)
    if kind == "folder":
        return sources.read_folder(source, base_url=options.base_url, lang=options.lang,
                                   progress=progress)
    if kind == "ckan":
        return sources.read_ckan(source, include=options.include,
                                 publishers=options.publishers, fq=options.fq,
                                 include_private=options.include_private,
                                 timeout=options.timeout, lang=options.lang, progress=progress)
    raise AuditSourceError({"id": f"Jenis sumber tidak dikenal: {kind}",
                            "en": f"Unknown source type: {kind}"})


def _selected(item: Item, options: Options, kind: str) -> bool:
    if options.include and not any(fnmatch.fnmatchcase(item.record.id, p)
                                   for p in options.include):
        return False
    if options.publishers and kind != "ckan":  # CKAN filtered by organisation already
        wanted = {p.casefold() for p in options.publishers}
        key = item.record.publisher_key.casefold()
        org = codelist("perangkat_daerah").get(item.record.publisher_key)
        names = {key, (item.record.publisher or "").casefold()}
        if org is not None and org.extra.get("ckan_org"):
            names.add(str(org.extra["ckan_org"]).casefold())
        return bool(wanted & names)
    return True


def run(source: str, options: Options | None = None,
        progress: Progress | None = None) -> Audit:
    """Audit the catalogue at ``source``; ``AuditSourceError`` when it cannot be read."""
    opts = options or Options()
    started = dt.datetime.now(dt.UTC)
    clock = time.perf_counter()
    timings: dict[str, float] = {}
    mark = clock

    def lap(stage: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        timings[stage] = round(now - mark, 3)
        mark = now

    kind = opts.source_type if opts.source_type != "auto" else sources.detect(source)
    items, warnings = _read(source, kind, opts, progress)
    items = [i for i in items if _selected(i, opts, kind)]
    lap("read")

    standard = load_standard()
    for n, item in enumerate(items, start=1):
        if item.findings is None:
            item.normalised, item.findings = compliance.check(item.metadata, standard)
        item.compliance = compliance.assess(item.metadata, item.findings, standard)
        item.findings = None  # the score keeps the failing ones; the rest can go
        if not opts.shacl:  # only SHACL needs the metadata again
            item.metadata, item.normalised, item.prepared = {}, None, None
        if progress and n % 500 == 0:
            progress("check", n, len(items))
    lap("check")

    verdicts: dict[str, DcatVerdict]
    if opts.shacl:
        verdicts = dcatap.shacl_verdicts(
            items, shapes_folder=opts.shapes,
            progress=(lambda d, t: progress("shacl", d, t)) if progress else None)
    else:
        verdicts = {i.record.id: dcatap.approximate(i.record) for i in items}
    lap("dcat_ap")

    url_results: dict[str, UrlCheck] = {}
    url_ok: dict[str, bool] | None = None
    if opts.check_urls:
        wanted = [u for i in items for d in i.record.distributions
                  for u in (d.effective_access_url, d.download_url) if u]
        url_results = check_urls(
            wanted, timeout=opts.url_timeout, concurrency=opts.url_concurrency,
            progress=(lambda d, t: progress("urls", d, t)) if progress else None)
        url_ok = {u: r.ok for u, r in url_results.items()}
        lap("urls")

    audited = []
    for item in items:
        rec = item.record
        verdict = verdicts.get(rec.id) or dcatap.approximate(rec)
        result = mqa.score(rec, urls=url_ok, dcat=verdict)
        assert item.compliance is not None
        audited.append(DatasetAudit(id=rec.id, title=rec.title, publisher=rec.publisher,
                                    publisher_key=rec.publisher_key, ref=item.ref, mqa=result,
                                    compliance=item.compliance))
    lap("score")
    return Audit(source=source, source_type=kind, datasets=audited, options=opts,
                 warnings=warnings, urls=url_results,
                 started=started.isoformat(timespec="seconds"),
                 seconds=round(time.perf_counter() - clock, 3), timings=timings)
