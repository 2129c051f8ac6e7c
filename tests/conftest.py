"""Shared fixtures: the repository's examples and a helper to write throwaway datasets."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
# Each example as a user names it: the package folder, or the data file of a sidecar pair.
EXAMPLE_DATASETS = sorted(
    [p.parent for p in EXAMPLES.glob("*/datapackage.*")]
    + [p.with_name(p.name.removesuffix(".metadata.yaml"))
       for p in EXAMPLES.glob("*/*.metadata.yaml")]
)


def example_metadata(name: str = "penduduk-kabupaten-kota") -> dict[str, Any]:
    with (EXAMPLES / name / "datapackage.yaml").open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


@pytest.fixture
def write_package(tmp_path: Path) -> Callable[..., Path]:
    """Copy an example package into tmp_path with its metadata changed by ``edit``."""

    def make(edit: Callable[[dict[str, Any]], None] | None = None,
             name: str = "penduduk-kabupaten-kota", as_json: bool = False) -> Path:
        src = EXAMPLES / name
        dst = tmp_path / name
        for f in src.rglob("*"):
            if f.is_file():
                (dst / f.relative_to(src)).parent.mkdir(parents=True, exist_ok=True)
                (dst / f.relative_to(src)).write_bytes(f.read_bytes())
        meta = copy.deepcopy(example_metadata(name))
        if edit:
            edit(meta)
        (dst / "datapackage.yaml").unlink()
        if as_json:
            (dst / "datapackage.json").write_text(json.dumps(meta, default=str), "utf-8")
        else:
            (dst / "datapackage.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True),
                                                  "utf-8")
        return dst

    return make


SHARED = ROOT.parent / "shared"


def require_shared(path: Path) -> Path:
    """A file of ../shared/ (reference material beside the clone). Missing: skipped locally
    with the reason, but a failure in CI, where the copy is always there."""
    if path.exists():
        return path
    import os

    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but shared material is missing: {path}", pytrace=False)
    pytest.skip(f"shared material not found: {path}")
