"""The HTML report renders in a real browser (skipped where Chromium is not installed; the
test installs nothing) and the committed screenshot in the docs exists."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from tests.audit.screenshot import DOCS_PNG, FEED, render
from tests.conftest import require_shared
from tests.validation.screenshot import chromium


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_audit_page_renders_in_chromium(tmp_path: Path) -> None:
    browser = chromium()
    if browser is None:
        pytest.skip("chromium not installed")
    if not FEED.is_file():
        require_shared(FEED)
    png = tmp_path / "audit.png"
    render(png, browser)
    assert _png_size(png) == (1280, 2400)
    assert png.stat().st_size > 50_000  # a page with charts, not a blank one


def test_committed_screenshot_exists() -> None:
    assert DOCS_PNG.is_file(), "run: python -m tests.audit.screenshot"
    width, height = _png_size(DOCS_PNG)
    assert width == 1280 and height >= 1200
    docs = [DOCS_PNG.parents[1] / "id" / "audit.md", DOCS_PNG.parents[1] / "en" / "audit.md"]
    for doc in docs:
        assert "img/audit.png" in doc.read_text(encoding="utf-8"), doc
