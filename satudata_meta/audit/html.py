"""The audit as one self-contained HTML page for a meeting: numbers first, then pictures, then
what to fix, worst datasets first.

Inline CSS and inline SVG charts drawn here (``svg``); no script, no font or image from the
network, so the file can be mailed, opened offline and printed. The look follows the
validation report (``satudata_meta/report/html.py``): same palette, type and tables.
Everything that comes from the catalogue is escaped.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from satudata_meta.audit import svg, vocab
from satudata_meta.audit.report import compliance_groups, gap_wording, worst_first
from satudata_meta.audit.text import method_lines
from satudata_meta.audit.texts import (
    compliance_group,
    dimension_label,
    indicator_label,
    rating_label,
    t,
)
from satudata_meta.report.html import BASE_CSS

DEFAULT_LIMIT = 100
FIXES_SHOWN = 4  # fixes listed per dataset in the worst-first table (the chips show all gaps)
MAX_PUBLISHER_BARS = 30
RATING_COLORS = {"excellent": "#067647", "good": "#1570ef", "sufficient": "#dc6803",
                 "bad": "#d92d20"}

CSS = BASE_CSS + """\
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:30px 0 10px}
h3{font-size:15px;margin:0 0 8px;color:var(--muted);font-weight:600}
p{margin:6px 0}.muted{color:var(--muted)}code{font:13px/1.4 ui-monospace,Consolas,monospace}
.method{border:1px solid var(--line);border-left:5px solid #2e90fa;background:#fff;
border-radius:8px;padding:10px 14px;margin:16px 0;font-size:14px}
.method li{margin:2px 0}.method ul{margin:4px 0;padding-left:18px}
.warn{border-left-color:#f79009}
.kpis{display:grid;grid-template-columns:1.5fr 1.5fr 1fr 1fr 1fr 1fr;gap:12px;margin:18px 0}
.kpi{background:#fff;border:1px solid var(--line);border-radius:10px;padding:12px 14px}
.kpi .v{font-size:28px;font-weight:700;line-height:1.2}.kpi .l{font-size:13px;color:var(--muted)}
.kpi .s{font-size:12px;color:var(--muted)}
.charts{display:grid;grid-template-columns:1fr 1fr;gap:16px}
.chart{background:#fff;border:1px solid var(--line);border-radius:10px;padding:14px 14px 8px}
.chart.wide{grid-column:1 / -1}.chart svg{width:100%;height:auto;display:block}
table{border-collapse:collapse;width:100%;background:#fff;font-size:14px}
th,td{border:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th{background:#f2f4f7;font-weight:600}td.num{text-align:right;white-space:nowrap}
.badge{display:inline-block;border-radius:999px;padding:1px 9px;font-size:12px;font-weight:600;
white-space:nowrap;color:#fff}
.chip{display:inline-block;border:1px solid var(--line);border-radius:6px;padding:0 6px;
margin:1px 2px 1px 0;font-size:12px;background:#f9fafb;white-space:nowrap}
.chip b{color:var(--err);font-weight:600}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin:0 4px 0 10px}
ul.fixes{margin:6px 0 0;padding-left:18px;font-size:13px}ul.fixes li{margin:1px 0}
.small{font-size:13px}
.comp{font-size:13px;margin-top:6px;padding:4px 8px;background:#fffaeb;border-radius:6px;
border:1px solid #fedf89}.comp b{font-weight:600}
.ds-id{font:12px ui-monospace,Consolas,monospace;color:var(--muted)}
.up{color:var(--ok);font-weight:600}.down{color:var(--err);font-weight:600}
footer{margin-top:30px;font-size:12px;color:var(--muted)}
@media (max-width:900px){.charts{grid-template-columns:1fr}
.kpis{grid-template-columns:repeat(auto-fit,minmax(150px,1fr))}}
@media print{body{background:#fff}main{padding:0}.chart,table{break-inside:avoid-page}}
"""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _md(value: object) -> str:
    """Escaped text with `backtick` spans as <code> (field names in labels and fixes)."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", _e(value))


def _n(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _badge(rating: str, lang: str) -> str:
    return (f'<span class="badge" style="background:{RATING_COLORS.get(rating, "#475467")}">'
            f"{_e(rating_label(rating, lang))}</span>")


def _bands(lang: str) -> list[svg.Band]:
    ratings = list(vocab.method().ratings)
    out = []
    upper = float(vocab.method().total)
    for band in ratings:  # best first: each band ends where the better one starts
        out.append(svg.Band(band.min, upper + 0.001, RATING_COLORS.get(band.id, "#475467"),
                            band.label.get(lang, band.id)))
        upper = band.min
    return sorted(out, key=lambda b: b.start)


def _header(doc: dict[str, Any], lang: str) -> str:
    kind = t(f"source-type-{doc['source_type']}", lang)
    items = [f"<li>{_e(line)}</li>" for line in method_lines(doc, lang)]
    warn = "".join(f"<li>{_e(w)}</li>" for w in doc["warnings"])
    return (f"<h1>{_e(t('title', lang))}</h1>"
            f'<p class="muted">{_e(t("source", lang))}: <code>{_e(doc["source"])}</code> · '
            f"{_e(kind)} · {_e(t('generated', lang))} {_e(doc['generated_at'])}</p>"
            f'<div class="method"><b>{_e(t("method", lang))}</b><ul>{"".join(items)}</ul></div>'
            + (f'<div class="method warn"><b>{_e(t("warnings", lang))}</b><ul>{warn}</ul></div>'
               if warn else ""))


def _kpis(doc: dict[str, Any], lang: str) -> str:
    c = doc["catalog"]
    cards: list[tuple[str, str, str, str | None]] = [
        (f"{_n(c['mqa']['mean'])}<span class='muted' style='font-size:16px'> / "
         f"{doc['method']['mqa_max']}</span>", t("mqa-mean", lang),
         f"{t('median', lang)} {_n(c['mqa']['median'])} · {t('range', lang)} "
         f"{_n(c['mqa']['min'])}–{_n(c['mqa']['max'])}", None),
        (f"{_n(c['compliance']['mean'])}<span class='muted' style='font-size:16px'> / 100"
         "</span>", t("compliance-mean", lang),
         " · ".join(f"{t('component-' + k, lang)} {_n(v)}"
                    for k, v in c["compliance"]["components"].items()), None),
    ]
    for key, count in c["ratings"].items():
        share = count / c["datasets"] * 100 if c["datasets"] else 0
        cards.append((str(count), rating_label(key, lang), f"{share:.0f}%",
                      RATING_COLORS.get(key)))
    out = ['<div class="kpis">']
    for value, label, sub, color in cards:
        style = f' style="border-top:4px solid {color}"' if color else ""
        out.append(f'<div class="kpi"{style}><div class="v">{value}</div>'
                   f'<div class="l">{_e(label)}</div><div class="s">{_e(sub)}</div></div>')
    out.append("</div>")
    return "".join(out)


def _charts(doc: dict[str, Any], lang: str) -> str:
    c = doc["catalog"]
    total = doc["method"]["mqa_max"]
    totals = [d["mqa"]["total"] for d in doc["datasets"]]
    hist = svg.histogram(totals, lo=0, hi=total, width=27, bands=_bands(lang),
                         title=t("histogram", lang), x_label=f"MQA (0–{total})",
                         y_label=t("datasets", lang))
    dims = svg.hbars([svg.Bar(dimension_label(k, lang), v["mean"], v["max"], "#1570ef",
                              note=f"/ {v['max']}")
                      for k, v in c["dimensions"].items()],
                     title=t("dimension-bars", lang), label_width=170, row=34)
    comp_hist = svg.histogram([d["compliance"]["score"] for d in doc["datasets"]], lo=0,
                              hi=100, width=10, bands=[svg.Band(0, 100.001, "#7a5af8", "")],
                              title=t("compliance-histogram", lang), x_label="0–100",
                              y_label=t("datasets", lang))
    weights = {k: v["max"] for k, v in doc["datasets"][0]["compliance"]["components"].items()}
    comp_bars = svg.hbars([svg.Bar(t("component-" + k, lang), v, weights.get(k, 100),
                                   "#7a5af8", note=f"/ {weights.get(k, 100)}")
                           for k, v in c["compliance"]["components"].items()],
                          title=t("compliance", lang), label_width=170, row=34)
    pubs = doc["publishers"]
    shown = sorted(pubs, key=lambda p: -p["datasets"])[:MAX_PUBLISHER_BARS]
    shown.sort(key=lambda p: (p["mqa_mean"], p["name"]))
    rating = vocab.method().rating
    bounds = [(r.min / total, str(r.min)) for r in vocab.method().ratings if r.min > 0]
    opd = svg.hbars([svg.Bar(p["name"], p["mqa_mean"], total,
                             RATING_COLORS.get(rating(p["mqa_mean"]).id, "#475467"),
                             note=t("n-datasets", lang, count=p["datasets"]))
                     for p in shown], title=t("opd-bars", lang), label_width=330,
                    width=1100, row=24, marks=bounds)
    more = "" if len(pubs) <= len(shown) else (
        f'<p class="muted">{_e(t("publishers-shown", lang, shown=len(shown), total=len(pubs)))}'
        "</p>")
    gaps = doc["gaps"][:12]
    gap_chart = svg.hbars([svg.Bar(g["label"].replace("`", ""), g["share"] * 100, 100,
                                   "#d92d20" if g["kind"] == "mqa" else "#dc6803",
                                   note=t("n-datasets", lang, count=g["datasets"]),
                                   shown=f"{g['share'] * 100:.0f}%") for g in gaps],
                          title=t("gap-bars", lang), label_width=380, width=1100)
    legend = (f'<p class="muted"><span class="swatch" style="background:#d92d20"></span>MQA '
              f'<span class="swatch" style="background:#dc6803"></span>'
              f'{_e(t("compliance", lang))}</p>')
    return (f'<h2>{_e(t("summary", lang))}</h2>{_kpis(doc, lang)}<div class="charts">'
            f'<div class="chart"><h3>{_e(t("histogram", lang))}</h3>{hist}</div>'
            f'<div class="chart"><h3>{_e(t("dimension-bars", lang))}</h3>{dims}</div>'
            f'<div class="chart"><h3>{_e(t("compliance-histogram", lang))}</h3>{comp_hist}'
            "</div>"
            f'<div class="chart"><h3>{_e(t("compliance-components", lang))}</h3>{comp_bars}'
            "</div>"
            f'<div class="chart wide"><h3>{_e(t("opd-bars", lang))}</h3>{opd}{more}</div>'
            f'<div class="chart wide"><h3>{_e(t("gap-bars", lang))}</h3>{gap_chart}{legend}'
            "</div></div>")


def _gaps(doc: dict[str, Any], lang: str) -> str:
    total = doc["catalog"]["datasets"]
    rows = []
    for n, g in enumerate(doc["gaps"][:15], start=1):
        lost = "" if g["points_lost"] is None else _n(g["points_lost"])
        rows.append(f'<tr><td class="num">{n}</td><td>{_md(g["label"])}</td>'
                    f'<td class="num">{g["datasets"]} / {total}</td>'
                    f'<td class="num">{g["share"] * 100:.0f}%</td><td class="num">{lost}</td>'
                    f'<td>{_md(g["fix"])}</td></tr>')
    if not rows:
        return f'<h2>{_e(t("gaps", lang))}</h2><p>{_e(t("all-ok", lang))}</p>'
    head = (f"<tr><th>#</th><th>{_e(t('gaps-of', lang))}</th><th>{_e(t('datasets', lang))}"
            f"</th><th>%</th><th>MQA −{_e(t('points', lang))}</th><th>{_e(t('fix', lang))}"
            "</th></tr>")
    return (f'<h2>{_e(t("gaps", lang))}</h2><table><thead>{head}</thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def _publishers(doc: dict[str, Any], lang: str) -> str:
    total = doc["method"]["mqa_max"]
    rating = vocab.method().rating
    rows = []
    for p in doc["publishers"]:
        method = vocab.method()
        lost = sorted(((method.indicator(k).points - v, k) for k, v in p["indicators"].items()
                       if method.indicator(k).needs != "urls" and
                       v < method.indicator(k).points), reverse=True)
        weak = ", ".join(indicator_label(k, lang) for _, k in lost[:3])
        band = rating(p["mqa_mean"]).id
        ratings = " ".join(f"{rating_label(k, lang)} {v}" for k, v in p["ratings"].items() if v)
        rows.append(f"<tr><td>{_e(p['name'])}</td><td class='num'>{p['datasets']}</td>"
                    f"<td class='num'>{_n(p['mqa_mean'])}<br>"
                    f"{svg.meter(p['mqa_mean'], total, RATING_COLORS[band], 90)}</td>"
                    f"<td class='small'>{_e(ratings)}</td>"
                    f"<td class='num'>{_n(p['compliance_mean'])}</td>"
                    f"<td class='small'>{_e(weak)}</td></tr>")
    head = (f"<tr><th style='width:34%'>{_e(t('publisher', lang))}</th>"
            f"<th>{_e(t('datasets', lang))}</th><th>MQA ({_e(t('mean', lang))})</th>"
            f"<th>{_e(t('ratings', lang))}</th><th>{_e(t('compliance', lang))}</th>"
            f"<th style='width:30%'>{_e(t('weakest', lang))}</th></tr>")
    return (f'<h2>{_e(t("publishers", lang))}</h2><table><thead>{head}</thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def _worst(doc: dict[str, Any], lang: str, limit: int) -> str:
    ordered = worst_first(doc["datasets"])
    wording = gap_wording(doc)
    rows = []
    for n, d in enumerate(ordered[:limit], start=1):
        mqa = d["mqa"]
        mqa_gaps = [g for g in d["gaps"] if g["key"].startswith("mqa:")]
        chips = "".join(
            f'<span class="chip">{_md(wording.get(g["key"], {}).get("label", g["key"]))}'
            f' <b>−{_n(g["lost"])}</b></span>' for g in mqa_gaps)
        fix_items = [wording.get(g["key"], {}).get("fix", "") for g in mqa_gaps[:FIXES_SHOWN]]
        more = len(mqa_gaps) - FIXES_SHOWN
        fixes = "".join(f"<li>{_md(f)}</li>" for f in fix_items)
        if more > 0:
            fixes += f'<li class="muted">+{more} …</li>'
        groups = "".join(
            f'<div class="comp"><b>{_md(what)}</b> — {_md(fix)}</div>'
            for what, fix in (compliance_group(code, fields, lang)
                              for code, fields in compliance_groups(d["gaps"])))
        gaps = (f"<div>{chips}</div><ul class='fixes'>{fixes}</ul>{groups}" if d["gaps"]
                else f'<span class="muted">{_e(t("all-ok", lang))}</span>')
        rows.append(
            f'<tr><td class="num">{n}</td><td>{_e(d["title"] or d["id"])}'
            f'<div class="ds-id">{_e(d["id"])}</div>'
            f'<div class="muted small">{_e(d["publisher"] or t("no-publisher", lang))}</div>'
            f'</td><td class="num">{_n(mqa["total"])}<br>{_badge(mqa["rating"], lang)}</td>'
            f'<td class="num">{_n(d["compliance"]["score"])}</td><td>{gaps}</td></tr>')
    head = (f"<tr><th>#</th><th style='width:30%'>{_e(t('dataset', lang))}</th><th>MQA</th>"
            f"<th>{_e(t('compliance', lang))}</th>"
            f"<th>{_e(t('gaps-of', lang))} · {_e(t('fix', lang))}</th></tr>")
    note = "" if len(ordered) <= limit else (
        f'<p class="muted">{_e(t("worst-limited", lang, shown=limit, total=len(ordered)))}</p>')
    return (f'<h2>{_e(t("worst", lang))}</h2>{note}<table><thead>{head}</thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def _delta(value: float) -> str:
    cls = "up" if value > 0 else "down" if value < 0 else "muted"
    return f'<span class="{cls}">{value:+.1f}</span>'


def _comparison(cmp: dict[str, Any], lang: str, limit: int) -> str:
    c = cmp["catalog"]
    out = [f'<h2>{_e(t("compare", lang))}</h2>',
           f'<p class="muted">{_e(t("compare-old", lang))}: <code>{_e(cmp["old"]["source"])}'
           f'</code> ({_e(cmp["old"]["generated_at"])})</p>',
           f"<p>{_e(t('mqa-mean', lang))}: {_n(c['mqa_mean'][0])} → {_n(c['mqa_mean'][1])} "
           f"{_delta(c['mqa_mean'][2])} · {_e(t('compliance-mean', lang))}: "
           f"{_n(c['compliance_mean'][0])} → {_n(c['compliance_mean'][1])} "
           f"{_delta(c['compliance_mean'][2])}</p>"]
    moved = [f"{_e(rating_label(k, lang))} {old} → {new}"
             for k, (old, new) in c["ratings"].items() if old != new]
    if moved:
        out.append(f"<p>{_e(t('ratings', lang))}: {' · '.join(moved)}</p>")
    rows = []
    for p in cmp["publishers"]:
        inds = ", ".join(f"{indicator_label(k, lang)} {v[2]:+.1f}"
                         for k, v in p["indicators"].items())
        rows.append(f"<tr><td>{_e(p['name'])}</td><td class='num'>{_delta(p['mqa_mean'][2])}"
                    f"</td><td class='num'>{_delta(p['compliance_mean'][2])}</td>"
                    f"<td>{_e(inds)}</td></tr>")
    if rows:
        out.append(f"<table><thead><tr><th>{_e(t('publisher', lang))}</th><th>MQA</th>"
                   f"<th>{_e(t('compliance', lang))}</th><th>{_e(t('changed-indicators', lang))}"
                   f"</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")
    rows = []
    for d in cmp["datasets"][:limit]:
        inds = ", ".join(f"{indicator_label(k, lang)} {v[2]:+g}"
                         for k, v in d["indicators"].items())
        rows.append(f"<tr><td>{_e(d['title'] or d['id'])}<div class='ds-id'>{_e(d['id'])}"
                    f"</div></td><td class='num'>{_n(d['mqa'][0])} → {_n(d['mqa'][1])} "
                    f"{_delta(d['mqa'][2])}</td><td class='num'>{_n(d['compliance'][0])} → "
                    f"{_n(d['compliance'][1])} {_delta(d['compliance'][2])}</td>"
                    f"<td>{_e(inds)}</td></tr>")
    if rows:
        out.append(f"<h3 style='margin-top:14px'>{_e(t('dataset', lang))}</h3><table><thead>"
                   f"<tr><th>{_e(t('dataset', lang))}</th><th>MQA</th>"
                   f"<th>{_e(t('compliance', lang))}</th>"
                   f"<th>{_e(t('changed-indicators', lang))}</th></tr></thead>"
                   f"<tbody>{''.join(rows)}</tbody></table>")
    for key in ("added", "removed"):
        if cmp[key]:
            out.append(f"<p><b>{_e(t(key, lang))}</b> ({len(cmp[key])}): "
                       + ", ".join(f"<code>{_e(i)}</code>" for i in cmp[key][:limit]) + "</p>")
    return "".join(out)


def _how(doc: dict[str, Any], lang: str) -> str:
    ind = doc["catalog"]["indicators"]
    rows = []
    for dim in vocab.method().dimensions:
        for n, i in enumerate(dim.indicators):
            first = (f'<td rowspan="{len(dim.indicators)}">{_e(dimension_label(dim.id, lang))}'
                     f" ({dim.max})</td>") if n == 0 else ""
            info = ind[i.id]
            share = (t("not-checked", lang) if info["not_checked"] == doc["catalog"]["datasets"]
                     and info["not_checked"] else f"{info['passed_share'] * 100:.0f}%")
            rows.append(f"<tr>{first}<td>{_e(indicator_label(i.id, lang))}</td>"
                        f"<td><code>{_e(i.property)}</code></td><td class='num'>{i.points}</td>"
                        f"<td class='num'>{_n(info['mean'])}</td><td class='num'>{share}</td>"
                        "</tr>")
    head = ("<tr><th>Dimensi / Dimension</th><th>Indikator / Indicator</th><th>Properti</th>"
            f"<th>{_e(t('points', lang))}</th><th>{_e(t('mean', lang))}</th>"
            "<th>✓ %</th></tr>")
    return (f'<h2>{_e(t("how-scored", lang))}</h2><table><thead>{head}</thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def render(doc: dict[str, Any], lang: str = "id", limit: int | None = None) -> str:
    """The whole page."""
    from satudata_meta import __version__

    shown = DEFAULT_LIMIT if limit is None else limit
    body = [_header(doc, lang)]
    if doc["catalog"]["datasets"]:
        body += [_charts(doc, lang), _gaps(doc, lang), _publishers(doc, lang),
                 _worst(doc, lang, shown)]
    if "comparison" in doc:
        body.append(_comparison(doc["comparison"], lang, shown))
    if doc["catalog"]["datasets"]:
        body.append(_how(doc, lang))
    body.append(f"<footer>{_e(t('footer', lang, version=__version__))} "
                f"{_e(t('elapsed', lang, seconds=doc['seconds']))}</footer>")
    title = f"{t('title', lang)}: {doc['source']}"
    return (f'<!DOCTYPE html><html lang="{_e(lang)}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(title)}</title><style>{CSS}</style></head><body><main>"
            + "".join(body) + "</main></body></html>\n")

