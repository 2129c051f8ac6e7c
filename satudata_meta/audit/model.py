"""What the audit looks at and what it finds, independent of where the catalogue came from.

A ``Record`` is one dataset as a harvester sees it, in DCAT terms (keywords, themes,
distributions with access and download URLs, ...). The three sources (data.json, CKAN, local
packages) are each turned into Records by ``sources``; the MQA scoring only reads Records, so
the same dataset scores the same whichever way it was read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from satudata_meta.findings import Finding

# Indicator status values.
PASSED = "passed"
PARTIAL = "partial"
FAILED = "failed"
NOT_CHECKED = "not_checked"


@dataclass
class Distribution:
    """One distribution (CKAN resource), with the values MQA looks at, as written."""

    title: str | None = None
    access_url: str | None = None
    download_url: str | None = None
    format: str | None = None
    media_type: str | None = None
    byte_size: bool = False  # a positive size is stated
    licence: str | None = None
    rights: str | None = None
    issued: bool = False
    modified: bool = False

    @property
    def effective_access_url(self) -> str | None:
        """DCAT-AP makes accessURL mandatory and asks for the download URL there too when the
        file is directly downloadable; POD and CKAN uploads often state only the download URL."""
        return self.access_url or self.download_url


@dataclass
class Record:
    """One dataset of the catalogue, as published."""

    id: str
    title: str | None = None
    description: str | None = None
    publisher: str | None = None  # the name shown
    publisher_key: str = ""  # grouping key: the OPD code when known, else the name
    keywords: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    spatial: str | None = None
    temporal: str | None = None
    licence: str | None = None  # dataset level (POD `license`, CKAN license_id)
    access_rights: str | None = None  # POD accessRights/accessLevel, CKAN accessRights
    contact: str | None = None
    rights: str | None = None
    issued: bool = False
    modified: bool = False
    landing_page: str | None = None
    distributions: list[Distribution] = field(default_factory=list)


@dataclass
class IndicatorResult:
    id: str
    points: float
    max: int
    status: str  # passed | partial | failed | not_checked
    share: float | None = None  # distributions passing / distributions, for share rules
    detail: str | None = None  # e.g. "CSV", "2/3", a SHACL message

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"points": self.points, "max": self.max, "status": self.status,
                               "passed": self.status == PASSED}
        if self.share is not None:
            out["share"] = round(self.share, 4)
        if self.detail:
            out["detail"] = self.detail
        return out


@dataclass
class MqaResult:
    total: float
    rating: str
    dimensions: dict[str, list[IndicatorResult]]
    best_distribution: int | None = None  # index of the distribution that scored best
    dcat_method: str = "approximation"  # or "shacl"
    dcat_messages: list[str] = field(default_factory=list)

    def indicator(self, ident: str) -> IndicatorResult:
        for results in self.dimensions.values():
            for r in results:
                if r.id == ident:
                    return r
        raise KeyError(ident)

    def dimension_points(self, ident: str) -> float:
        return round(sum(r.points for r in self.dimensions[ident]), 2)


@dataclass
class ComplianceResult:
    """Satu Data compliance: a 0-100 score from three components."""

    score: float
    components: dict[str, dict[str, Any]]  # name -> {points, max, passed, total, fields}
    failing: list[Finding]  # the findings that cost points, in the standard's field order


@dataclass
class DatasetAudit:
    id: str
    title: str | None
    publisher: str | None
    publisher_key: str
    ref: str  # where it came from: "data.json #12", a path, a CKAN dataset URL
    mqa: MqaResult
    compliance: ComplianceResult
