"""JSON report: ``valid``, ``findings`` (flat, each with its dataset) and per-dataset details."""

from __future__ import annotations

import json
from typing import Any

from satudata_meta import __version__
from satudata_meta.findings import Report


def as_dict(report: Report, *, lang: str = "id", limit: int | None = None) -> dict[str, Any]:
    findings: list[dict[str, Any]] = []
    datasets = []
    for ds in report.datasets:
        for f in ds.findings:
            findings.append({"dataset": ds.source, **f.to_dict(lang)})
        datasets.append({
            "source": ds.source, "id": ds.id, "title": ds.title, "valid": ds.valid,
            "readable": ds.readable, "engine": ds.engine, "stats": ds.stats,
            "counts": {s: sum(1 for f in ds.findings if f.severity.value == s)
                       for s in ("error", "warning", "info")},
        })
    total = len(findings)
    return {
        "valid": report.valid,
        "exitCode": report.exit_code,
        "tool": {"name": "satudata-meta", "version": __version__},
        "lang": lang,
        "counts": report.counts(),
        "summary": report.by_code(),
        "datasets": datasets,
        "findingsTotal": total,
        "findings": findings if limit is None else findings[:limit],
    }


def render(report: Report, *, lang: str = "id", verbose: bool = False,
           limit: int | None = None) -> str:
    return json.dumps(as_dict(report, lang=lang, limit=limit), ensure_ascii=False, indent=2)
