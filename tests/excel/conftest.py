"""The bundled examples in workbook form: the template filled with an example's metadata and
rows, next to a copy of the same example in its own form, so a test can break both the same
way and compare what ``validate`` says about each."""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from satudata_meta.excel import template
from satudata_meta.findings import DatasetReport

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
# name -> (metadata file, data file) inside the example folder; the target to validate.
LAYOUT = {
    "penduduk-kabupaten-kota": ("datapackage.yaml", "data/penduduk.csv"),
    "angka-partisipasi-sekolah": ("aps.csv.metadata.yaml", "aps.csv"),
    "produksi-padi-kecamatan": ("datapackage.json", "data/produksi-padi.csv"),
}

Rows = list[list[str]]
Edit = Callable[[dict[str, Any], Rows], None]


def read_meta(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    return data


def write_meta(path: Path, data: dict[str, Any]) -> None:
    if path.suffix == ".json":
        path.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@dataclass
class Pair:
    """One example in two forms: its own (``original``) and a workbook (``workbook``)."""

    original: Path  # what to validate: the folder, or the CSV of a sidecar dataset
    workbook: Path


def make_pair(name: str, folder: Path, edit: Edit | None = None,
              keep_schema: bool = False) -> Pair:
    """Copy the example (without its Table Schema unless ``keep_schema``: a workbook has
    none), apply ``edit`` to its metadata and rows, and write the same into a workbook."""
    meta_name, data_name = LAYOUT[name]
    copy = folder / name
    shutil.copytree(EXAMPLES / name, copy)
    meta = read_meta(copy / meta_name)
    with (copy / data_name).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    if not keep_schema and isinstance(meta.get("resources"), list):
        for res in meta["resources"]:
            res.pop("schema", None)
    if edit is not None:
        edit(meta, rows)
    write_meta(copy / meta_name, meta)
    with (copy / data_name).open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    wb = template.build(meta.get("tingkat_penyajian") or "kabupaten_kota",
                        str(meta.get("cakupan_wilayah") or "36"))
    if "resources" not in meta:  # a sidecar's one resource, as load() names it
        meta = {**meta, "resources": [{"name": Path(data_name).stem.lower()}]}
    template.fill(wb, meta, rows[0], rows[1:])
    target = folder / f"{name}.xlsx"
    template.save(wb, target)
    original = copy / data_name if meta_name.endswith(".metadata.yaml") else copy
    return Pair(original, target)


@pytest.fixture
def pair(tmp_path: Path) -> Callable[..., Pair]:
    def make(name: str, edit: Edit | None = None, keep_schema: bool = False) -> Pair:
        return make_pair(name, tmp_path, edit, keep_schema)
    return make


def data_summary(report: DatasetReport) -> list[tuple[str, int | None, str | None]]:
    """(code, row, column) of every data finding, sorted."""
    return sorted(((f.code, f.row_number, f.field_name) for f in report.findings
                   if f.resource is not None), key=lambda t: (t[0], t[1] or 0, t[2] or ""))


def metadata_summary(report: DatasetReport) -> list[tuple[str, str | None, str]]:
    """(code, path, severity) of every metadata finding, sorted."""
    return sorted((f.code, f.path, f.severity.value) for f in report.findings
                  if f.resource is None)
