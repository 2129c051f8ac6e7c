"""Which engine runs: ``auto`` by size, ``--engine`` as asked, and a clear finding when the
fast engine's libraries are missing."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from click.testing import CliRunner

import satudata_meta.fast as fast
from satudata_meta.cli.main import cli
from tests.validation.conftest import PENDUDUK, Copy, run

Make = Callable[[str], Copy]


def _engine(args: list[str]) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(cli, ["validate", *args, "--format", "json"])
    report: dict[str, Any] = json.loads(result.output)
    return result.exit_code, report


def test_auto_keeps_small_files_on_frictionless(copy_example: Make) -> None:
    ds = copy_example(PENDUDUK)
    assert run(ds, options={"engine": "auto"}).engine == "frictionless"


def test_auto_takes_the_fast_engine_from_the_threshold(copy_example: Make,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    ds = copy_example(PENDUDUK)
    size = ds.data_path.stat().st_size
    monkeypatch.setattr(fast, "AUTO_BYTES", size)
    assert run(ds, options={"engine": "auto"}).engine == "fast"
    monkeypatch.setattr(fast, "AUTO_BYTES", size + 1)
    assert run(ds, options={"engine": "auto"}).engine == "frictionless"


def test_engine_option_is_obeyed_and_reported(copy_example: Make) -> None:
    ds = copy_example(PENDUDUK)
    for engine in ("fast", "frictionless"):
        code, report = _engine([str(ds.root), "--engine", engine])
        assert code == 0
        [dataset] = report["datasets"]
        assert dataset["engine"] == engine


def test_without_its_libraries(copy_example: Make, monkeypatch: pytest.MonkeyPatch) -> None:
    ds = copy_example(PENDUDUK)
    monkeypatch.setattr(fast, "available", lambda: False)
    monkeypatch.setattr(fast, "AUTO_BYTES", 0)
    assert run(ds, options={"engine": "auto"}).engine == "frictionless"
    report = run(ds, options={"engine": "fast"})
    [finding] = [f for f in report.findings if f.code == "engine-unavailable"]
    assert finding.fatal and finding.params["available"] == "auto, frictionless"
    assert not report.readable
