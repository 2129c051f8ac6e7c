"""The audit for a terminal: summary, per-OPD table, common gaps, worst datasets with fixes."""

from __future__ import annotations

from typing import Any

from satudata_meta.audit import vocab
from satudata_meta.audit.report import compliance_groups, gap_wording, worst_first
from satudata_meta.audit.texts import (
    compliance_group,
    dimension_label,
    indicator_label,
    rating_label,
    t,
)

DEFAULT_LIMIT = 20


def _n(value: float) -> str:
    """A score as people read it: no ".0" noise, one decimal when there is one."""
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _pct(share: float) -> str:
    return f"{share * 100:.0f}%"


def _cut(text: str | None, width: int) -> str:
    value = " ".join(str(text or "").split())
    return value if len(value) <= width else value[:width - 1] + "…"


def method_lines(doc: dict[str, Any], lang: str) -> list[str]:
    m = doc["method"]
    lines = [t("method-mqa", lang, max=m["mqa_max"])]
    if m["urls_checked"]:
        urls = m.get("urls", {})
        lines.append(t("urls-checked", lang, ok=urls.get("ok", 0), count=urls.get("count", 0)))
    else:
        lines.append(t("urls-not-checked", lang, points=m["points_not_checked"],
                       reachable=m["reachable_max"]))
    lines.append(t("dcat-shacl" if m["dcat_ap"] == "shacl" else "dcat-approximation", lang))
    return lines


def _ratings(counts: dict[str, int], lang: str) -> str:
    return " · ".join(f"{rating_label(k, lang)} {v}" for k, v in counts.items())


def _summary(doc: dict[str, Any], lang: str) -> list[str]:
    c = doc["catalog"]
    mqa, comp = c["mqa"], c["compliance"]
    out = [t("summary", lang), "-" * len(t("summary", lang)),
           f"{t('mqa-mean', lang)}: {_n(mqa['mean'])} / {doc['method']['mqa_max']} "
           f"({t('median', lang)} {_n(mqa['median'])}, {t('range', lang)} "
           f"{_n(mqa['min'])}-{_n(mqa['max'])})",
           f"{t('ratings', lang)}: {_ratings(c['ratings'], lang)}",
           f"{t('by-dimension', lang)}: " + ", ".join(
               f"{dimension_label(k, lang)} {_n(v['mean'])}/{v['max']}"
               for k, v in c["dimensions"].items()),
           f"{t('compliance-mean', lang)}: {_n(comp['mean'])} / 100 ("
           + ", ".join(f"{t('component-' + k, lang)} {_n(v)}" for k, v in
                       comp["components"].items()) + ")"]
    return out


