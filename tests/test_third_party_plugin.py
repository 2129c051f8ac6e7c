"""A third party's plugins are found through entry points exactly like the built-in ones.

The example distribution in examples/satudata-plugin-contoh is made visible the way pip would
install it (a ``.dist-info`` folder with ``entry_points.txt`` on sys.path), without touching the
environment outside this test.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from satudata_meta import plugins
from satudata_meta.cli.main import cli
from tests.conftest import EXAMPLES, ROOT

EXAMPLE_PLUGIN = ROOT / "examples" / "satudata-plugin-contoh"


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    info = tmp_path / "satudata_plugin_contoh-0.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: satudata-plugin-contoh\nVersion: 0.1.0\n")
    entry_points = (EXAMPLE_PLUGIN / "pyproject.toml").read_text().split(
        '[project.entry-points."satudata_meta.checks"]')[1].split("[tool.hatch")[0]
    checks, publishers = entry_points.split('[project.entry-points."satudata_meta.publishers"]')
    (info / "entry_points.txt").write_text(  # TOML strings -> entry_points.txt lines
        f"[satudata_meta.checks]\n{checks.strip()}\n\n"
        f"[satudata_meta.publishers]\n{publishers.strip()}\n".replace('"', ""))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.syspath_prepend(str(EXAMPLE_PLUGIN))
    plugins.load.cache_clear()
    yield
    plugins.load.cache_clear()
    sys.modules.pop("satudata_plugin_contoh", None)


def test_plugins_list_names_the_third_party_distribution(installed: None) -> None:
    out = CliRunner().invoke(cli, ["plugins", "list"]).output
    assert "judul-periode" in out and "satudata-plugin-contoh 0.1.0" in out
    assert "jsonl" in out
    assert "metadata       satudata-meta" in out


def test_third_party_check_runs_in_validate(installed: None,
                                            write_package: Callable[..., Path]) -> None:
    ok = CliRunner().invoke(cli, ["validate", str(EXAMPLES / "penduduk-kabupaten-kota"),
                                  "--format", "json"])
    assert ok.exit_code == 0 and '"judul-tanpa-periode"' not in ok.output  # names 2019-2023
    pkg = write_package(lambda m: m.update(judul="Jumlah Penduduk Banten"))
    warned = CliRunner().invoke(cli, ["validate", str(pkg), "--format", "json"])
    assert warned.exit_code == 0  # a warning, not an error
    assert '"code": "judul-tanpa-periode"' in warned.output
    assert "2019-2023" in warned.output


def test_third_party_publisher_publishes(installed: None, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["publish", str(EXAMPLES / "produksi-padi-kecamatan"),
                                      "--to", "jsonl", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "produksi-padi-kecamatan-pandeglang" in (tmp_path / "datasets.jsonl").read_text()


def test_without_it_the_plugin_is_unknown() -> None:
    result = CliRunner().invoke(cli, ["publish", str(EXAMPLES), "--to", "jsonl"])
    assert result.exit_code == 2 and "no publisher plugin 'jsonl'" in result.output
