"""``satudata audit`` as a user runs it: exit codes, filters, files, languages, SHACL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.audit.conftest import feed, run_cli, write_feed
from tests.conftest import EXAMPLES, require_shared

ENTRIES: list[dict[str, Any]] = [
    {"identifier": "dinkes-1", "title": "A", "description": "d",
     "publisher": {"name": "Dinas Kesehatan Provinsi Banten"}},
    {"identifier": "dinkes-2", "title": "B", "description": "d",
     "publisher": {"name": "Dinas Kesehatan Provinsi Banten"}},
    {"identifier": "dinsos-1", "title": "C", "description": "d",
     "publisher": {"name": "Dinas Sosial Provinsi Banten"}},
]


def _ids(*args: str) -> list[str]:
    result = run_cli("audit", *args, "-f", "json")
    assert result.exit_code == 0, result.output
    return sorted(d["id"] for d in json.loads(result.stdout)["datasets"])


def test_filters(tmp_path: Path) -> None:
    path = str(write_feed(tmp_path / "data.json", ENTRIES))
    assert _ids(path) == ["dinkes-1", "dinkes-2", "dinsos-1"]
    assert _ids(path, "--include", "dinkes-*") == ["dinkes-1", "dinkes-2"]
    assert _ids(path, "--include", "dinsos-1", "--include", "dinkes-2") == [
        "dinkes-2", "dinsos-1"]
    # by the publisher's name as written in a foreign feed
    assert _ids(path, "--publisher", "Dinas Sosial Provinsi Banten") == ["dinsos-1"]


def test_publisher_filter_by_opd_code_on_our_own_packages() -> None:
    assert _ids(str(EXAMPLES), "--publisher", "distan") == ["produksi-padi-kecamatan-pandeglang"]
    assert _ids(str(EXAMPLES), "--publisher", "distan-banten") == [
        "produksi-padi-kecamatan-pandeglang"]  # the CKAN organisation name works too


def test_output_file_and_language(tmp_path: Path) -> None:
    out = tmp_path / "audit.html"
    result = run_cli("audit", str(EXAMPLES), "-f", "html", "-o", str(out), "--lang", "en")
    assert result.exit_code == 0 and result.stdout == ""
    page = out.read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "Most common gaps" in page


def test_unreadable_sources_exit_2(tmp_path: Path) -> None:
    missing = run_cli("audit", str(tmp_path / "nope"))
    assert missing.exit_code == 2 and "tidak ditemukan" in missing.output
    broken = tmp_path / "data.json"
    broken.write_text("{not json", encoding="utf-8")
    result = run_cli("audit", str(broken), "--lang", "en")
    assert result.exit_code == 2 and "not JSON" in result.output
    # the same file as a package: nothing readable is left, which is no audit either
    result = run_cli("audit", str(broken), "--source-type", "folder")
    assert result.exit_code == 2 and "data.json" in result.stderr


def test_feed_warnings_go_to_stderr_for_machine_formats() -> None:
    result = run_cli("audit", str(feed("sulbar")), "-f", "json")
    assert result.exit_code == 0
    json.loads(result.stdout)  # stdout stays pure JSON
    assert "kendali" in result.stderr


def test_shacl_on_the_examples_and_a_dataset_without_description(tmp_path: Path) -> None:
    """With pySHACL, the satudata-dcat plugin and the shared DCAT-AP 3 shapes (skipped
    without them): the examples conform; a dataset without description does not."""
    pytest.importorskip("pyshacl")
    pytest.importorskip("satudata_dcat")
    shapes = Path(__file__).resolve().parents[3] / "shared" / "reference" / "dcat-ap-3.0.0"
    if not (shapes / "shapes.ttl").is_file():
        require_shared(shapes)
    result = run_cli("audit", str(EXAMPLES), "--shacl", "--shapes", str(shapes), "-f", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["method"]["dcat_ap"] == "shacl"
    for d in doc["datasets"]:
        dcat = d["mqa"]["dimensions"]["interoperability"]["indicators"]["dcat_ap"]
        assert dcat["points"] == 30, dcat
    entries = [dict(ENTRIES[0], distribution=[{"downloadURL": "https://x.go.id/a.csv",
                                               "format": "csv"}]),
               dict(ENTRIES[1], description="")]
    path = write_feed(tmp_path / "data.json", entries)
    doc = json.loads(run_cli("audit", str(path), "--shacl", "--shapes", str(shapes),
                             "-f", "json").stdout)
    verdicts = {d["id"]: d["mqa"]["dimensions"]["interoperability"]["indicators"]["dcat_ap"]
                for d in doc["datasets"]}
    assert verdicts["dinkes-1"]["points"] == 30
    assert verdicts["dinkes-2"]["points"] == 0
    assert "dct:description" in verdicts["dinkes-2"]["detail"]


def test_shacl_without_shapes_says_what_to_give(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pyshacl")
    from satudata_meta.audit import dcatap

    monkeypatch.setattr(dcatap, "repo_root", lambda: None)
    monkeypatch.delenv(dcatap.SHAPES_ENV, raising=False)
    result = run_cli("audit", str(EXAMPLES), "--shacl", "--lang", "en")
    assert result.exit_code == 2
    assert "--shapes" in result.output
