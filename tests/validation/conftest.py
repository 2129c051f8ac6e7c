"""Broken copies of the bundled examples, made in each test from the real files.

A test copies an example into ``tmp_path``, changes named cells (rows are numbered as in
Excel: the header is row 1), the metadata or the file's encoding and delimiter, validates it
and compares the table and content findings, code by code and row by row, with exactly what
it broke.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from satudata_meta.findings import DatasetReport, Finding
from satudata_meta.validate import active_checks, validate_dataset

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
PENDUDUK = "penduduk-kabupaten-kota"
APS = "angka-partisipasi-sekolah"
PADI = "produksi-padi-kecamatan"
# Where each example keeps its metadata and its one data file.
LAYOUT = {
    PENDUDUK: ("datapackage.yaml", "data/penduduk.csv"),
    APS: ("aps.csv.metadata.yaml", "aps.csv"),
    PADI: ("datapackage.json", "data/produksi-padi.csv"),
}

Rows = list[list[str]]


@dataclass
class Copy:
    """A writable copy of one example."""

    root: Path
    name: str

    @property
    def meta_path(self) -> Path:
        return self.root / LAYOUT[self.name][0]

    @property
    def data_path(self) -> Path:
        return self.root / LAYOUT[self.name][1]

    @property
    def target(self) -> Path:
        """What to give ``validate``: the folder, or the CSV of a sidecar dataset."""
        return self.data_path if self.name == APS else self.root

    # -- metadata --------------------------------------------------------------------------
    def meta(self) -> dict[str, Any]:
        text = self.meta_path.read_text(encoding="utf-8")
        data: dict[str, Any] = (json.loads(text) if self.meta_path.suffix == ".json"
                                else yaml.safe_load(text))
        return data

    def edit_meta(self, edit: Callable[[dict[str, Any]], None]) -> Copy:
        data = self.meta()
        edit(data)
        if self.meta_path.suffix == ".json":
            self.meta_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        else:
            self.meta_path.write_text(yaml.safe_dump(data, allow_unicode=True),
                                      encoding="utf-8")
        return self

    def drop_schema(self) -> Copy:
        def edit(m: dict[str, Any]) -> None:
            m["resources"][0].pop("schema", None)
        return self.edit_meta(edit)

    def schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = self.meta()["resources"][0]["schema"]
        return schema

    # -- rows ------------------------------------------------------------------------------
    def rows(self) -> Rows:
        with self.data_path.open(encoding="utf-8", newline="") as fh:
            return list(csv.reader(fh))

    def write_rows(self, rows: Rows, *, delimiter: str = ",", encoding: str = "utf-8",
                   tail: str = "") -> Copy:
        buffer = io.StringIO(newline="")
        csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
        self.data_path.write_bytes((buffer.getvalue() + tail).encode(encoding))
        return self

    def edit_rows(self, edit: Callable[[Rows], None]) -> Copy:
        rows = self.rows()
        edit(rows)
        return self.write_rows(rows)

    def set(self, row: int, column: str, value: str) -> Copy:
        """Set one cell; ``row`` as Excel numbers it (the header is row 1)."""
        def edit(rows: Rows) -> None:
            rows[row - 1][rows[0].index(column)] = value
        return self.edit_rows(edit)

    def cell(self, row: int, column: str) -> str:
        rows = self.rows()
        return rows[row - 1][rows[0].index(column)]


@pytest.fixture
def copy_example(tmp_path: Path) -> Callable[[str], Copy]:
    def make(name: str) -> Copy:
        dst = tmp_path / name
        shutil.copytree(EXAMPLES / name, dst)
        return Copy(dst, name)

    return make


def sidecar_dataset(folder: Path, csv_text: str, name: str = "data.csv",
                    **meta: Any) -> Path:
    """A CSV with a sidecar: the APS example's metadata with ``meta`` changed."""
    base: dict[str, Any] = yaml.safe_load(
        (EXAMPLES / APS / "aps.csv.metadata.yaml").read_text(encoding="utf-8"))
    base.update(meta)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.metadata.yaml").write_text(yaml.safe_dump(base), encoding="utf-8")
    (folder / name).write_text(csv_text, encoding="utf-8")
    return folder / name


def run(target: Path | Copy, *, checks: Iterable[str] | None = None,
        options: dict[str, Any] | None = None) -> DatasetReport:
    """Validate a copy (or a path) with the installed checks, or only the named ones."""
    # Not isinstance(target, Copy): pytest imports this conftest under two module names.
    path = target if isinstance(target, Path) else Path(target.target)
    chosen = active_checks(list(checks) if checks is not None else None)
    return validate_dataset(path, checks=chosen, options=options)


def validate_cli(*args: str) -> tuple[int, str]:
    """``satudata validate ARGS``: exit code and output, never a traceback."""
    from click.testing import CliRunner

    from satudata_meta.cli.main import cli

    result = CliRunner().invoke(cli, ["validate", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def data_findings(report: DatasetReport) -> list[Finding]:
    """The findings about data files (table and content layers), not the metadata's."""
    return [f for f in report.findings if f.resource is not None]


def summary(report: DatasetReport) -> list[tuple[str, int | None, str | None]]:
    """(code, rowNumber, fieldName) of every data finding, sorted: what tests compare."""
    return sorted(((f.code, f.row_number, f.field_name) for f in data_findings(report)),
                  key=lambda t: (t[0], t[1] or 0, t[2] or ""))


def only(report: DatasetReport, code: str) -> Finding:
    [found] = [f for f in report.findings if f.code == code]
    return found
