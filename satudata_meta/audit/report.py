"""The audit as one JSON-able document, its aggregates, and the comparison of two runs.

Every output format renders this document (the text, CSV and HTML renderers read nothing
else), so the numbers in a meeting slide, a spreadsheet and a CI log are the same numbers, and
``--compare OLD.json`` can diff any previous run, whatever format was shown at the time.
"""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from satudata_meta import __version__
from satudata_meta.audit import texts, vocab
from satudata_meta.audit.model import NOT_CHECKED, PASSED, DatasetAudit
from satudata_meta.audit.run import Audit
from satudata_meta.findings import Finding

FORMAT_ID = "satudata-audit/1"


def _mean(values: Iterable[float]) -> float:
    items = list(values)
    return round(statistics.fmean(items), 2) if items else 0.0


def _gap_key(code: str, path: str | None) -> str:
    """``compliance:<path>:<code>`` with list positions dropped ("resources[].format"), so
    the same gap in two datasets is one key."""
    where = re.sub(r"\[\d+\]", "[]", path or "?")
    return f"compliance:{where}:{code}"


_Memo = dict[tuple[str, str | None, str], tuple[str, str, str]]


def _failing_texts(f: Finding, lang: str, memo: _Memo) -> tuple[str, str, str]:
    """(message, gap, fix) of a finding; a catalogue repeats the same few findings
    thousands of times, so each distinct one is rendered once per run."""
    # a missing field's message depends on its path only; other findings carry the value
    key = (f.code, f.path, "" if f.code == "metadata-missing-field" else repr(f.params))
    if key not in memo:
        what, fix = texts.field_gap(f, lang)
        memo[key] = (f.message(lang), what, fix)
    return memo[key]


def dataset_doc(d: DatasetAudit, lang: str, memo: _Memo | None = None,
                gap_texts: dict[str, dict[str, str]] | None = None) -> dict[str, Any]:
    """One dataset. Its ``gaps`` are keys and points lost; the wording of each key (label,
    fix) goes to ``gap_texts`` once, which the document carries in its top-level ``gaps``."""
    method = vocab.method()
    memo = {} if memo is None else memo
    texts_out = {} if gap_texts is None else gap_texts
    dims: dict[str, Any] = {}
    gaps: list[dict[str, Any]] = []
    for dim in method.dimensions:
        results = d.mqa.dimensions[dim.id]
        dims[dim.id] = {"points": d.mqa.dimension_points(dim.id), "max": dim.max,
                        "indicators": {r.id: r.to_dict() for r in results}}
        for r in results:
            if r.status not in (PASSED, NOT_CHECKED):
                key = f"mqa:{r.id}"
                gaps.append({"key": key, "lost": round(r.max - r.points, 2)})
                if key not in texts_out:
                    texts_out[key] = {"label": texts.indicator_label(r.id, lang),
                                      "fix": texts.indicator_fix(r.id, lang)}
    failing = []
    seen: set[str] = set()
    for f in d.compliance.failing:
        message, what, fix = _failing_texts(f, lang, memo)
        failing.append({"field": f.path, "code": f.code, "severity": f.severity.value,
                        "message": message})
        key = _gap_key(f.code, f.path)
        if key not in seen:
            seen.add(key)
            gaps.append({"key": key, "lost": None})
            texts_out.setdefault(key, {"label": what, "fix": fix})
    gaps.sort(key=lambda g: -(g["lost"] or 0))
    return {
        "id": d.id, "title": d.title, "publisher": d.publisher,
        "publisher_key": d.publisher_key, "ref": d.ref,
        "mqa": {"total": d.mqa.total, "max": method.total, "rating": d.mqa.rating,
                "dcat_ap_method": d.mqa.dcat_method,
                "best_distribution": d.mqa.best_distribution, "dimensions": dims},
        "compliance": {"score": d.compliance.score, "max": 100,
                       "components": d.compliance.components, "failing": failing},
        "gaps": gaps,
    }


