"""The CKAN plugin's pure parts, without a portal: token handling, mapping, diffs, retries."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import requests

from satudata_ckan import client
from satudata_ckan.mapping import (
    differences,
    metadata_from_package,
    package_dict,
    resource_dict,
)
from satudata_ckan.publisher import read_token
from satudata_meta.prepared import prepare
from tests.conftest import EXAMPLES


def test_token_from_environment_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SATUDATA_CKAN_TOKEN", "abc")
    assert read_token(tmp_path / "none.json") == "abc"


def test_world_readable_token_file_is_refused(monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    monkeypatch.delenv("SATUDATA_CKAN_TOKEN", raising=False)
    cfg = tmp_path / "ckan.json"
    cfg.write_text('{"token": "rahasia"}')
    os.chmod(cfg, 0o644)
    with pytest.raises(PermissionError, match="chmod 600") as info:
        read_token(cfg)
    assert "rahasia" not in str(info.value)
    os.chmod(cfg, 0o600)
    assert read_token(cfg) == "rahasia"


@pytest.mark.parametrize("mode", ["extras", "scheming"])
def test_package_dict_uses_national_field_names(mode: str) -> None:
    pkg = package_dict(prepare(EXAMPLES / "penduduk-kabupaten-kota"), mode)
    fields = pkg if mode == "scheming" else {e["key"]: e["value"] for e in pkg["extras"]}
    assert fields["accessRights"] == "terbuka"
    assert fields["accrualPeriodicity"] == "tahunan"
    assert fields["level_estimasi"] == "kabupaten_kota"
    assert fields["publisher_type"] == "daerah-provinsi"
    assert fields["mengandung_data_pribadi"] == "false"
    assert pkg["owner_org"] == "dp3akkb-banten" and pkg["license_id"] == "cc-by"
    assert ("extras" in pkg) == (mode == "extras")
    core = {"name", "title", "notes", "version", "url", "state"}
    assert not core & {e["key"] for e in pkg.get("extras", [])}  # CKAN rejects those as extras


def test_differences_see_only_real_changes() -> None:
    prepared = prepare(EXAMPLES / "penduduk-kabupaten-kota")
    want = package_dict(prepared, "extras")
    have = {**{k: v for k, v in want.items() if k not in ("extras", "tag_string")},
            "extras": want["extras"], "state": "active",
            "tags": [{"name": t} for t in reversed(want["tag_string"].split(","))],
            "owner_org": "some-uuid", "organization": {"name": "dp3akkb-banten"}}
    assert differences(have, want) == []
    have["extras"] = [e if e["key"] != "satuan" else {"key": "satuan", "value": "orang"}
                      for e in have["extras"]]
    assert differences(have, want) == ["satuan"]


def test_metadata_round_trips_through_the_package_dict() -> None:
    prepared = prepare(EXAMPLES / "produksi-padi-kecamatan")
    pkg = package_dict(prepared, "scheming")
    pkg["tags"] = [{"name": t} for t in pkg.pop("tag_string").split(",")]
    pkg["organization"] = {"name": pkg["owner_org"]}
    back = metadata_from_package(pkg)
    for key, value in prepared.metadata.items():
        if key in ("resources",):
            continue
        assert back.get(key) == (sorted(value) if key == "tag" else value), key


def test_resource_dict_carries_hash_and_schema() -> None:
    prepared = prepare(EXAMPLES / "penduduk-kabupaten-kota")
    res = resource_dict(prepared.resources[0])
    assert res["hash"].startswith("sha256:") and len(res["hash"]) == 71
    assert '"primaryKey"' in res["schema"] and res["format"] == "CSV"


def test_transient_errors_are_retried_with_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    sleeps: list[float] = []
    portal = client.Portal("http://127.0.0.1:9", None, retries=3, backoff=0.5,
                           sleep=sleeps.append)
    calls: list[str] = []

    def flaky(action: str, data: Any, files: Any = None, requests_kwargs: Any = None) -> Any:
        calls.append(action)
        if len(calls) < 3:
            raise requests.ConnectionError("refused")
        return {"ok": True}

    monkeypatch.setattr(portal._ckan, "call_action", flaky)
    assert portal.call("package_show", id="x") == {"ok": True}
    assert sleeps == [0.5, 1.0]
    calls.clear()
    with pytest.raises(client.TransientError):
        portal.call("resource_create", retry=False, id="x")
    assert calls == ["resource_create"]
