"""Fixtures of the interoperability tests: the examples prepared once, the shared reference
material (DCAT-AP 3 shapes, POD 1.1 schemas, real data.json feeds) and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from satudata_meta.cli.main import cli
from satudata_meta.exporters import ExportContext
from satudata_meta.prepared import PreparedDataset, prepare
from tests.conftest import EXAMPLE_DATASETS, ROOT, require_shared

SHARED = ROOT.parent / "shared"
REFERENCE = SHARED / "reference"
FEEDS = SHARED / "data" / "datajson-feeds"


def example_sources() -> list[Path]:
    """Each example as the path a user gives: a folder, or the CSV of a sidecar pair."""
    return [p if p.is_dir() else p.with_name(p.name.removesuffix(".metadata.yaml"))
            for p in EXAMPLE_DATASETS]


def example_id(path: Path) -> str:
    return path.name if path.is_dir() else path.parent.name


def needs_shared(*parts: str) -> Path:
    """A file of the shared reference material; the test is skipped (and says why) when the
    folder beside the repository is absent, as on a bare checkout."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        require_shared(path)
    return path


@pytest.fixture(scope="session")
def prepared_examples() -> dict[str, PreparedDataset]:
    """Every example, loaded, checked and measured once per session."""
    found = {example_id(p): prepare(p) for p in example_sources()}
    for name, ds in found.items():
        errors = [f for f in ds.findings if f.severity.value == "error"]
        assert not errors, f"example {name} has metadata errors: {errors}"
    return found


@pytest.fixture
def context() -> ExportContext:
    return ExportContext()


def run_cli(*args: str) -> Result:
    """Run ``satudata`` in-process; a traceback (anything but SystemExit) fails the test."""
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"crashed: {result.exception!r}\n{result.output}")
    return result