def _indicator_points(ds: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {ident: ind for dim in ds["mqa"]["dimensions"].values()
            for ident, ind in dim["indicators"].items()}


def summary(datasets: list[dict[str, Any]],
            per: list[dict[str, dict[str, Any]]] | None = None) -> dict[str, Any]:
    """Catalogue-level (or one publisher's) means, rating counts and indicator pass rates.
    ``per``: each dataset's indicators by id, when the caller has them already."""
    method = vocab.method()
    totals = [d["mqa"]["total"] for d in datasets]
    scores = [d["compliance"]["score"] for d in datasets]
    ratings = Counter(d["mqa"]["rating"] for d in datasets)
    per = [_indicator_points(d) for d in datasets] if per is None else per
    ids = [i.id for i in method.indicators]
    sums = dict.fromkeys(ids, 0.0)
    statuses: dict[str, Counter[str]] = {i: Counter() for i in ids}
    for p in per:  # one pass over the datasets, whatever the number of indicators
        for ident in ids:
            got = p[ident]
            sums[ident] += got["points"]
            statuses[ident][got["status"]] += 1
    n = len(datasets)
    indicators: dict[str, Any] = {}
    for ind in method.indicators:
        count = statuses[ind.id]
        indicators[ind.id] = {
            "mean": round(sums[ind.id] / n, 2) if n else 0.0, "max": ind.points,
            "passed": count.get("passed", 0), "partial": count.get("partial", 0),
            "failed": count.get("failed", 0), "not_checked": count.get(NOT_CHECKED, 0),
            "passed_share": round(count.get("passed", 0) / n, 4) if n else 0.0}
    dim_sums = {dim.id: 0.0 for dim in method.dimensions}
    comp_sums = {name: 0.0 for name in ("wajib", "kode", "standar_data")}
    for d in datasets:
        for dim_id, dim in d["mqa"]["dimensions"].items():
            dim_sums[dim_id] += dim["points"]
        for name in comp_sums:
            comp_sums[name] += d["compliance"]["components"][name]["points"]
    return {
        "datasets": n,
        "mqa": {"mean": _mean(totals), "median": round(statistics.median(totals), 2)
                if totals else 0.0, "min": min(totals, default=0.0),
                "max": max(totals, default=0.0)},
        "ratings": {r.id: ratings.get(r.id, 0) for r in method.ratings},
        "dimensions": {dim.id: {"mean": round(dim_sums[dim.id] / n, 2) if n else 0.0,
                                "max": dim.max} for dim in method.dimensions},
        "indicators": indicators,
        "compliance": {
            "mean": _mean(scores), "median": round(statistics.median(scores), 2)
            if scores else 0.0, "min": min(scores, default=0.0),
            "max": max(scores, default=0.0),
            "components": {k: round(v / n, 2) if n else 0.0 for k, v in comp_sums.items()}},
    }


def publishers(datasets: list[dict[str, Any]], lang: str,
               per: list[dict[str, dict[str, Any]]] | None = None) -> list[dict[str, Any]]:
    per = [_indicator_points(d) for d in datasets] if per is None else per
    groups: dict[str, list[int]] = {}
    for i, d in enumerate(datasets):
        groups.setdefault(d["publisher_key"], []).append(i)
    out = []
    for key, indices in groups.items():
        items = [datasets[i] for i in indices]
        names = Counter(d["publisher"] for d in items if d["publisher"])
        info = summary(items, [per[i] for i in indices])
        out.append({"key": key,
                    "name": names.most_common(1)[0][0] if names else texts.t("no-publisher",
                                                                            lang),
                    "datasets": len(items), "mqa_mean": info["mqa"]["mean"],
                    "compliance_mean": info["compliance"]["mean"],
                    "ratings": info["ratings"],
                    "dimensions": {k: v["mean"] for k, v in info["dimensions"].items()},
                    "indicators": {k: v["mean"] for k, v in info["indicators"].items()}})
    out.sort(key=lambda p: (p["mqa_mean"], p["compliance_mean"], p["name"]))
    return out


def gaps(datasets: list[dict[str, Any]],
         gap_texts: dict[str, dict[str, str]]) -> list[dict[str, Any]]:
    """Each gap with its wording, how many datasets have it and the MQA points it costs."""
    found: dict[str, dict[str, Any]] = {}
    for d in datasets:
        for g in d["gaps"]:
            wording = gap_texts.get(g["key"], {})
            entry = found.setdefault(g["key"], {
                "key": g["key"], "label": wording.get("label", g["key"]),
                "fix": wording.get("fix", ""), "datasets": 0,
                "points_lost": None if g["lost"] is None else 0.0})
            entry["datasets"] += 1
            if g["lost"] is not None:
                entry["points_lost"] = round(entry["points_lost"] + g["lost"], 2)
    total = len(datasets) or 1
    out = []
    for entry in found.values():
        entry["kind"] = entry["key"].split(":", 1)[0]
        entry["share"] = round(entry["datasets"] / total, 4)
        out.append(entry)
    out.sort(key=lambda g: (-g["datasets"], -(g["points_lost"] or 0), g["key"]))
    return out


def method_doc(audit: Audit) -> dict[str, Any]:
    method = vocab.method()
    unchecked = 0 if audit.urls_checked else sum(
        i.points for i in method.indicators if i.needs == "urls")
    doc: dict[str, Any] = {
        "mqa_max": method.total,
        "urls_checked": audit.urls_checked,
        "points_not_checked": unchecked,
        "reachable_max": method.total - unchecked,
        "dcat_ap": audit.dcat_method,
        "ratings": {r.id: r.min for r in method.ratings},
        "indicators": [{"id": i.id, "dimension": i.dimension, "points": i.points,
                        "level": i.level, "combine": i.combine, "needs": i.needs}
                       for i in method.indicators],
        "source": method.source,
        "formats_source": vocab.formats().source,
    }
    if audit.urls_checked:
        doc["urls"] = {"count": len(audit.urls),
                       "ok": sum(1 for r in audit.urls.values() if r.ok),
                       "failing": [{"url": r.url, "status": r.status, "error": r.error}
                                   for r in sorted(audit.urls.values(), key=lambda r: r.url)
                                   if not r.ok][:500]}
    return doc


def document(audit: Audit, lang: str = "id") -> dict[str, Any]:
    """Everything one run found, in ``lang``, as plain JSON-able data."""
    memo: _Memo = {}
    gap_texts: dict[str, dict[str, str]] = {}
    datasets = [dataset_doc(d, lang, memo, gap_texts) for d in audit.datasets]
    per = [_indicator_points(d) for d in datasets]
    return {
        "format": FORMAT_ID,
        "tool": {"name": "satudata-meta", "version": __version__},
        "source": audit.source,
        "source_type": audit.source_type,
        "generated_at": audit.started,
        "seconds": audit.seconds,
        "timings": audit.timings,
        "lang": lang,
        "method": method_doc(audit),
        "warnings": audit.warnings,
        "catalog": summary(datasets, per),
        "publishers": publishers(datasets, lang, per),
        "gaps": gaps(datasets, gap_texts),
        "datasets": datasets,
    }


def gap_wording(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Gap key -> its entry of the top-level ``gaps`` (label, fix, counts)."""
    return {g["key"]: g for g in doc["gaps"]}


def compliance_groups(gaps: list[dict[str, Any]]) -> list[tuple[str, list[str]]]:
    """A dataset's compliance gaps as (finding code, fields) groups, for compact display:
    "empty: konsep, ukuran, satuan" reads better than a line per field."""
    groups: dict[str, list[str]] = {}
    for g in gaps:
        kind, _, rest = g["key"].partition(":")
        if kind != "compliance":
            continue
        field, _, code = rest.partition(":")
        groups.setdefault(code, []).append(field)
    return list(groups.items())


def worst_first(datasets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(datasets, key=lambda d: (d["mqa"]["total"], d["compliance"]["score"],
                                           d["id"]))


# --- comparing two runs --------------------------------------------------------------------


class CompareError(ValueError):
    """The file given to --compare is not an audit JSON of this tool."""


def load(path: str | Path) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CompareError(f"{path}: {exc}") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT_ID:
        raise CompareError(f"{path}: not a `satudata audit --format json` report "
                           f"(format {FORMAT_ID})")
    return data


def _triple(old: float, new: float) -> list[float]:
    return [old, new, round(new - old, 2)]


def compare(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """What changed from ``old`` to ``new``: per dataset and per publisher, per indicator."""
    before = {d["id"]: d for d in old["datasets"]}
    after = {d["id"]: d for d in new["datasets"]}
    changed = []
    for ident in sorted(before.keys() & after.keys()):
        o, n = before[ident], after[ident]
        oi, ni = _indicator_points(o), _indicator_points(n)
        indicators = {k: _triple(oi[k]["points"], ni[k]["points"])
                      for k in ni if k in oi and oi[k]["points"] != ni[k]["points"]}
        mqa = _triple(o["mqa"]["total"], n["mqa"]["total"])
        comp = _triple(o["compliance"]["score"], n["compliance"]["score"])
        if indicators or mqa[2] or comp[2] or o["mqa"]["rating"] != n["mqa"]["rating"]:
            changed.append({"id": ident, "title": n["title"], "publisher": n["publisher"],
                            "mqa": mqa, "rating": [o["mqa"]["rating"], n["mqa"]["rating"]],
                            "compliance": comp, "indicators": indicators})
    changed.sort(key=lambda c: (c["mqa"][2], c["compliance"][2], c["id"]))
    old_pub = {p["key"]: p for p in old["publishers"]}
    pubs = []
    for p in new["publishers"]:
        q = old_pub.get(p["key"])
        if q is None:
            continue
        indicators = {k: _triple(q["indicators"][k], v) for k, v in p["indicators"].items()
                      if k in q["indicators"] and q["indicators"][k] != v}
        entry = {"key": p["key"], "name": p["name"],
                 "datasets": [q["datasets"], p["datasets"]],
                 "mqa_mean": _triple(q["mqa_mean"], p["mqa_mean"]),
                 "compliance_mean": _triple(q["compliance_mean"], p["compliance_mean"]),
                 "indicators": indicators}
        if indicators or entry["mqa_mean"][2] or entry["compliance_mean"][2] or \
                q["datasets"] != p["datasets"]:
            pubs.append(entry)
    pubs.sort(key=lambda e: (e["mqa_mean"][2], e["name"]))
    oc, nc = old["catalog"], new["catalog"]
    return {
        "old": {"source": old.get("source"), "generated_at": old.get("generated_at"),
                "method": {k: old.get("method", {}).get(k) for k in ("urls_checked",
                                                                      "dcat_ap")}},
        "catalog": {
            "datasets": [oc["datasets"], nc["datasets"]],
            "mqa_mean": _triple(oc["mqa"]["mean"], nc["mqa"]["mean"]),
            "compliance_mean": _triple(oc["compliance"]["mean"], nc["compliance"]["mean"]),
            "ratings": {k: [oc["ratings"].get(k, 0), v] for k, v in nc["ratings"].items()},
            "indicators": {k: _triple(oc["indicators"][k]["mean"], v["mean"])
                           for k, v in nc["indicators"].items()
                           if k in oc["indicators"] and oc["indicators"][k]["mean"] != v["mean"]},
        },
        "method_changed": any(old.get("method", {}).get(k) != new["method"].get(k)
                              for k in ("urls_checked", "dcat_ap")),
        "datasets": changed,
        "added": sorted(after.keys() - before.keys()),
        "removed": sorted(before.keys() - after.keys()),
        "publishers": pubs,
    }


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def to_json(doc: dict[str, Any]) -> str:
    """Indented JSON, except that each dataset (and each changed dataset of a comparison)
    is one compact line: readable with ``grep``/``jq``, and the C encoder keeps a 10,000
    dataset catalogue to about a second (``indent`` alone falls back to pure Python)."""
    def block(items: list[Any], pad: str) -> str:
        if not items:
            return "[]"
        return "[\n" + ",\n".join(pad + "  " + _compact(i) for i in items) + "\n" + pad + "]"

    parts = []
    for key, value in doc.items():
        if key == "datasets":
            text = block(value, "  ")
        elif key == "comparison":
            inner = []
            for k, v in value.items():
                shown = block(v, "    ") if k == "datasets" else json.dumps(
                    v, ensure_ascii=False, indent=2).replace("\n", "\n    ")
                inner.append(f"    {json.dumps(k)}: {shown}")
            text = "{\n" + ",\n".join(inner) + "\n  }"
        else:
            text = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        parts.append(f"  {json.dumps(key)}: {text}")
    return "{\n" + ",\n".join(parts) + "\n}\n"
