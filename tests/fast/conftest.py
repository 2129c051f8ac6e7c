"""Run a dataset with both engines and compare everything they report.

``tiny_blocks`` makes the fast reader cut files into blocks of a few hundred bytes, so the
small files of the tests go through every path a large file takes (the csv module for the
first rows, Arrow for blocks without quotes, the csv module for blocks with quotes, rows
held at block ends).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from satudata_meta.findings import DatasetReport
from satudata_meta.validate import active_checks, validate_dataset
from tests.validation.conftest import copy_example

__all__ = ["copy_example"]  # the broken copies of the examples, shared with tests/validation


def dump(report: DatasetReport) -> list[str]:
    """Every finding as JSON (code, severity, row, field, cell, params, messages)."""
    return [json.dumps(f.to_dict("en"), sort_keys=True, default=str) for f in report.findings]


def both(target: Path, checks: list[str] | None = None
         ) -> tuple[DatasetReport, DatasetReport]:
    chosen = active_checks(checks)
    reference = validate_dataset(target, checks=chosen, options={"engine": "frictionless"})
    fast = validate_dataset(target, checks=chosen, options={"engine": "fast"})
    return reference, fast


def assert_same(target: Path, order: bool = True, checks: list[str] | None = None
                ) -> DatasetReport:
    """The fast engine reports exactly what the Frictionless path reports."""
    reference, fast = both(target, checks)
    # the Frictionless path names its engine in the table layer only
    assert fast.engine == "fast" and reference.engine in ("frictionless", None)
    assert not [f for f in fast.findings if f.code == "check-failed"], [
        f.params for f in fast.findings if f.code == "check-failed"]
    if order:
        assert dump(fast) == dump(reference)
    else:
        assert sorted(dump(fast)) == sorted(dump(reference))
    assert fast.stats == reference.stats
    return fast


@pytest.fixture
def tiny_blocks(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from satudata_meta.fast import engine, source

    monkeypatch.setattr(source, "HEAD_BYTES", 300)
    monkeypatch.setattr(source, "HEAD_PARSED", 300)
    monkeypatch.setattr(source, "HEAD_LINES", 0)
    monkeypatch.setattr(source, "BLOCK_BYTES", 400)
    monkeypatch.setattr(engine, "PLAN_ROWS", 0)
    yield
