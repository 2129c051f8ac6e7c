"""A realistic report, as HTML and as a browser screenshot (docs/img/laporan-validasi.png).

The sample is the penduduk example as a dinas PC might save it: semicolons, Windows-1252,
Indonesian thousands, a code Excel turned into a number, a mistyped code, a kab/kota
missing for one year, a repeated row, and a year outside the period; beside it the clean
APS example. ``python -m tests.validation.screenshot`` rewrites the committed screenshot.
"""

from __future__ import annotations

import contextlib
import csv
import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from satudata_meta.findings import Report
from satudata_meta.report import renderer
from satudata_meta.validate import validate

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
DOCS_PNG = ROOT / "docs" / "img" / "laporan-validasi.png"
WINDOW = "1280,2000"


def sample_report(workdir: Path) -> Report:
    """Validate a broken copy of the penduduk example and the clean APS example."""
    broken = workdir / "penduduk-dari-dinas"
    shutil.copytree(EXAMPLES / "penduduk-kabupaten-kota", broken)
    data = broken / "data" / "penduduk.csv"
    with data.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    for row in rows[1:]:
        row[4] = f"{int(row[4]):,}".replace(",", ".")
        if row[0] == "36.02":
            row[0] = "3602"
    rows[4][0] = "36.09"  # row 5
    rows[53][1] = "Kota Cilégon"  # row 54: an accent, as Windows-1252 writes it
    rows[6][2] = "2030"  # row 7
    rows = [r for r in rows if not (r[0] == "36.03" and r[2] == "2021")]
    rows.append(list(rows[2]))
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    data.write_bytes(buffer.getvalue().encode("cp1252"))
    aps = workdir / "angka-partisipasi-sekolah"
    shutil.copytree(EXAMPLES / "angka-partisipasi-sekolah", aps)
    with contextlib.chdir(workdir):  # paths in the report as a user would type them
        return validate([Path(broken.name), Path(aps.name) / "aps.csv"])


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which(
        "google-chrome")


def screenshot(html: Path, png: Path, browser: str, window: str = WINDOW) -> None:
    """Render ``html`` in headless Chromium to ``png``."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
             f"--screenshot={png}", f"--window-size={window}", html.resolve().as_uri()],
            check=True, capture_output=True, timeout=120)


def main() -> int:
    browser = chromium()
    if browser is None:
        print("chromium not found", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        report = sample_report(Path(tmp))
        html = Path(tmp) / "laporan.html"
        html.write_text(renderer("html")(report, lang="id"), encoding="utf-8")
        DOCS_PNG.parent.mkdir(parents=True, exist_ok=True)
        screenshot(html, DOCS_PNG, browser)
    print(f"wrote {DOCS_PNG.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
