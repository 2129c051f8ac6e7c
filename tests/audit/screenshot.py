"""The audit HTML of a real feed as a browser screenshot (docs/img/audit.png).

The catalogue is palangkaraya.json from shared/data/datajson-feeds: 438 datasets from 22
agencies with the gaps real feeds have (empty descriptions, no licence, no theme, no region).
``python -m tests.audit.screenshot`` rewrites the committed screenshot; the test
``test_audit_screenshot`` renders the same page into a temporary file when Chromium is there.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from satudata_meta.audit import html, report
from satudata_meta.audit.run import Options, run
from tests.validation.screenshot import chromium, screenshot

ROOT = Path(__file__).resolve().parents[2]
FEED = ROOT.parent / "shared" / "data" / "datajson-feeds" / "palangkaraya.json"
DOCS_PNG = ROOT / "docs" / "img" / "audit.png"
WINDOW = "1280,2400"


def page(feed: Path = FEED, lang: str = "id") -> str:
    """The HTML report of ``feed``, with the source shown as its file name only."""
    doc = report.document(run(str(feed), Options(lang=lang)), lang)
    doc["source"] = feed.name
    return html.render(doc, lang)


def render(png: Path, browser: str, feed: Path = FEED) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "audit.html"
        target.write_text(page(feed), encoding="utf-8")
        screenshot(target, png, browser, WINDOW)


def main() -> int:
    browser = chromium()
    if browser is None:
        print("chromium not found", file=sys.stderr)
        return 2
    DOCS_PNG.parent.mkdir(parents=True, exist_ok=True)
    render(DOCS_PNG, browser)
    print(f"wrote {DOCS_PNG.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
