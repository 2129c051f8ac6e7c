"""The EU MQA score of one Record: five dimensions, 405 points.

Each indicator is a small function of the Record; how a dataset's distributions are combined is
the indicator's ``combine`` rule in ``standards/mqa/indicators.yaml`` (share, best, inherit).
URL accessibility and DCAT-AP compliance are measured elsewhere (``urls``, ``dcatap``) and come
in as arguments, so scoring itself never touches the network and stays fast.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from satudata_meta.audit import vocab
from satudata_meta.audit.model import (
    FAILED,
    NOT_CHECKED,
    PARTIAL,
    PASSED,
    Distribution,
    IndicatorResult,
    MqaResult,
    Record,
)
from satudata_meta.codes import codelist

LICENCE_NAL = "/resource/authority/licence/"
ACCESS_RIGHT_NAL = "/resource/authority/access-right/"


@dataclass(frozen=True)
class DcatVerdict:
    """The DCAT-AP compliance of one dataset, and how it was decided."""

    ok: bool
    method: str  # "shacl" | "approximation"
    messages: tuple[str, ...] = field(default_factory=tuple)


@lru_cache(maxsize=4096)
def licence_known(value: str) -> bool:
    """A licence MQA finds in the EU licence NAL: its NAL URI, or a licence of the standard's
    list (SPDX id, CKAN license_id, licence URL) that has an EU NAL equivalent."""
    text = value.strip()
    if LICENCE_NAL in text:
        return True
    codes = codelist("lisensi")
    match = codes.normalize(text)
    code = match.code if match is not None else (
        codes.by_mapping("ckan", text) or codes.by_mapping("url", text))
    return code is not None and bool(code.mappings.get("eu"))


@lru_cache(maxsize=1024)
def access_rights_known(value: str) -> bool:
    """An access level with an EU access-right NAL equivalent (terbuka/terbatas/tertutup, POD
    public/restricted public/non-public, or the NAL URI itself)."""
    text = value.strip()
    if ACCESS_RIGHT_NAL in text:
        return True
    codes = codelist("akses")
    match = codes.normalize(text)
    code = match.code if match is not None else (
        codes.by_mapping("pod", text) or codes.by_mapping("eu", text))
    return code is not None and bool(code.mappings.get("eu"))


def _result(ident: str, max_points: int, fraction: float, *, share: float | None = None,
            detail: str | None = None) -> IndicatorResult:
    points = round(max_points * fraction, 2)
    status = PASSED if points >= max_points else FAILED if points <= 0 else PARTIAL
    return IndicatorResult(ident, points, max_points, status, share, detail)


def _share(ident: str, max_points: int, dists: list[Distribution],
           test: Callable[[Distribution], bool]) -> IndicatorResult:
    if not dists:
        return _result(ident, max_points, 0.0, share=0.0, detail="0/0")
    passing = sum(1 for d in dists if test(d))
    share = passing / len(dists)
    return _result(ident, max_points, share, share=share, detail=f"{passing}/{len(dists)}")


def _inherit(ident: str, max_points: int, dataset_value: bool, dists: list[Distribution],
             test: Callable[[Distribution], bool]) -> IndicatorResult:
    """A dataset value counts for all its distributions; else each distribution's own."""
    if dataset_value:
        return _result(ident, max_points, 1.0)
    if not any(test(d) for d in dists):
        return _result(ident, max_points, 0.0)
    return _share(ident, max_points, dists, test)


def _flag(ident: str, max_points: int, ok: bool) -> IndicatorResult:
    return _result(ident, max_points, 1.0 if ok else 0.0)


def _not_checked(ident: str, max_points: int) -> IndicatorResult:
    return IndicatorResult(ident, 0.0, max_points, NOT_CHECKED)


def interoperability_of(dist: Distribution) -> dict[str, float]:
    """The five distribution-level interoperability points of one distribution."""
    code = vocab.file_type(dist.format) if dist.format else None
    media = vocab.media_type(dist.media_type) if dist.media_type else None
    table = vocab.formats()
    return {
        "format": 20.0 if dist.format else 0.0,
        "media_type": 10.0 if dist.media_type else 0.0,
        # ckan-mqa's reading: format and media type are each half of the 10 points
        "format_vocabulary": (5.0 if code else 0.0) + (5.0 if media else 0.0),
        "non_proprietary": 20.0 if code in table.non_proprietary else 0.0,
        "machine_readable": 20.0 if code in table.machine_readable else 0.0,
    }


