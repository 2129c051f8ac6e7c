"""Publishing to a real CKAN (scripts/ckan-dev): both modes, idempotence, files, pull, faults.

No fakes here: every call goes to CKAN 2.11 on PostgreSQL. Dataset ids get a per-run suffix so
reruns against the same CKAN don't collide.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import socket
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import yaml
from click.testing import CliRunner

from satudata_meta.cli.main import cli
from satudata_meta.dataset import load
from satudata_meta.standard.check import check_metadata
from tests.conftest import EXAMPLES

pytestmark = pytest.mark.integration


def api(url: str, token: str, action: str, **data: Any) -> Any:
    resp = requests.post(f"{url}/api/3/action/{action}", json=data,
                         headers={"Authorization": token}, timeout=60)
    body = resp.json()
    if not body.get("success"):
        raise AssertionError((resp.status_code, body.get("error")))
    return body["result"]


def copy_example(tmp: Path, name: str = "penduduk-kabupaten-kota", **changes: Any) -> Path:
    """An example with a unique id (and optional metadata changes), in tmp, in its own form
    (datapackage.yaml or datapackage.json)."""
    dst = tmp / f"{name}-{uuid.uuid4().hex[:6]}"
    shutil.copytree(EXAMPLES / name, dst)
    meta = original_metadata(dst)
    meta["id"] = f"{meta['id'][:60]}-{dst.name[-6:]}"
    meta.update(changes)
    if (dst / "datapackage.json").exists():
        (dst / "datapackage.json").write_text(json.dumps(meta), encoding="utf-8")
    else:
        (dst / "datapackage.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True),
                                              encoding="utf-8")
    return dst


def original_metadata(folder: Path) -> dict[str, Any]:
    return load(folder).metadata


@pytest.fixture(params=["extras", "scheming"])
def portal(request: pytest.FixtureRequest) -> tuple[str, str, str]:
    """(mode, url, token) of the vanilla CKAN, then of the one running our scheming schema."""
    prefix = "ckan" if request.param == "extras" else "ckan_scheming"
    return (request.param, request.getfixturevalue(f"{prefix}_url"),
            request.getfixturevalue(f"{prefix}_token"))


def publish(url: str, token: str, *paths: Path, extra: tuple[str, ...] = ()) -> tuple[int, Any]:
    result = CliRunner(env={"SATUDATA_CKAN_TOKEN": token}).invoke(
        cli, ["publish", *map(str, paths), "--to", "ckan", "--url", url, "--create-orgs",
              "--json", *extra])
    assert token not in result.output  # the token is never printed
    try:
        return result.exit_code, json.loads(result.output)
    except json.JSONDecodeError:
        raise AssertionError(result.output) from None


def outcomes(report: Any) -> list[str]:
    return [r["outcome"] for r in report["results"]]


def dataset_id(path: Path) -> str:
    return str(original_metadata(path)["id"])


def test_create_unchanged_update_and_file_roundtrip(portal: tuple[str, str, str],
                                                    tmp_path: Path) -> None:
    instance, url, token = portal
    pkg = copy_example(tmp_path)
    name = dataset_id(pkg)

    code, report = publish(url, token, pkg)
    assert code == 0 and outcomes(report) == ["created"]
    shown = api(url, token, "package_show", id=name)
    flat = {**shown, **{e["key"]: e["value"] for e in shown.get("extras", [])}}
    assert flat["accessRights"] == "terbuka" and flat["accrualPeriodicity"] == "tahunan"
    assert flat["satuan"] == "jiwa" and flat["publisher_type"] == "daerah-provinsi"
    assert shown["organization"]["name"] == "dp3akkb-banten"
    assert shown["license_id"] == "cc-by"
    assert ("extras" in shown and any(e["key"] == "konsep" for e in shown["extras"])) == (
        instance == "extras")

    # The uploaded file comes back byte-equal, with its sha256 on the resource.
    [res] = shown["resources"]
    body = requests.get(res["url"], headers={"Authorization": token}, timeout=60).content
    original = (pkg / "data" / "penduduk.csv").read_bytes()
    assert body == original
    assert res["hash"] == "sha256:" + hashlib.sha256(original).hexdigest()
    assert json.loads(res["schema"])["primaryKey"] == [
        "kode_kabupaten_kota", "tahun", "jenis_kelamin"]

    # Publishing again changes nothing, not even metadata_modified.
    code, report = publish(url, token, pkg)
    assert code == 0 and outcomes(report) == ["unchanged"]
    assert api(url, token, "package_show", id=name)["metadata_modified"] == shown[
        "metadata_modified"]

    # A metadata change is an update of that field only; a changed file is uploaded again.
    meta = yaml.safe_load((pkg / "datapackage.yaml").read_text())
    meta["ukuran"] = "Jumlah jiwa"
    (pkg / "datapackage.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True))
    csv = pkg / "data" / "penduduk.csv"
    lines = csv.read_text().splitlines()
    lines[-1] = lines[-1].rsplit(",", 1)[0] + ",750000"  # a corrected figure, still valid
    csv.write_text("\n".join(lines) + "\n")
    code, report = publish(url, token, pkg, extra=("--dry-run",))
    assert outcomes(report) == ["updated"]
    planned = report["results"][0]["changes"]
    assert "update ukuran" in planned and "upload resource penduduk (file changed)" in planned
    assert api(url, token, "package_show", id=name)["metadata_modified"] == shown[
        "metadata_modified"]  # a dry run writes nothing
    code, report = publish(url, token, pkg)
    assert outcomes(report) == ["updated"]
    after = api(url, token, "package_show", id=name)
    assert len(after["resources"]) == 1
    body = requests.get(after["resources"][0]["url"], headers={"Authorization": token},
                        timeout=60).content
    assert body == (pkg / "data" / "penduduk.csv").read_bytes()


def test_mode_is_detected_from_the_portal(ckan_url: str, ckan_token: str,
                                          ckan_scheming_url: str, ckan_scheming_token: str,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from satudata_ckan.publisher import CkanPublisher

    monkeypatch.setenv("SATUDATA_CKAN_TOKEN", ckan_token)
    plain = CkanPublisher()
    plain.configure({"url": ckan_url, "mode": "auto"})
    assert plain.mode == "extras"
    monkeypatch.setenv("SATUDATA_CKAN_TOKEN", ckan_scheming_token)
    scheming = CkanPublisher()
    scheming.configure({"url": ckan_scheming_url, "mode": "auto"})
    assert scheming.mode == "scheming"


def test_scheming_portal_enforces_the_standard_server_side(
    ckan_scheming_url: str, ckan_scheming_token: str
) -> None:
    org = f"uji-{uuid.uuid4().hex[:6]}"
    api(ckan_scheming_url, ckan_scheming_token, "organization_create", name=org)
    resp = requests.post(f"{ckan_scheming_url}/api/3/action/package_create", json={
        "name": f"tanpa-akses-{uuid.uuid4().hex[:6]}", "title": "Tanpa akses", "notes": "x",
        "owner_org": org}, headers={"Authorization": ckan_scheming_token}, timeout=60)
    assert resp.status_code == 409
    error = resp.json()["error"]
    assert error["__type"] == "Validation Error"
    for wajib in ("accessRights", "accrualPeriodicity", "konsep", "satuan", "cakupan_wilayah"):
        assert wajib in error, wajib
    resp = requests.post(f"{ckan_scheming_url}/api/3/action/package_create", json={
        "name": f"akses-salah-{uuid.uuid4().hex[:6]}", "accessRights": "rahasia"},
        headers={"Authorization": ckan_scheming_token}, timeout=60)
    assert "accessRights" in resp.json()["error"]


def test_publish_then_pull_round_trips_the_metadata(portal: tuple[str, str, str],
                                                    tmp_path: Path) -> None:
    _, url, token = portal
    for example in ("penduduk-kabupaten-kota", "produksi-padi-kecamatan"):  # YAML and JSON
        src = copy_example(tmp_path, example)
        code, _ = publish(url, token, src)
        assert code == 0
        name = dataset_id(src)
        out = tmp_path / "pulled"
        result = CliRunner(env={"SATUDATA_CKAN_TOKEN": token}).invoke(
            cli, ["pull", "--url", url, name, "-o", str(out)])
        assert result.exit_code == 0, result.output
        pulled = yaml.safe_load((out / name / "datapackage.yaml").read_text())
        original = original_metadata(src)
        want, _ = check_metadata(original)
        got, findings = check_metadata(pulled)
        assert not [f for f in findings if f.severity.value == "error"]
        for meta in (want, got):
            meta["tag"] = sorted(meta.get("tag", []))  # CKAN keeps tags as a set
            for res in meta["resources"]:
                res.pop("path", None)
        assert got == want
        [res] = pulled["resources"]
        assert (out / name / res["path"]).read_bytes() == (
            src / original["resources"][0]["path"]).read_bytes()


def test_invalid_dataset_is_refused_and_never_reaches_ckan(
    ckan_url: str, ckan_token: str, tmp_path: Path
) -> None:
    pkg = copy_example(tmp_path, akses="rahasia")
    code, report = publish(ckan_url, ckan_token, pkg)
    assert code == 1 and outcomes(report) == ["refused"]
    assert "metadata-unknown-code" in report["results"][0]["message"]
    with pytest.raises(AssertionError, match="Not found"):
        api(ckan_url, ckan_token, "package_show", id=dataset_id(pkg))


class FlakyProxy:
    """A TCP proxy in front of the real CKAN that goes down the way a portal does.

    ``cut_after(n)`` forwards n more API requests; the request after that still reaches CKAN
    (it may be committed there) but its response is lost, and from then on every connection
    is closed: CKAN "stopped". ``restore()`` brings it back ("restarted").
    """

    def __init__(self, target: str) -> None:
        host, port = target.split("//")[1].split(":")
        self.target = (host, int(port))
        self.server = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.server.getsockname()[1]}"
        self.allowed: int | None = None
        self.down = False
        self.lock = threading.Lock()
        threading.Thread(target=self._serve, daemon=True).start()

    def cut_after(self, n: int) -> None:
        self.allowed, self.down = n, False

    def restore(self) -> None:
        self.allowed, self.down = None, False

    def _serve(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            if self.down:
                client.close()
                continue
            threading.Thread(target=self._pipe_pair, args=(client,), daemon=True).start()

    def _pipe_pair(self, client: socket.socket) -> None:
        upstream = socket.create_connection(self.target)
        threading.Thread(target=self._pipe, args=(client, upstream, True), daemon=True).start()
        threading.Thread(target=self._pipe, args=(upstream, client, False), daemon=True).start()

    def _count(self, data: bytes) -> None:
        with self.lock:
            if self.allowed is None:
                return
            self.allowed -= data.count(b" /api/")  # one per request line
            if self.allowed < 0:
                self.down = True

    def _pipe(self, src: socket.socket, dst: socket.socket, to_ckan: bool) -> None:
        try:
            while data := src.recv(65536):
                if to_ckan:
                    if self.down:
                        break
                    self._count(data)
                elif self.down:
                    break  # the response is lost on the way back
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self.server.close()


@pytest.fixture
def proxy(ckan_url: str) -> Iterator[FlakyProxy]:
    p = FlakyProxy(ckan_url)
    yield p
    p.close()


def test_batch_survives_the_portal_going_down_and_a_rerun_completes_it(
    proxy: FlakyProxy, ckan_url: str, ckan_token: str, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    import satudata_ckan.client as client

    monkeypatch.setattr(client.Portal, "__init__", _fast_retry_init(client.Portal.__init__))
    pkgs = [copy_example(tmp_path) for _ in range(4)]
    # Enough requests for the first datasets to go through, then the portal "stops".
    proxy.cut_after(6)  # schema, org, show, create, upload; then show + a lost create
    code, report = publish(proxy.url, ckan_token, *pkgs)
    first = outcomes(report)
    assert code == 1 and first == ["created", "failed", "failed", "failed"], first
    proxy.restore()
    code, report = publish(proxy.url, ckan_token, *pkgs)
    assert code == 0, report
    assert set(outcomes(report)) <= {"created", "updated", "unchanged"}
    for pkg in pkgs:  # exactly one dataset and one resource each: nothing duplicated
        shown = api(ckan_url, ckan_token, "package_show", id=dataset_id(pkg))
        assert [r["name"] for r in shown["resources"]] == ["penduduk"]
    code, report = publish(proxy.url, ckan_token, *pkgs)
    assert outcomes(report) == ["unchanged"] * 4


def _fast_retry_init(original: Any) -> Any:
    def init(self: Any, url: str, token: str | None, **kwargs: Any) -> None:
        original(self, url, token, retries=1, backoff=0.01, timeout=10)
    return init
