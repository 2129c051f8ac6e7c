"""``satudata export``: every example in every installed format; invalid metadata refused with
its findings (exit 1); unreadable input exit 2; never a traceback."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from satudata_meta import plugins
from tests.conftest import EXAMPLES
from tests.formats.conftest import example_sources, run_cli

CORE_FORMATS = ("datajson", "datapackage")
DCAT_FORMATS = ("dcat-turtle", "dcat-jsonld", "dcat-rdfxml")


def installed_formats() -> list[str]:
    return sorted(plugins.load("exporter"))


def test_core_exporters_are_registered_plugins() -> None:
    from satudata_meta.exporters import Exporter

    installed = plugins.load("exporter")
    for name in CORE_FORMATS:
        assert isinstance(installed[name], Exporter)
        assert installed[name].name == name
    info = {(p.kind, p.name): p.distribution for p in plugins.describe()}
    assert info[("exporter", "datajson")] == "satudata-meta"
    for name in DCAT_FORMATS:
        if ("exporter", name) in info:
            assert info[("exporter", name)] == "satudata-dcat"


@pytest.mark.parametrize("source", example_sources(), ids=lambda p: p.name)
def test_every_example_exports_to_every_format(source: Path, tmp_path: Path) -> None:
    formats = installed_formats()
    assert set(CORE_FORMATS) <= set(formats)
    for fmt in formats:
        target = tmp_path / f"out.{fmt}"
        result = run_cli("export", str(source), "--format", fmt, "-o", str(target))
        assert result.exit_code == 0, (fmt, result.output)
        assert target.stat().st_size > 500, fmt
        if fmt in CORE_FORMATS or fmt == "dcat-jsonld":
            json.loads(target.read_text("utf-8"))


def test_stdout_and_base_url() -> None:
    result = run_cli("export", str(EXAMPLES / "penduduk-kabupaten-kota"), "--format",
                     "datajson", "--base-url", "https://data.example.go.id")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    entry = doc["dataset"][0]
    assert entry["landingPage"] == (
        "https://data.example.go.id/dataset/jumlah-penduduk-kabupaten-kota")
    assert entry["spatial"] == "https://data.example.go.id/wilayah/36"


def test_invalid_metadata_is_refused_with_its_findings(
        write_package: Callable[..., Path], tmp_path: Path) -> None:
    def edit(meta: dict[str, Any]) -> None:
        meta["frekuensi"] = "kadang-kadang"
        del meta["konsep"]

    path = write_package(edit)
    target = tmp_path / "out.json"
    for lang, word in (("id", "dibatalkan"), ("en", "refused")):
        result = run_cli("export", str(path), "--format", "datajson", "-o", str(target),
                         "--lang", lang)
        assert result.exit_code == 1
        assert word in result.stderr
        assert "frekuensi" in result.stderr and "konsep" in result.stderr
        assert "metadata-unknown-code" in result.stderr
    assert not target.exists()  # nothing written


def test_one_invalid_dataset_stops_the_catalogue(write_package: Callable[..., Path],
                                                 tmp_path: Path) -> None:
    bad = write_package(lambda m: m.update(akses="rahasia"))
    result = run_cli("export", str(EXAMPLES / "produksi-padi-kecamatan"), str(bad),
                     "--format", "datapackage")
    assert result.exit_code == 1 and result.stdout == ""
    assert "produksi-padi" not in result.stderr  # only the dataset that blocks is shown


def test_unreadable_input_exits_2(tmp_path: Path) -> None:
    broken = tmp_path / "rusak"
    broken.mkdir()
    (broken / "datapackage.yaml").write_text("judul: [tidak ditutup\n", "utf-8")
    for target in (broken, tmp_path / "tidak-ada"):
        result = run_cli("export", str(target), "--format", "datajson")
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output


def test_unknown_format_lists_the_installed_ones() -> None:
    result = run_cli("export", str(EXAMPLES), "--format", "csvw")
    assert result.exit_code == 2
    assert "datajson" in result.output and "datapackage" in result.output
