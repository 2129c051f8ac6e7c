"""Publishers: put valid datasets somewhere people find them (a folder catalogue, CKAN, ...).

One plugin per target, found through the ``satudata_meta.publishers`` entry-point group (the
entry point's name is the ``--to`` value). The core never imports CKAN code: the CKAN publisher
lives in its own distribution under ``plugins/``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol, runtime_checkable

from satudata_meta.prepared import PreparedDataset


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REFUSED = "refused"  # invalid: not sent
    FAILED = "failed"  # the target failed; a rerun retries it


@dataclass
class PublishResult:
    dataset: str  # dataset id (or source path when it has none)
    outcome: Outcome
    changes: list[str] = field(default_factory=list)  # what was (or would be) changed
    message: str | None = None
    url: str | None = None


@runtime_checkable
class Publisher(Protocol):
    """The plugin interface for ``satudata_meta.publishers`` entry points."""

    name: str

    def publish(self, dataset: PreparedDataset, *, dry_run: bool, options: dict[str, Any]
                ) -> PublishResult: ...
