"""Validation of datasets: every check plugin, every layer, one ``Report``.

The CLI renders exactly the object this module returns, so the Python API and the command line
can never disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from satudata_meta import plugins
from satudata_meta.checks import Check, CheckContext
from satudata_meta.dataset import Dataset, discover, load
from satudata_meta.errors import InputError
from satudata_meta.findings import DatasetReport, Finding, Report


def active_checks(names: Iterable[str] | None = None) -> list[Check]:
    """The installed checks (or the named ones), in their run order."""
    installed: dict[str, Check] = plugins.load("check")
    if names is not None:
        installed = {n: plugins.get("check", n) for n in names}
    return sorted(installed.values(), key=lambda c: (c.order, c.name))


def validate_dataset(
    dataset: Dataset | str | Path,
    *,
    checks: Sequence[Check] | None = None,
    options: dict[str, Any] | None = None,
) -> DatasetReport:
    """Validate one dataset; unreadable input becomes a fatal finding, never an exception."""
    source = str(dataset.source if isinstance(dataset, Dataset) else dataset)
    try:
        ds = dataset if isinstance(dataset, Dataset) else load(dataset)
    except InputError as exc:
        return DatasetReport(source=source, findings=[exc.finding])
    report = DatasetReport(source=source, id=ds.id, title=ds.title,
                           findings=list(ds.findings))
    if not report.readable:
        return report
    context = CheckContext(dataset=ds, metadata={}, options=dict(options or {}))
    for check in checks if checks is not None else active_checks():
        try:
            report.findings.extend(check.run(context))
        except InputError as exc:
            report.findings.append(exc.finding)
        except Exception as exc:  # a bug in a check must not hide the other layers
            reason = f"{type(exc).__name__}: {exc}"
            report.findings.append(Finding.of(
                "check-failed", params={"check": check.name, "reason": reason},
                file=str(ds.descriptor_path)))
    # Workbook form: metadata findings point at the metadata sheet row the officer filled in.
    report.findings = [ds.locate(f) for f in report.findings]
    report.engine = context.stats.pop("engine", None)
    report.stats = context.stats
    return report


def validate(
    paths: Iterable[str | Path],
    *,
    checks: Sequence[Check] | None = None,
    options: dict[str, Any] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> Report:
    """Validate every dataset found under ``paths`` (files, descriptors, folders)."""
    targets: list[Path] = []
    report = Report()
    for path in paths:
        found = discover(path) if Path(path).exists() else [Path(path)]
        if not found:
            report.datasets.append(DatasetReport(source=str(path), findings=[Finding.of(
                "source-unsupported", file=str(path),
                params={"source": str(path), "reason": "no dataset found in this folder"})]))
        targets.extend(found)
    chosen = list(checks) if checks is not None else active_checks()
    for i, target in enumerate(targets):
        if progress:
            progress(i, len(targets), str(target))
        report.datasets.append(validate_dataset(target, checks=chosen, options=options))
    if progress:
        progress(len(targets), len(targets), "")
    return report
