"""The fast validation engine: Table Schema and content checks over batches of rows.

``satudata validate --engine fast`` (or ``auto`` on large files) validates with the same
rules and the same findings as the Frictionless path, at a fraction of the time and with
memory bounded by a batch, not by the file (see ``docs/en/fast-engine.md``). It needs polars
(computing on columns) and pyarrow (splitting CSV text); without them ``auto`` keeps the
Frictionless path and ``fast`` reports ``engine-unavailable``.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib.util import find_spec
from typing import Any

from satudata_meta.findings import Finding

# From this many bytes of local table files on, ``auto`` picks the fast engine. Measured on
# slices of the benchmark table (docs/en/benchmarks-validate.md): both engines take the same
# time at about 0.6 MB (10,000 rows); at 1.9 MB the fast one is 1.3x faster, at 3.8 MB 2x.
# Below, the Frictionless path is as fast and needs less memory.
AUTO_BYTES = 1024 * 1024


def available() -> bool:
    """Whether the fast engine's libraries are installed."""
    return find_spec("polars") is not None and find_spec("pyarrow") is not None


def _size(context: Any) -> int:
    total = 0
    for resource in context.dataset.resources:
        path = resource.path
        if path is not None and path.is_file():
            total += path.stat().st_size
    return total


def chosen(context: Any) -> bool:
    """Whether this run validates tables with the fast engine (``fast``, or ``auto`` on
    files of ``AUTO_BYTES`` or more when the libraries are installed)."""
    engine = str(context.options.get("engine") or "auto")
    if engine == "fast":
        return True
    if engine != "auto" or not available():
        return False
    decided = context.options.get("_fast")
    if decided is None:
        decided = context.options["_fast"] = _size(context) >= AUTO_BYTES
    return bool(decided)


def table_findings(context: Any) -> Iterator[Finding]:
    """The table layer's findings, as ``checks.table.TableCheck`` gives them."""
    from satudata_meta.fast.engine import outcome

    context.stats["engine"] = "fast"
    tables = context.stats.setdefault("tables", {})
    for resource in context.dataset.resources:
        out = outcome(context, context.dataset, resource)
        yield from out.take_notes()
        if not out.readable:
            continue
        tables[out.name] = out.stats
        yield from out.table_findings()


def content_findings(context: Any) -> Iterator[Finding]:
    """The content layer's findings, as ``checks.content.ContentCheck`` gives them."""
    from satudata_meta.fast.engine import outcome

    context.stats.setdefault("engine", "fast")  # also when the table layer does not run
    for resource in context.dataset.resources:
        out = outcome(context, context.dataset, resource)
        yield from out.take_notes()
        if not out.readable:
            continue
        yield from out.content.take()
