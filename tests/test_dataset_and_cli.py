"""Loading datasets in their forms, bad input, and the validate command's exit codes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from satudata_meta.cli.main import cli
from satudata_meta.dataset import discover, load
from satudata_meta.errors import InputError
from tests.conftest import EXAMPLE_DATASETS, EXAMPLES


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def test_three_example_forms_load() -> None:
    forms = {load(p).form for p in EXAMPLE_DATASETS}
    assert forms == {"datapackage", "sidecar"}
    assert len(EXAMPLE_DATASETS) >= 3
    ds = load(EXAMPLES / "produksi-padi-kecamatan")
    assert ds.id == "produksi-padi-kecamatan-pandeglang"
    assert ds.resources[0].path is not None and ds.resources[0].path.is_file()


def test_discover_finds_every_example() -> None:
    assert sorted(discover(EXAMPLES)) == EXAMPLE_DATASETS


def test_examples_validate_clean() -> None:
    code, out = invoke("validate", str(EXAMPLES))
    assert code == 0, out
    assert "VALID" in out


@pytest.mark.parametrize("content,reason", [
    ("id: [unclosed", "YAML, line 1"),
    ("- just\n- a list\n", "top level"),
    ("\x00\x01binary", "YAML"),
])
def test_unreadable_descriptor_exit_2(tmp_path: Path, content: str, reason: str) -> None:
    (tmp_path / "datapackage.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load(tmp_path)
    assert info.value.finding.code == "descriptor-invalid"
    assert reason in info.value.finding.message("en")
    code, out = invoke("validate", str(tmp_path))
    assert code == 2 and "Traceback" not in out and "descriptor-invalid" in out


def test_missing_path_exit_2_in_both_languages(tmp_path: Path) -> None:
    code, out = invoke("validate", str(tmp_path / "tidak-ada.csv"))
    assert code == 2 and "tidak ditemukan" in out
    code, out = invoke("validate", str(tmp_path / "tidak-ada.csv"), "--lang", "en")
    assert code == 2 and "not found" in out


def test_csv_without_sidecar_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    code, out = invoke("validate", str(tmp_path / "x.csv"))
    assert code == 2 and "x.csv.metadata.yaml" in out


def test_invalid_metadata_exit_1_with_json_findings(write_package: Callable[..., Path]) -> None:
    pkg = write_package(lambda m: m.pop("konsep"))
    code, out = invoke("validate", str(pkg), "--format", "json", "--lang", "en")
    assert code == 1
    report = json.loads(out)
    assert report["valid"] is False
    [f] = [f for f in report["findings"] if f["code"] == "metadata-missing-field"
           and f.get("path") == "konsep"]
    assert f["severity"] == "error" and "konsep" in f["message"]


def test_path_traversal_is_refused(write_package: Callable[..., Path]) -> None:
    def escape(meta: dict) -> None:  # type: ignore[type-arg]
        meta["resources"][0]["path"] = "../../etc/passwd"

    pkg = write_package(escape)
    ds = load(pkg)
    assert [f.code for f in ds.findings] == ["path-outside-package"]
    code, _ = invoke("validate", str(pkg))
    assert code == 2


def test_several_paths_one_report(write_package: Callable[..., Path]) -> None:
    bad = write_package(lambda m: m.update(akses="rahasia"))
    code, out = invoke("validate", str(EXAMPLES / "produksi-padi-kecamatan"), str(bad),
                       "--format", "json")
    report = json.loads(out)
    assert code == 1 and [d["valid"] for d in report["datasets"]] == [True, False]


def test_junit_report(write_package: Callable[..., Path]) -> None:
    bad = write_package(lambda m: m.pop("judul"))
    code, out = invoke("validate", str(bad), "--format", "junit")
    assert code == 1 and "<failure" in out and "metadata-missing-field" in out


def test_help_lists_commands() -> None:
    code, out = invoke("--help")
    assert code == 0
    for command in ("validate", "standard", "codes"):
        assert command in out
