"""Report renderers: the same ``Report`` object as text, JSON, HTML, JUnit XML or XLSX.

Text formats render to ``str``; XLSX (the findings written into a copy of the workbook) is
binary and renders to ``bytes`` through ``binary_renderer``, so it can only be written to a
file (``-o``).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Protocol

from satudata_meta import messages  # not `text`: the submodule report.text shadows that name
from satudata_meta.findings import Finding, Report, Severity

FORMATS: dict[str, str] = {
    "text": "satudata_meta.report.text:render",
    "json": "satudata_meta.report.json:render",
    "junit": "satudata_meta.report.junit:render",
    "html": "satudata_meta.report.html:render",
}
BINARY_FORMATS: dict[str, str] = {
    "xlsx": "satudata_meta.report.xlsx:render",
}


class Renderer(Protocol):
    def __call__(
        self, report: Report, *, lang: str = "id", verbose: bool = False, limit: int | None = None
    ) -> str: ...


class BinaryRenderer(Protocol):
    def __call__(
        self, report: Report, *, lang: str = "id", verbose: bool = False, limit: int | None = None
    ) -> bytes: ...


@dataclass
class Selection:
    """Which findings a human-readable report shows: info only with ``verbose``, at most
    ``limit``; and the notes saying what was left out."""

    verbose: bool = False
    limit: int | None = None
    total: int = 0
    hidden: int = 0
    shown: int = 0

    def keep(self, finding: Finding) -> bool:
        self.total += 1
        if finding.severity is Severity.INFO and not self.verbose:
            self.hidden += 1
            return False
        if self.limit is not None and self.shown >= self.limit:
            return False
        self.shown += 1
        return True

    def notes(self, lang: str) -> list[str]:
        out = [messages.text("infos-hidden", lang, count=self.hidden)] if self.hidden else []
        if self.limit is not None and self.total - self.hidden > self.shown:
            out.append(messages.text("limited", lang, shown=self.shown,
                                     total=self.total - self.hidden))
        return out


def renderer(fmt: str) -> Renderer:
    module, func = FORMATS[fmt].split(":")
    render: Renderer = getattr(importlib.import_module(module), func)
    return render


def binary_renderer(fmt: str) -> BinaryRenderer:
    module, func = BINARY_FORMATS[fmt].split(":")
    render: BinaryRenderer = getattr(importlib.import_module(module), func)
    return render
