"""Report renderers: the same ``Report`` object as text, JSON, HTML or JUnit XML."""

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


class Renderer(Protocol):
    def __call__(
        self, report: Report, *, lang: str = "id", verbose: bool = False, limit: int | None = None
    ) -> str: ...


def renderer(fmt: str) -> Renderer:
    module, func = FORMATS[fmt].split(":")
    render: Renderer = getattr(importlib.import_module(module), func)
    return render
