"""Plain-text report for a terminal: verdict per dataset, then each finding with its place."""

from __future__ import annotations

from satudata_meta.findings import Finding, Report, Severity
from satudata_meta.messages import text
from satudata_meta.report import Selection

_MARK = {Severity.ERROR: "✗", Severity.WARNING: "!", Severity.INFO: "i"}


def _finding(f: Finding, lang: str) -> list[str]:
    sev = text(f"severity-{f.severity.value}", lang)
    message = f.message(lang)
    if f.cell is not None and f.row_number is not None and f.cell not in message:
        message += f"  ({text('value', lang)}: {f.cell!r})"
    lines = [f"  {_MARK[f.severity]} {sev} [{f.code}] {f.location(lang)}".rstrip(),
             f"      {message}"]
    hint = f.hint(lang)
    if hint:
        lines.append(f"      {text('hint', lang)}: {hint}")
    return lines


def render(report: Report, *, lang: str = "id", verbose: bool = False,
           limit: int | None = None) -> str:
    out = [text("report-title", lang), ""]
    selection = Selection(verbose, limit)
    for ds in report.datasets:
        verdict = text("valid" if ds.valid else "invalid" if ds.readable else "unreadable", lang)
        name = f" ({ds.id})" if ds.id else ""
        engine = f" [engine: {ds.engine}]" if ds.engine else ""
        out.append(f"{'✓' if ds.valid else '✗'} {verdict}: {ds.source}{name}{engine}")
        for f in ds.findings:
            if selection.keep(f):
                out.extend(_finding(f, lang))
        out.append("")
    counts = report.counts()
    out.extend(selection.notes(lang))
    by_code = report.by_code()
    if by_code:
        counts_text = ", ".join(f"{c} ×{n}" for c, n in by_code.items())
        out.append(text("by-code", lang) + ": " + counts_text)
    out.append(text("summary", lang, datasets=len(report.datasets), errors=counts["error"],
                    warnings=counts["warning"], infos=counts["info"]))
    return "\n".join(out)
