"""Report renderers: the same ``Report`` object as text, JSON, HTML, JUnit XML or XLSX.

Text formats render to ``str``; XLSX (the findings written into a copy of the workbook) is
binary and renders to ``bytes`` through ``binary_renderer``, so it can only be written to a
file (``-o``).
"""

from __future__ import annotations

import importlib
from typing import Protocol

from satudata_meta.findings import Report

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


def renderer(fmt: str) -> Renderer:
    module, func = FORMATS[fmt].split(":")
    render: Renderer = getattr(importlib.import_module(module), func)
    return render


def binary_renderer(fmt: str) -> BinaryRenderer:
    module, func = BINARY_FORMATS[fmt].split(":")
    render: BinaryRenderer = getattr(importlib.import_module(module), func)
    return render
