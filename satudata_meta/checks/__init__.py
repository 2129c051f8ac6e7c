"""Checks: each layer of validation is a plugin with the same small interface.

A check receives a ``CheckContext`` (the dataset, its metadata normalised by the metadata
check, and run options) and yields findings. Checks run in ``order`` and never stop the run:
every layer reports, even when an earlier one found errors.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from satudata_meta.dataset import Dataset
from satudata_meta.findings import Finding


@dataclass
class CheckContext:
    dataset: Dataset
    metadata: dict[str, Any]  # normalised by the metadata check (canonical codes)
    options: dict[str, Any] = field(default_factory=dict)  # engine, limit_rows, ...
    stats: dict[str, Any] = field(default_factory=dict)  # checks may record counts here


@runtime_checkable
class Check(Protocol):
    """The plugin interface for ``satudata_meta.checks`` entry points."""

    name: str
    order: int  # lower runs first; the metadata check is 0

    def run(self, context: CheckContext) -> Iterable[Finding]: ...
