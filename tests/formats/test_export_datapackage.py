"""Data Package export: frictionless itself accepts the written package with the data files
beside it (bytes and sha256 included), and this library reads it back as the same dataset."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import frictionless
import pytest

from satudata_meta.dataset import load
from satudata_meta.exporters import ExportContext
from satudata_meta.exporters.datapackage import PROFILE, DataPackageExporter
from satudata_meta.importers.crosswalk import NOT_CARRIED
from satudata_meta.prepared import PreparedDataset, prepare
from tests.formats.conftest import run_cli


def write_beside_data(ds: PreparedDataset, context: ExportContext, target: Path) -> Path:
    """Copy the dataset's folder to ``target`` and write the exported descriptor there."""
    shutil.copytree(ds.dataset.base_dir, target)
    for old in ("datapackage.yaml", "datapackage.json"):
        (target / old).unlink(missing_ok=True)
    descriptor = target / "datapackage.json"
    descriptor.write_text(DataPackageExporter().export([ds], context), encoding="utf-8")
    return descriptor


def test_frictionless_validates_every_exported_package(
        prepared_examples: dict[str, PreparedDataset], context: ExportContext,
        tmp_path: Path) -> None:
    for name, ds in prepared_examples.items():
        path = write_beside_data(ds, context, tmp_path / name)
        package = frictionless.Package(str(path))
        report = package.validate()
        assert report.valid, f"{name}: {report.flatten(['type', 'note'])}"
        descriptor = json.loads(path.read_text("utf-8"))
        assert descriptor["$schema"] == PROFILE
        for res, info in zip(descriptor["resources"], ds.resources, strict=True):
            assert res["hash"] == f"sha256:{info.sha256}"
            assert res["bytes"] == info.bytes
            assert res["mediatype"] == info.media_type
            assert res["schema"]["fields"], name
        assert descriptor["licenses"][0]["name"] == ds.metadata["lisensi"]


def test_frictionless_cli_accepts_the_package(prepared_examples: dict[str, PreparedDataset],
                                              context: ExportContext, tmp_path: Path) -> None:
    """``frictionless validate`` as a user would run it, in its own process."""
    path = write_beside_data(prepared_examples["penduduk-kabupaten-kota"], context, tmp_path / "p")
    result = subprocess.run([sys.executable, "-m", "frictionless", "validate", path.name],
                            cwd=path.parent, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "VALID" in result.stdout


def test_a_changed_file_fails_its_hash(prepared_examples: dict[str, PreparedDataset],
                                       context: ExportContext, tmp_path: Path) -> None:
    ds = prepared_examples["produksi-padi-kecamatan"]
    path = write_beside_data(ds, context, tmp_path / "p")
    data = path.parent / str(ds.resources[0].descriptor["path"])
    data.write_bytes(data.read_bytes().replace(b"13255", b"13256"))  # same size, new hash
    errors = [e[0] for e in frictionless.Package(str(path)).validate().flatten(["type"])]
    assert "hash-count" in errors


def test_inferred_schema_keeps_codes_as_text(prepared_examples: dict[str, PreparedDataset],
                                             context: ExportContext) -> None:
    ds = prepared_examples["angka-partisipasi-sekolah"]  # a sidecar without a Table Schema
    assert "schema" not in ds.resources[0].descriptor
    doc = json.loads(DataPackageExporter().export([ds], context))
    types = {f["name"]: f["type"] for f in doc["resources"][0]["schema"]["fields"]}
    assert types["kode_kabupaten_kota"] == "string"  # 36.01 is a code, not a number
    assert types["persentase_aps"] == "number"


def test_package_reads_back_as_the_same_dataset(prepared_examples: dict[str, PreparedDataset],
                                                context: ExportContext,
                                                tmp_path: Path) -> None:
    assert NOT_CARRIED["datapackage"] == {}
    for name, ds in prepared_examples.items():
        path = write_beside_data(ds, context, tmp_path / name)
        again = prepare(load(path))
        assert [f for f in again.findings if f.severity.value == "error"] == []
        assert [f.code for f in again.findings if f.code == "metadata-unknown-field"] == []
        original = {k: v for k, v in ds.metadata.items() if k != "resources"}
        back = {k: again.metadata[k] for k in original}
        assert back == original, name
        for before, after in zip(ds.resources, again.resources, strict=True):
            assert (after.name, after.sha256, after.format) == (
                before.name, before.sha256, before.format)
            for key, value in before.descriptor.items():
                assert after.descriptor[key] == value, (name, key)


def test_catalogue_of_several_packages(prepared_examples: dict[str, PreparedDataset],
                                       context: ExportContext) -> None:
    datasets = list(prepared_examples.values())
    doc = json.loads(DataPackageExporter().export(datasets, context))
    catalog = frictionless.Catalog(doc)
    assert [d.name for d in catalog.datasets] == [d.id for d in datasets]
    base = Path(__import__("os").path.commonpath([d.dataset.base_dir for d in datasets]))
    for entry, ds in zip(doc["datasets"], datasets, strict=True):
        for res, info in zip(entry["package"]["resources"], ds.resources, strict=True):
            assert info.path is not None
            assert (base / res["path"]).resolve() == info.path.resolve()


def test_cli_writes_a_package_frictionless_accepts(tmp_path: Path) -> None:
    from tests.conftest import EXAMPLES

    folder = tmp_path / "padi"
    shutil.copytree(EXAMPLES / "produksi-padi-kecamatan", folder)
    target = folder / "datapackage.export.json"
    result = run_cli("export", str(folder), "--format", "datapackage", "-o", str(target))
    assert result.exit_code == 0, result.output
    report = frictionless.Package(str(target)).validate()
    assert report.valid, report.flatten(["type", "note"])


@pytest.mark.parametrize("bad", [{"bytes": 1}, {"hash": "sha256:" + "0" * 64}])
def test_frictionless_would_notice_wrong_facts(prepared_examples: dict[str, PreparedDataset],
                                               context: ExportContext, tmp_path: Path,
                                               bad: dict[str, Any]) -> None:
    path = write_beside_data(prepared_examples["penduduk-kabupaten-kota"], context, tmp_path / "p")
    descriptor = json.loads(path.read_text("utf-8"))
    descriptor["resources"][0].update(bad)
    path.write_text(json.dumps(descriptor), "utf-8")
    assert not frictionless.Package(str(path)).validate().valid
