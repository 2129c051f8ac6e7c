"""Files generated from the standard are committed and current; the JSON Schema works."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import jsonschema
import pytest
import yaml

from satudata_meta.standard.generate import GENERATED, stale
from satudata_meta.standard.jsonschema import build
from tests.conftest import EXAMPLE_DATASETS, ROOT


def test_generated_files_are_current() -> None:
    assert stale(ROOT) == [], "run: python -m satudata_meta.standard.generate"


def test_staleness_check_detects_an_edit(tmp_path: Any) -> None:
    rel = next(iter(GENERATED))
    (tmp_path / rel).parent.mkdir(parents=True)
    (tmp_path / rel).write_text("old\n", encoding="utf-8")
    assert rel in stale(tmp_path)


def _as_json(value: Any) -> Any:
    return json.loads(json.dumps(value, default=lambda v: v.isoformat()
                                 if isinstance(v, dt.date) else str(v)))


def _metadata(path: Any) -> dict[str, Any]:
    p = (path.with_name(path.name + ".metadata.yaml") if path.is_file()
         else next(path.glob("datapackage.*")))
    data = json.loads(p.read_text()) if p.suffix == ".json" else yaml.safe_load(p.read_text())
    return _as_json(data)  # type: ignore[no-any-return]


VALIDATOR = jsonschema.Draft202012Validator(build())


@pytest.mark.parametrize("path", EXAMPLE_DATASETS, ids=lambda p: p.name)
def test_json_schema_accepts_every_example(path: Any) -> None:
    meta = _metadata(path)
    meta.setdefault("resources", [{"name": "data", "path": "x.csv", "format": "csv"}])
    assert list(VALIDATOR.iter_errors(meta)) == []


@pytest.mark.parametrize("edit,where", [
    (lambda m: m.pop("konsep"), "konsep"),
    (lambda m: m.update(akses="publik"), "akses"),
    (lambda m: m.pop("lisensi"), "lisensi"),
    (lambda m: m.update(mengandung_data_pribadi=True), "akses"),
    (lambda m: m.update(cakupan_wilayah="3603"), "cakupan_wilayah"),
    (lambda m: m["kontak"].update(email="x"), "email"),
    (lambda m: m["resources"][0].pop("path"), "path"),
    (lambda m: m.update(resources=[]), "resources"),
])
def test_json_schema_rejects_broken_metadata(edit: Any, where: str) -> None:
    meta = _metadata(EXAMPLE_DATASETS[-1])
    edit(meta)
    errors = list(VALIDATOR.iter_errors(meta))
    assert errors and any(where in (str(list(e.absolute_path)) + e.message + str(e.schema))
                          for e in errors)
