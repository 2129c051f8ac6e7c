"""Plain-text report for a terminal: verdict per dataset, then each finding with its place."""

from __future__ import annotations

from satudata_meta.findings import Finding, Report, Severity
from satudata_meta.messages import text

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
    shown = total = hidden = 0
    for ds in report.datasets:
        verdict = text("valid" if ds.valid else "invalid" if ds.readable else "unreadable", lang)
        name = f" ({ds.id})" if ds.id else ""
        engine = f" [engine: {ds.engine}]" if ds.engine else ""
        out.append(f"{'✓' if ds.valid else '✗'} {verdict}: {ds.source}{name}{engine}")
        for f in ds.findings:
            total += 1
            if f.severity is Severity.INFO and not verbose:
                hidden += 1
                continue
            if limit is not None and shown >= limit:
                continue
            shown += 1
            out.extend(_finding(f, lang))
        out.append("")
    counts = report.counts()
    if hidden:
        out.append(text("infos-hidden", lang, count=hidden))
    if limit is not None and total - hidden > shown:
        out.append(text("limited", lang, shown=shown, total=total - hidden))
    by_code = report.by_code()
    if by_code:
        counts_text = ", ".join(f"{c} ×{n}" for c, n in by_code.items())
        out.append(text("by-code", lang) + ": " + counts_text)
    out.append(text("summary", lang, datasets=len(report.datasets), errors=counts["error"],
                    warnings=counts["warning"], infos=counts["info"]))
    return "\n".join(out)
