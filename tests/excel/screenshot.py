"""The annotated workbook as LibreOffice renders it (docs/img/laporan-excel.png).

The sample is the penduduk example filled into the template, then broken the way officers'
files are: a code Excel turned into a number, a code that does not exist, a year outside the
period, a footnote mark, a repeated row, a bad e-mail and a frequency spelled by hand.
``python -m tests.excel.screenshot`` rewrites the committed picture (the report's first page,
the ``laporan`` sheet).
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from tests.excel.conftest import Rows, make_pair

ROOT = Path(__file__).resolve().parents[2]
DOCS_PNG = ROOT / "docs" / "img" / "laporan-excel.png"


def _break(meta: dict[str, Any], rows: Rows) -> None:
    meta["kontak"]["email"] = "kependudukan.dp3akkb@bantenprov"
    meta["frekuensi"] = "Tahunan"
    rows[4][0] = "3601"  # row 5
    rows[6][0] = "36.09"  # row 7
    rows[8][2] = "2030"  # row 9
    rows[12][4] = f"{int(rows[12][4]):,}".replace(",", ".") + "*"  # row 13
    rows.append(list(rows[2]))  # row 82


def sample(workdir: Path) -> tuple[Path, Path]:
    """(the broken workbook, the annotated copy) inside ``workdir``."""
    from satudata_meta.cli.main import cli

    pair = make_pair("penduduk-kabupaten-kota", workdir, _break)
    workbook = workdir / "penduduk-dari-dinas.xlsx"
    pair.workbook.rename(workbook)
    report = workdir / "laporan.xlsx"
    # The file named as an officer types it; validate exits 1 (the sample has errors).
    with contextlib.chdir(workdir), contextlib.suppress(SystemExit):
        cli.main(["validate", workbook.name, "--format", "xlsx", "-o", str(report)],
                 standalone_mode=False)
    return workbook, report


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(xlsx: Path, outdir: Path, office: str) -> Path:
    """Convert with LibreOffice, headless, in its own profile (no clash with a desktop)."""
    profile = outdir / "lo-profile"
    subprocess.run([office, f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(outdir), str(xlsx)],
                   check=True, capture_output=True, timeout=180)
    return outdir / (xlsx.stem + ".pdf")


def to_png(pdf: Path, prefix: Path, resolution: int = 60, page: int | None = None) -> list[Path]:
    args = ["pdftoppm", "-png", "-r", str(resolution)]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    subprocess.run([*args, str(pdf), str(prefix)], check=True, capture_output=True,
                   timeout=120)
    return sorted(prefix.parent.glob(prefix.name + "*.png"))


def main() -> int:
    office = soffice()
    if office is None or shutil.which("pdftoppm") is None:
        print("needs soffice (libreoffice-calc) and pdftoppm (poppler-utils)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        _, report = sample(Path(tmp))
        pdf = to_pdf(report, Path(tmp), office)
        # 100 dpi rather than 60: the committed picture must be legible in the docs.
        [png] = to_png(pdf, Path(tmp) / "halaman", resolution=100, page=1)
        DOCS_PNG.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(png, DOCS_PNG)
    print(f"wrote {DOCS_PNG}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
