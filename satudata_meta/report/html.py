"""HTML report: one self-contained page a person can read, print and forward by e-mail.

Inline CSS, no scripts, no external files (``<details>`` folds sections without JavaScript).
The page opens with the verdict and the counts, then every dataset with its findings grouped
by resource and by code; each group shows the offending cells (row, column, value) with the
message and hint, and the "how to fix" text of the code from the locales. Everything that
comes from the data is escaped.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from html import escape

from satudata_meta import __version__
from satudata_meta.findings import DatasetReport, Finding, Report, Severity
from satudata_meta.messages import catalog, text
from satudata_meta.report import Selection

_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}

# The palette and page frame of both HTML reports (this one and the audit's).
BASE_CSS = """
:root{--err:#b42318;--err-bg:#fef3f2;--warn:#93370d;--warn-bg:#fffaeb;--info:#175cd3;
--info-bg:#eff8ff;--ok:#067647;--ok-bg:#ecfdf3;--line:#d0d5dd;--muted:#475467;--ink:#101828}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 "Segoe UI",Roboto,"Noto Sans","Helvetica Neue",Arial,sans-serif;
color:var(--ink);background:#f9fafb}
main{max-width:1160px;margin:0 auto;padding:28px 32px 48px}
"""

CSS = BASE_CSS + """\
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:0}h3{font-size:16px;margin:18px 0 8px}
p{margin:6px 0}.muted{color:var(--muted)}code{font:13px/1.4 ui-monospace,Consolas,monospace}
.verdict{display:flex;gap:20px;align-items:center;border-radius:10px;padding:16px 20px;
margin:18px 0;border:1px solid var(--line);background:#fff}
.verdict .big{font-size:20px;font-weight:700}
.verdict.ok{border-color:#abefc6;background:var(--ok-bg)}.verdict.ok .big{color:var(--ok)}
.verdict.bad{border-color:#fecdca;background:var(--err-bg)}.verdict.bad .big{color:var(--err)}
.counts{display:flex;gap:10px;flex-wrap:wrap;margin-left:auto}
.count{background:#fff;border:1px solid var(--line);border-radius:8px;padding:6px 12px;
text-align:center;min-width:88px}.count b{display:block;font-size:20px}
.count.error b{color:var(--err)}.count.warning b{color:var(--warn)}.count.info b{color:var(--info)}
table{border-collapse:collapse;width:100%;background:#fff;font-size:14px}
th,td{border:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th{background:#f2f4f7;font-weight:600}td.num{text-align:right;white-space:nowrap}
td.val{font-family:ui-monospace,Consolas,monospace;font-size:13px;white-space:nowrap}
td.val.long{white-space:normal;overflow-wrap:anywhere;min-width:12em}
.badge{display:inline-block;border-radius:999px;padding:1px 9px;font-size:12px;font-weight:600;
white-space:nowrap;border:1px solid transparent}
.badge.error{color:var(--err);background:var(--err-bg);border-color:#fecdca}
.badge.warning{color:var(--warn);background:var(--warn-bg);border-color:#fedf89}
.badge.info{color:var(--info);background:var(--info-bg);border-color:#b2ddff}
.badge.valid{color:var(--ok);background:var(--ok-bg);border-color:#abefc6}
.badge.invalid,.badge.unreadable{color:#fff;background:var(--err)}
section.dataset{background:#fff;border:1px solid var(--line);border-radius:10px;
padding:18px 20px;margin:22px 0}
.ds-head{display:flex;gap:8px;align-items:center;flex-wrap:wrap;margin-top:8px}
.ds-meta{font-size:13px;color:var(--muted);margin-left:6px}
a{color:#175cd3;text-decoration:none}a:hover{text-decoration:underline}
details.group{border:1px solid var(--line);border-left-width:5px;border-radius:8px;margin:10px 0;
background:#fff}details.group.error{border-left-color:var(--err)}
details.group.warning{border-left-color:#f79009}details.group.info{border-left-color:#2e90fa}
details.group>summary{cursor:pointer;padding:9px 12px;display:flex;gap:10px;align-items:center;
list-style:none}details.group>summary::-webkit-details-marker{display:none}
details.group>summary::before{content:"\\25B8";color:var(--muted)}
details.group[open]>summary::before{content:"\\25BE"}
.group-body{padding:0 12px 12px}
.fix{background:#f9fafb;border:1px dashed var(--line);border-radius:6px;padding:8px 10px;
margin:0 0 10px;font-size:14px}.fix b{display:block;font-size:13px;color:var(--muted)}
.hint{color:var(--ok);font-size:13px;margin-top:3px}.hint::before{content:"\\2192  "}
.resource{margin-top:16px;padding-top:4px;border-top:1px solid #eaecf0}
.note{font-size:13px;color:var(--muted);margin:8px 0}
footer{margin-top:30px;font-size:12px;color:var(--muted)}
@media print{body{background:#fff}main{padding:0}details.group>summary::before{content:""}
section.dataset{break-inside:avoid-page}}
"""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _verdict(ds: DatasetReport) -> str:
    return "valid" if ds.valid else "invalid" if ds.readable else "unreadable"


def _place(f: Finding, lang: str) -> str:
    """What the row/column cells cannot say: a metadata path, a sheet, a file."""
    parts: list[str] = []
    if f.path:
        parts.append(f"<code>{_e(f.path)}</code>")
    if f.sheet:
        parts.append(_e(f.sheet))
    if not parts and f.row_number is None and f.field_name is None and f.file:
        parts.append(f"<code>{_e(f.file)}</code>")
    return "<br>".join(parts)


def _value(f: Finding, lang: str) -> str:
    if f.cell is None:
        return ""
    if f.cell == "":
        return f'<span class="muted">{_e(text("html-empty-value", lang))}</span>'
    cell = f.cell if len(f.cell) <= 120 else f.cell[:117] + "..."
    return _e(cell)


def _value_class(f: Finding) -> str:
    return "val long" if f.cell is not None and len(f.cell) > 24 else "val"


def _rows(findings: list[Finding], lang: str) -> str:
    head = "".join(f"<th>{_e(text(k, lang))}</th>" for k in (
        "html-row", "html-column", "html-value", "html-message"))
    with_place = any(_place(f, lang) for f in findings)
    if with_place:
        head = f"<th>{_e(text('html-place', lang))}</th>" + head
    out = [f"<table><thead><tr>{head}</tr></thead><tbody>"]
    for f in findings:
        hint = f.hint(lang)
        message = _e(f.message(lang)) + (
            f'<div class="hint">{_e(hint)}</div>' if hint else "")
        place = f"<td>{_place(f, lang)}</td>" if with_place else ""
        row = "" if f.row_number is None else str(f.row_number)
        out.append(f'<tr>{place}<td class="num">{_e(row)}</td>'
                   f"<td>{_e(f.field_name or '')}</td>"
                   f'<td class="{_value_class(f)}">{_value(f, lang)}</td><td>{message}</td></tr>')
    out.append("</tbody></table>")
    return "".join(out)


def _group(code: str, findings: list[Finding], lang: str) -> str:
    entry = catalog(lang).get(code, {})
    severity = min((f.severity for f in findings), key=lambda s: _ORDER[s])
    title = entry.get("title") or code
    fix = (entry.get("fix") or "").strip()
    opened = " open" if severity is not Severity.INFO else ""
    sev = text(f"severity-{severity.value}", lang)
    out = [f'<details class="group {severity.value}"{opened}>',
           f'<summary><span class="badge {severity.value}">{_e(sev)}</span>'
           f"<b>{_e(title)}</b> <code>{_e(code)}</code>"
           f'<span class="muted">× {len(findings)}</span></summary><div class="group-body">']
    if fix:
        out.append(f'<div class="fix"><b>{_e(text("html-fix", lang))}</b>{_e(fix)}</div>')
    out.append(_rows(findings, lang))
    out.append("</div></details>")
    return "".join(out)


def _dataset(index: int, ds: DatasetReport, findings: list[Finding], lang: str) -> str:
    verdict = _verdict(ds)
    name = ds.title or ds.id or ds.source
    meta = [f"{_e(text('html-source', lang))}: <code>{_e(ds.source)}</code>"]
    if ds.id:
        meta.append(f"ID: <code>{_e(ds.id)}</code>")
    if ds.engine:
        meta.append(f"{_e(text('html-engine', lang))}: {_e(ds.engine)}")
    counts = {s: sum(1 for f in ds.findings if f.severity is s) for s in Severity}
    badges = " ".join(f'<span class="badge {s.value}">{counts[s]} '
                      f'{_e(text(f"html-{s.value}s", lang))}</span>' for s in Severity if counts[s])
    out = [f'<section class="dataset" id="ds-{index}"><h2>{_e(name)}</h2>'
           f'<div class="ds-head"><span class="badge {verdict}">{_e(text(verdict, lang))}'
           f'</span>{badges}<span class="ds-meta">{" · ".join(meta)}</span></div>']
    if not ds.findings:
        out.append(f'<p class="muted">{_e(text("no-findings", lang))}</p>')
    tables = ds.stats.get("tables", {}) if isinstance(ds.stats, dict) else {}
    by_resource: dict[str | None, list[Finding]] = defaultdict(list)
    for f in findings:
        by_resource[f.resource].append(f)
    order = sorted(by_resource, key=lambda r: (r is not None, r or ""))
    for resource in order:
        group = by_resource[resource]
        if resource is None:
            heading = _e(text("html-metadata", lang))
        else:
            heading = f"{_e(text('html-resource', lang))}: <code>{_e(resource)}</code>"
            stats = tables.get(resource) if isinstance(tables, dict) else None
            if isinstance(stats, dict) and "rows" in stats:
                heading += (' <span class="muted">(' + _e(text(
                    "html-table-stats", lang, rows=stats["rows"], columns=stats["columns"]))
                    + ")</span>")
            files = {f.file for f in group if f.file}
            if len(files) == 1:
                heading += f' <span class="muted">— <code>{_e(files.pop())}</code></span>'
        out.append(f'<div class="resource"><h3>{heading}</h3>')
        by_code: dict[str, list[Finding]] = defaultdict(list)
        for f in group:
            by_code[f.code].append(f)
        codes = sorted(by_code, key=lambda c: (
            min(_ORDER[f.severity] for f in by_code[c]), -len(by_code[c]), c))
        out.extend(_group(code, by_code[code], lang) for code in codes)
        out.append("</div>")
    out.append("</section>")
    return "".join(out)


def _dataset_list(report: Report, lang: str) -> str:
    """One line per dataset with its verdict and counts, linking to its section."""
    head = "".join(f"<th>{_e(text(k, lang))}</th>" for k in (
        "html-verdict", "dataset", "html-errors", "html-warnings"))
    out = [f"<h3>{_e(text('html-datasets-title', lang))}</h3><table><thead><tr>{head}"
           "</tr></thead><tbody>"]
    for i, ds in enumerate(report.datasets, start=1):
        verdict = _verdict(ds)
        errors = sum(1 for f in ds.findings if f.severity is Severity.ERROR)
        warnings = sum(1 for f in ds.findings if f.severity is Severity.WARNING)
        out.append(f'<tr><td><span class="badge {verdict}">{_e(text(verdict, lang))}</span>'
                   f'</td><td><a href="#ds-{i}">{_e(ds.title or ds.id or ds.source)}</a>'
                   f'<br><code class="muted">{_e(ds.source)}</code></td>'
                   f'<td class="num">{errors}</td><td class="num">{warnings}</td></tr>')
    out.append("</tbody></table>")
    return "".join(out)


def _summary(report: Report, lang: str) -> str:
    counts = report.counts()
    if report.exit_code == 2:
        cls, verdict = "bad", text("html-verdict-unreadable", lang)
    elif report.valid:
        cls, verdict = "ok", text("html-verdict-all-valid", lang)
    else:
        cls, verdict = "bad", text("html-verdict-invalid", lang)
    boxes = [f'<div class="count"><b>{len(report.datasets)}</b>'
             f'{_e(text("html-datasets", lang))}</div>']
    for s in Severity:
        boxes.append(f'<div class="count {s.value}"><b>{counts[s.value]}</b>'
                     f'{_e(text(f"html-{s.value}s", lang))}</div>')
    out = [f'<div class="verdict {cls}"><div class="big">{_e(verdict)}</div>'
           f'<div class="counts">{"".join(boxes)}</div></div>',
           f'<p class="muted">{_e(text("html-how-to-read", lang))}</p>']
    if len(report.datasets) > 1:
        out.append(_dataset_list(report, lang))
    by_code = report.by_code()
    if by_code:
        cat = catalog(lang)
        severity: dict[str, Severity] = {}
        for f in report.findings:
            old = severity.get(f.code)
            if old is None or _ORDER[f.severity] < _ORDER[old]:
                severity[f.code] = f.severity
        rows = sorted(by_code.items(), key=lambda item: (_ORDER[severity[item[0]]], -item[1]))
        out.append(f"<h3>{_e(text('by-code', lang))}</h3><table><thead><tr>"
                   f"<th>{_e(text('html-severity', lang))}</th>"
                   f"<th>{_e(text('html-code', lang))}</th>"
                   f"<th>{_e(text('html-title', lang))}</th>"
                   f"<th>{_e(text('html-count', lang))}</th></tr></thead><tbody>")
        for code, n in rows:
            sev = severity[code]
            out.append(f'<tr><td><span class="badge {sev.value}">'
                       f'{_e(text(f"severity-{sev.value}", lang))}</span></td>'
                       f"<td><code>{_e(code)}</code></td>"
                       f"<td>{_e(cat.get(code, {}).get('title', code))}</td>"
                       f'<td class="num">{n}</td></tr>')
        out.append("</tbody></table>")
    return "".join(out)


def render(report: Report, *, lang: str = "id", verbose: bool = False,
           limit: int | None = None) -> str:
    """The whole page (``verbose`` adds info findings, ``limit`` caps the findings shown)."""
    selection = Selection(verbose, limit)
    parts: list[str] = []
    for ds in report.datasets:
        kept = [f for f in sorted(ds.findings, key=lambda f: _ORDER[f.severity])
                if selection.keep(f)]
        parts.append(_dataset(len(parts) + 1, ds, kept, lang))
    notes = selection.notes(lang)
    when = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z").strip()
    title = text("report-title", lang)
    return "\n".join([
        "<!doctype html>",
        f'<html lang="{_e(lang)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{CSS}</style></head><body><main>",
        f"<h1>{_e(title)}</h1>",
        _summary(report, lang),
        "".join(f'<p class="note">{_e(n)}</p>' for n in notes),
        *parts,
        f'<footer>{_e(text("html-generated", lang, when=when, version=__version__))}</footer>',
        "</main></body></html>",
        "",
    ])
