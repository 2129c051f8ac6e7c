"""satudata-meta: the Satu Data Banten metadata standard, codes, validation and publishing.

The public API::

    import satudata_meta
    dataset = satudata_meta.load("examples/penduduk-kabupaten-kota")
    report = satudata_meta.validate(["examples/"])
    report.valid, report.findings
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Dataset", "Finding", "Report", "__version__", "load", "validate"]

if TYPE_CHECKING:
    from satudata_meta.dataset import Dataset, load
    from satudata_meta.findings import Finding, Report
    from satudata_meta.validate import validate

_LAZY = {
    "load": "satudata_meta.dataset",
    "Dataset": "satudata_meta.dataset",
    "Finding": "satudata_meta.findings",
    "Report": "satudata_meta.findings",
    "validate": "satudata_meta.validate",
}


def __getattr__(name: str) -> Any:
    """Import on first use, so ``import satudata_meta`` stays cheap for the CLI."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(name)
