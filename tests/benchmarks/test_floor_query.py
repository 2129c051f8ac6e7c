"""The floor query of the speed benchmark counts what it claims to count."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from floor_query import main  # type: ignore[import-not-found]  # noqa: E402
from generate_tables import generate  # type: ignore[import-not-found]  # noqa: E402

CHECKED = ("above-maximum", "bad-integer", "bad-number", "below-minimum", "not-in-enum",
           "required-empty", "unknown-code", "code-without-dots", "name-mismatch",
           "nik-value", "year-out-of-period")


@pytest.mark.parametrize("xlsx", [False, True], ids=["csv", "xlsx"])
def test_floor_query_flags_every_injected_error(tmp_path: Path, xlsx: bool) -> None:
    folder = generate(tmp_path, 30_000, error_rate=0.01, xlsx=xlsx)
    injected = json.loads((folder / "injected.json").read_text(encoding="utf-8"))
    counts = main(folder)
    rows = injected["rows"]
    wanted = sum(injected["injected"].get(kind, 0) for kind in CHECKED)
    assert wanted > 50
    # every row with an error of those kinds, and the blank rows (required cells empty)
    assert counts["flagged_rows"] == wanted + injected["injected"].get("blank-row", 0) < rows
    assert counts["expected_pairs"] == 1552 * injected["years"] * 12
    assert counts["rows_with_a_repeated_key"] >= 2 * (
        injected["injected"].get("duplicate-identical", 0))