def _table(rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for n, row in enumerate(rows):
        cells = [c.rjust(widths[i]) if i in right else c.ljust(widths[i])
                 for i, c in enumerate(row)]
        out.append("  ".join(cells).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return out


def _publishers(doc: dict[str, Any], lang: str) -> list[str]:
    rating = vocab.method().rating
    rows = [[t("publisher", lang), t("datasets", lang), f"{t('mqa', lang)} ({t('mean', lang)})",
             t("rating", lang), t("compliance", lang)]]
    for p in doc["publishers"]:
        rows.append([_cut(p["name"], 48), str(p["datasets"]), _n(p["mqa_mean"]),
                     rating_label(rating(p["mqa_mean"]).id, lang), _n(p["compliance_mean"])])
    title = t("publishers", lang)
    return [title, "-" * len(title), *_table(rows, {1, 2, 4})]


def _gaps(doc: dict[str, Any], lang: str, limit: int = 10) -> list[str]:
    title = t("gaps", lang)
    out = [title, "-" * len(title)]
    total = doc["catalog"]["datasets"]
    if not doc["gaps"]:
        out.append(t("all-ok", lang))
    for n, g in enumerate(doc["gaps"][:limit], start=1):
        if g["kind"] == "mqa":
            line = t("gap-line", lang, label=g["label"], count=g["datasets"], total=total,
                     share=_pct(g["share"]), lost=_n(g["points_lost"] or 0))
        else:
            line = t("gap-compliance-line", lang, label=g["label"], count=g["datasets"],
                     total=total, share=_pct(g["share"]))
        out.append(f"{n:>2}. {line}")
        out.append(f"    {t('fix', lang)}: {g['fix']}")
    not_checked = [i for i, v in doc["catalog"]["indicators"].items() if v["not_checked"]]
    if not_checked:
        out.append("    (" + ", ".join(indicator_label(i, lang) for i in not_checked) + ": "
                   + t("not-checked-note", lang) + ")")
    return out


def _dataset(n: int, d: dict[str, Any], lang: str,
             wording: dict[str, dict[str, Any]]) -> list[str]:
    head = f"{n:>3}. {d['id']}"
    if d["title"]:
        head += f" — {_cut(d['title'], 90)}"
    out = [head,
           f"     {d['publisher'] or t('no-publisher', lang)} · MQA {_n(d['mqa']['total'])}"
           f"/{d['mqa']['max']} {rating_label(d['mqa']['rating'], lang)} · "
           f"{t('compliance', lang)} {_n(d['compliance']['score'])}/100"]
    for g in d["gaps"]:
        if g["lost"] is None:
            continue
        words = wording.get(g["key"], {})
        out.append(f"     ✗ {words.get('label', g['key'])} (-{_n(g['lost'])}): "
                   f"{words.get('fix', '')}")
    for code, fields in compliance_groups(d["gaps"]):
        what, fix = compliance_group(code, fields, lang)
        out.append(f"     ✗ {what}. {fix}")
    return out


def _comparison(cmp: dict[str, Any], lang: str, limit: int) -> list[str]:
    title = t("compare", lang)
    c = cmp["catalog"]
    out = [title, "-" * len(title),
           f"{t('compare-old', lang)}: {cmp['old']['source']} ({cmp['old']['generated_at']})",
           f"{t('mqa-mean', lang)}: {_n(c['mqa_mean'][0])} → {_n(c['mqa_mean'][1])} "
           f"({c['mqa_mean'][2]:+.1f})",
           f"{t('compliance-mean', lang)}: {_n(c['compliance_mean'][0])} → "
           f"{_n(c['compliance_mean'][1])} ({c['compliance_mean'][2]:+.1f})"]
    for key, (old, new) in c["ratings"].items():
        if old != new:
            out.append(f"  {rating_label(key, lang)}: {old} → {new}")
    for p in cmp["publishers"]:
        out.append(f"  {_cut(p['name'], 48)}: MQA {p['mqa_mean'][2]:+.1f}, "
                   f"{t('compliance', lang)} {p['compliance_mean'][2]:+.1f}"
                   + "".join(f"; {indicator_label(k, lang)} {v[2]:+.1f}"
                             for k, v in p["indicators"].items()))
    better = [d for d in cmp["datasets"] if d["mqa"][2] > 0 or d["compliance"][2] > 0]
    worse = [d for d in cmp["datasets"] if d["mqa"][2] < 0 or d["compliance"][2] < 0]
    for label, items in ((t("regressed", lang), worse), (t("improved", lang),
                                                          list(reversed(better)))):
        if not items:
            continue
        out.append(f"{label} ({len(items)}):")
        for d in items[:limit]:
            ind = ", ".join(f"{indicator_label(k, lang)} {v[2]:+g}"
                            for k, v in d["indicators"].items())
            out.append(f"  {d['id']}: MQA {_n(d['mqa'][0])} → {_n(d['mqa'][1])}, "
                       f"{t('compliance', lang)} {_n(d['compliance'][0])} → "
                       f"{_n(d['compliance'][1])}" + (f" [{ind}]" if ind else ""))
    for key in ("added", "removed"):
        if cmp[key]:
            out.append(f"{t(key, lang)} ({len(cmp[key])}): " + ", ".join(cmp[key][:limit]))
    return out


def render(doc: dict[str, Any], lang: str = "id", limit: int | None = None) -> str:
    """The whole report as plain text (UTF-8, no colours, fits 100 columns mostly)."""
    shown = DEFAULT_LIMIT if limit is None else limit
    kind = t(f"source-type-{doc['source_type']}", lang)
    head = f"{t('title', lang)}: {doc['source']}"
    out = [head, "=" * min(len(head), 100),
           f"{kind}, {doc['catalog']['datasets']} {t('datasets', lang)} · "
           f"{t('generated', lang)} {doc['generated_at']}"]
    out.append(f"{t('method', lang)}:")
    out += [f"  - {line}" for line in method_lines(doc, lang)]
    if doc["warnings"]:
        out += [f"! {t('warnings', lang)}: {w}" for w in doc["warnings"]]
    out.append("")
    if doc["catalog"]["datasets"]:
        out += [*_summary(doc, lang), "", *_publishers(doc, lang), "", *_gaps(doc, lang), ""]
        title = t("worst", lang)
        ordered = worst_first(doc["datasets"])
        out += [title, "-" * len(title)]
        wording = gap_wording(doc)
        for n, d in enumerate(ordered[:shown], start=1):
            out += _dataset(n, d, lang, wording)
        if len(ordered) > shown:
            out.append(t("worst-limited", lang, shown=shown, total=len(ordered)))
    if "comparison" in doc:
        out += ["", *_comparison(doc["comparison"], lang, shown)]
    out += ["", t("elapsed", lang, seconds=doc["seconds"])]
    return "\n".join(out) + "\n"