def _url_ok(urls: Mapping[str, bool], url: str | None) -> bool:
    return bool(url) and bool(urls.get(str(url)))


def score(record: Record, *, urls: Mapping[str, bool] | None,
          dcat: DcatVerdict) -> MqaResult:
    """Every indicator of ``record``. ``urls`` maps each URL to "answers 2xx"; None when the
    URLs were not checked (those two indicators are then "not checked" and count 0)."""
    method = vocab.method()
    points = {i.id: i.points for i in method.indicators}
    dists = record.distributions
    results: dict[str, IndicatorResult] = {}

    def put(r: IndicatorResult) -> None:
        results[r.id] = r

    # Findability
    put(_flag("keyword", points["keyword"], bool(record.keywords)))
    put(_flag("theme", points["theme"], bool(record.themes)))
    put(_flag("spatial", points["spatial"], bool(record.spatial)))
    put(_flag("temporal", points["temporal"], bool(record.temporal)))

    # Accessibility
    if urls is None:
        put(_not_checked("access_url_status", points["access_url_status"]))
        put(_share("download_url", points["download_url"], dists,
                   lambda d: bool(d.download_url)))
        put(_not_checked("download_url_status", points["download_url_status"]))
    else:
        checked = urls
        put(_share("access_url_status", points["access_url_status"], dists,
                   lambda d: _url_ok(checked, d.effective_access_url)))
        put(_share("download_url", points["download_url"], dists,
                   lambda d: bool(d.download_url)))
        put(_share("download_url_status", points["download_url_status"], dists,
                   lambda d: _url_ok(checked, d.download_url)))

    # Interoperability: the best distribution counts
    per_dist = [interoperability_of(d) for d in dists]
    best: int | None = None
    if per_dist:
        best = max(range(len(per_dist)), key=lambda i: (sum(per_dist[i].values()), -i))
    for ident in ("format", "media_type", "format_vocabulary", "non_proprietary",
                  "machine_readable"):
        got = per_dist[best][ident] if best is not None else 0.0
        detail = None
        if best is not None:
            d = dists[best]
            shown = d.format if ident != "media_type" else d.media_type
            if ident == "format_vocabulary":
                shown = " + ".join(str(v) for v in (d.format, d.media_type) if v)
            detail = shown or None
        put(_result(ident, points[ident], got / points[ident], detail=detail))
    put(_result("dcat_ap", points["dcat_ap"], 1.0 if dcat.ok else 0.0,
                detail="; ".join(dcat.messages[:3]) or None))

    # Reusability
    put(_inherit("licence", points["licence"], bool(record.licence), dists,
                 lambda d: bool(d.licence)))
    put(_inherit("licence_vocabulary", points["licence_vocabulary"],
                 bool(record.licence) and licence_known(str(record.licence)), dists,
                 lambda d: bool(d.licence) and licence_known(str(d.licence))))
    put(_flag("access_rights", points["access_rights"], bool(record.access_rights)))
    put(_flag("access_rights_vocabulary", points["access_rights_vocabulary"],
              bool(record.access_rights) and access_rights_known(str(record.access_rights))))
    put(_flag("contact_point", points["contact_point"], bool(record.contact)))
    put(_flag("publisher", points["publisher"], bool(record.publisher)))

    # Contextuality
    put(_inherit("rights", points["rights"], bool(record.rights), dists,
                 lambda d: bool(d.rights)))
    put(_share("byte_size", points["byte_size"], dists, lambda d: d.byte_size))
    put(_inherit("issued", points["issued"], record.issued, dists, lambda d: d.issued))
    put(_inherit("modified", points["modified"], record.modified, dists, lambda d: d.modified))

    dimensions = {dim.id: [results[i.id] for i in dim.indicators] for dim in method.dimensions}
    total = round(sum(r.points for r in results.values()), 2)
    return MqaResult(total=total, rating=method.rating(total).id, dimensions=dimensions,
                     best_distribution=best, dcat_method=dcat.method,
                     dcat_messages=list(dcat.messages))
