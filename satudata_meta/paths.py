"""Where the standard's data lives.

The standard is declared once, in the repository's top-level ``standards/`` folder. A wheel
carries a copy as ``satudata_meta/_standards``; a source checkout (editable install) reads the
folder itself, so an edit to the standard is seen without reinstalling.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def standards_dir() -> Path:
    """Return the folder that holds ``metadata/`` and ``codes/``."""
    for candidate in (_PACKAGE_DIR / "_standards", _PACKAGE_DIR.parent / "standards"):
        if (candidate / "metadata").is_dir():
            return candidate
    raise RuntimeError(  # an installation problem, not user input
        "satudata_meta: the standards/ data folder is missing from this installation"
    )


def repo_root() -> Path | None:
    """The source checkout holding this package, or None for a wheel install."""
    root = _PACKAGE_DIR.parent
    return root if (root / "pyproject.toml").is_file() else None
