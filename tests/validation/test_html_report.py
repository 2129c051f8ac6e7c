"""The HTML report: self-contained, escaped, in the reader's language, and readable in a
real browser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from satudata_meta.findings import DatasetReport, Finding, Report, Severity
from satudata_meta.messages import catalog
from satudata_meta.report import renderer
from tests.validation.screenshot import chromium, sample_report, screenshot

EVIL = '<script>alert("x")</script>&'


def _report() -> Report:
    cell = Finding.of("type-error", params={"value": {"id": f"'{EVIL}'", "en": f"'{EVIL}'"},
                                            "field": "jumlah", "type": {"id": "angka",
                                                                        "en": "a number"}},
                      file="data/x.csv", resource="x", row_number=7, field_name="jumlah",
                      field_number=3, cell=EVIL)
    meta = Finding.of("metadata-missing-field", Severity.INFO, path="walidata",
                      params={"field": "walidata", "label": "Walidata", "obligation": "opsional"})
    warn = Finding.of("non-utf8-encoding", file="data/x.csv", resource="x",
                      params={"encoding": "Windows-1252"})
    return Report(datasets=[
        DatasetReport(source="dinas/x", id="x", title=f"Judul {EVIL}",
                      findings=[cell, warn, meta], stats={"tables": {"x": {"rows": 9,
                                                                           "columns": 3}}}),
        DatasetReport(source="dinas/y", id="y", title="Bersih", findings=[]),
    ])


def test_everything_from_the_data_is_escaped() -> None:
    page = renderer("html")(_report(), lang="id", verbose=True)
    assert "<script" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;" in page
    assert page.count("<style>") == 1


def test_page_is_self_contained() -> None:
    page = renderer("html")(_report(), lang="en")
    assert not re.search(r"""(src|href)=["'](https?:)?//""", page)
    assert "<link" not in page and "<script" not in page and "@import" not in page
    assert page.startswith("<!doctype html>") and '<meta charset="utf-8">' in page


@pytest.mark.parametrize("lang", ["id", "en"])
def test_verdict_counts_codes_cells_and_fix_text(lang: str) -> None:
    page = renderer("html")(_report(), lang=lang)
    fix = catalog(lang)["type-error"]["fix"].strip()
    assert re.sub(r"\s+", " ", fix.replace('"', "&quot;")) in re.sub(r"\s+", " ", page)
    assert catalog(lang)["type-error"]["title"] in page
    assert f'lang="{lang}"' in page
    assert ('<td class="num">7</td><td>jumlah</td>') in page  # row and column of the cell
    verdict = {"id": "Ada dataset yang tidak valid", "en": "Some datasets are invalid"}[lang]
    assert verdict in page
    assert ("Walidata" in page) is False  # info findings only with --verbose
    assert "Walidata" in renderer("html")(_report(), lang=lang, verbose=True)


def test_limit_caps_the_findings_shown() -> None:
    page = renderer("html")(_report(), lang="en", limit=1)
    assert page.count('<tr><td class="num">') == 1
    assert "Only 1 of 2 findings shown" in page


def test_valid_report() -> None:
    page = renderer("html")(Report(datasets=[DatasetReport(source="a", title="A")]), lang="id")
    assert "Semua dataset valid" in page and "Tidak ada temuan." in page


@pytest.mark.skipif(chromium() is None, reason="chromium is not installed")
def test_report_renders_in_a_real_browser(tmp_path: Path) -> None:
    browser = chromium()
    assert browser is not None
    html = tmp_path / "laporan.html"
    html.write_text(renderer("html")(sample_report(tmp_path), lang="id"), encoding="utf-8")
    png = tmp_path / "laporan.png"
    screenshot(html, png, browser)
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1280, 2000)
    assert len(data) > 50_000  # a blank or error page compresses to a few kilobytes


def test_committed_screenshot_exists() -> None:
    png = Path(__file__).resolve().parents[2] / "docs" / "img" / "laporan-validasi.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 50_000
