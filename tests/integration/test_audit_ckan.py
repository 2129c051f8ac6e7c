"""Auditing a real CKAN gives the scores of auditing the same datasets' data.json export.

The examples get per-run ids (so reruns against one CKAN do not collide), are published to the
dev CKAN (vanilla and scheming instances, scripts/ckan-dev) and exported as data.json; then
the CKAN portal (read through the Action API: ``package_show`` for exact ids, paged
``package_search`` for a pattern), the data.json file and the folder are audited, and every
dataset's 23 indicator values, its MQA total, its compliance score and its publisher must be
the same in all of them.

What legitimately differs, and why the comparison does not need to normalise it: the URLs.
CKAN serves an uploaded file at its own ``/dataset/<uuid>/resource/<uuid>/download/<file>``,
the export names ``https://satudata.bantenprov.go.id/dataset/<id>/resource/<name>/<file>``.
Without ``--check-urls`` no indicator reads a URL's text, only whether it is there and which
kind it is (an upload is a download URL on both sides, a link an access URL), so the values are
compared as they are. With ``--check-urls`` they would differ (the export's portal is not
reachable from here); that run is made against CKAN alone and must find its downloads.
"""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from satudata_meta.audit import report, sources
from satudata_meta.audit.run import Options, run
from satudata_meta.cli.main import cli
from tests.conftest import EXAMPLES

pytestmark = pytest.mark.integration

EXAMPLE_NAMES = ("angka-partisipasi-sekolah", "penduduk-kabupaten-kota",
                 "produksi-padi-kecamatan")


def _retag(folder: Path, suffix: str) -> str:
    """Give the example in ``folder`` a per-run id; return it."""
    for descriptor in [*folder.glob("datapackage.*"), *folder.glob("*.metadata.yaml")]:
        if descriptor.suffix == ".json":
            meta = json.loads(descriptor.read_text(encoding="utf-8"))
            meta["id"] = f"{meta['id'][:60]}-{suffix}"
            descriptor.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        else:
            meta = yaml.safe_load(descriptor.read_text(encoding="utf-8"))
            meta["id"] = f"{meta['id'][:60]}-{suffix}"
            descriptor.write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
        return str(meta["id"])
    raise AssertionError(f"no descriptor in {folder}")


def _indicators(d: dict[str, Any]) -> dict[str, float]:
    return {k: v["points"] for dim in d["mqa"]["dimensions"].values()
            for k, v in dim["indicators"].items()}


def _by_id(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {d["id"]: d for d in doc["datasets"]}


@pytest.mark.parametrize("instance", ["extras", "scheming"])
def test_ckan_audit_matches_the_data_json_audit(instance: str, tmp_path: Path,
                                                request: pytest.FixtureRequest,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    url = request.getfixturevalue("ckan_url" if instance == "extras" else "ckan_scheming_url")
    token = request.getfixturevalue(
        "ckan_token" if instance == "extras" else "ckan_scheming_token")
    suffix = uuid.uuid4().hex[:6]
    packages = tmp_path / "examples"
    ids = []
    for name in EXAMPLE_NAMES:
        shutil.copytree(EXAMPLES / name, packages / name)
        ids.append(_retag(packages / name, suffix))

    runner = CliRunner(env={"SATUDATA_CKAN_TOKEN": token})
    published = runner.invoke(cli, ["publish", str(packages), "--to", "ckan", "--url", url,
                                    "--create-orgs", "--json"])
    assert published.exit_code == 0, published.output
    assert [r["outcome"] for r in json.loads(published.stdout)["results"]] == ["created"] * 3
    exported = tmp_path / "data.json"
    done = runner.invoke(cli, ["export", str(packages), "--format", "datajson",
                               "-o", str(exported)])
    assert done.exit_code == 0, done.output

    # CKAN, by exact ids: package_show one by one
    by_ids = report.document(run(url, Options(include=tuple(ids))), "en")
    # CKAN, by pattern: package_search over the whole portal, paged in small pages
    monkeypatch.setattr(sources, "SEARCH_ROWS", 7)
    by_search = report.document(run(url, Options(include=(f"*-{suffix}",))), "en")
    from_feed = report.document(run(str(exported), Options()), "en")
    from_folder = report.document(run(str(packages), Options()), "en")

    assert by_ids["source_type"] == by_search["source_type"] == "ckan"
    assert sorted(_by_id(by_ids)) == sorted(_by_id(by_search)) == sorted(
        _by_id(from_feed)) == sorted(_by_id(from_folder)) == sorted(ids)
    for ident in ids:
        ckan = _by_id(by_ids)[ident]
        for other in (_by_id(by_search)[ident], _by_id(from_feed)[ident],
                      _by_id(from_folder)[ident]):
            assert _indicators(ckan) == _indicators(other), ident
            assert ckan["mqa"]["total"] == other["mqa"]["total"]
            assert ckan["compliance"] == other["compliance"], ident
            assert ckan["publisher_key"] == other["publisher_key"]
        # the examples are complete: only the unchecked URLs and the rights statement
        # (which the standard has no field for) cost points
        assert ckan["mqa"]["total"] == 320
        assert ckan["compliance"]["score"] == 100
    assert by_ids["publishers"] == from_feed["publishers"]

    # against CKAN alone the URLs can be checked: its uploads are served, so all of
    # accessibility is earned
    checked = report.document(run(url, Options(include=tuple(ids), check_urls=True)), "en")
    assert checked["method"]["urls"]["ok"] == checked["method"]["urls"]["count"] == 3
    for d in checked["datasets"]:
        assert d["mqa"]["dimensions"]["accessibility"]["points"] == 100
        assert d["mqa"]["total"] == 400 and d["mqa"]["rating"] == "excellent"


def test_ckan_audit_by_organisation(ckan_url: str, ckan_token: str, tmp_path: Path) -> None:
    """``--publisher`` becomes a package_search filter on the CKAN organisation."""
    suffix = uuid.uuid4().hex[:6]
    shutil.copytree(EXAMPLES / "produksi-padi-kecamatan", tmp_path / "padi")
    ident = _retag(tmp_path / "padi", suffix)
    runner = CliRunner(env={"SATUDATA_CKAN_TOKEN": ckan_token})
    assert runner.invoke(cli, ["publish", str(tmp_path / "padi"), "--to", "ckan", "--url",
                               ckan_url, "--create-orgs"]).exit_code == 0
    result = runner.invoke(cli, ["audit", ckan_url, "--publisher", "distan", "-f", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert ident in _by_id(doc)
    assert {d["publisher_key"] for d in doc["datasets"]} == {"distan"}
