"""Reading catalogues: source detection, CKAN packages as Records, CKAN paging and its
fallback, and the folder source scoring exactly like its data.json export."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from satudata_meta.audit import report, sources
from satudata_meta.audit.run import Options, run
from satudata_meta.audit.sources import AuditSourceError
from tests.audit.conftest import feed, run_cli
from tests.conftest import EXAMPLES


def test_detect_local_sources(tmp_path: Path) -> None:
    assert sources.detect(str(EXAMPLES)) == "folder"
    assert sources.detect(str(EXAMPLES / "penduduk-kabupaten-kota" / "datapackage.yaml")) == \
        "folder"
    assert sources.detect(str(feed("bapanas01"))) == "datajson"
    assert sources.detect("https://example.org/data.json") == "datajson"
    assert sources.detect("https://example.org/api/3/action/package_search") == "ckan"
    with pytest.raises(AuditSourceError):
        sources.detect(str(tmp_path / "nothing-here"))


@pytest.fixture
def fake_ckan() -> Iterator[str]:
    """A loopback server answering ``status_show`` like CKAN does."""
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path.startswith("/api/3/action/status_show"):
                body = json.dumps({"success": True, "result": {"ckan_version": "2.11.6"}})
                status = 200
            else:
                body, status = "<html></html>", 200
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_portal_root_is_probed_for_ckan(fake_ckan: str) -> None:
    assert sources.detect(fake_ckan) == "ckan"
    assert sources.detect(fake_ckan + "/") == "ckan"
    assert sources.ckan_base(fake_ckan + "/api/3/action/package_show?id=x") == fake_ckan


PACKAGE: dict[str, Any] = {
    "name": "jumlah-penduduk", "title": "Jumlah Penduduk", "notes": "Definisi.",
    "license_id": "cc-by", "author": "Bidang Kependudukan", "author_email": "a@b.go.id",
    "metadata_created": "2026-01-02T03:04:05", "metadata_modified": "2026-01-03T00:00:00",
    "organization": {"name": "dp3akkb-banten", "title": "DP3AKKB"},
    "tags": [{"name": "penduduk"}], "groups": [],
    "extras": [{"key": "accessRights", "value": "terbuka"},
               {"key": "cakupan_wilayah", "value": "36"},
               {"key": "temporal_start", "value": "2019"},
               {"key": "temporal_end", "value": "2023"},
               {"key": "topik", "value": "kependudukan"}],
    "resources": [
        {"name": "penduduk", "url": "http://ckan/dataset/x/resource/y/download/p.csv",
         "url_type": "upload", "format": "CSV", "mimetype": "text/csv", "size": 3779},
        {"name": "tautan", "url": "https://example.org/page", "url_type": "", "format": "HTML",
         "mimetype": None, "size": None},
    ],
}


def test_a_ckan_package_as_a_record() -> None:
    record = sources.record_from_ckan(PACKAGE)
    assert record.id == "jumlah-penduduk"
    assert record.publisher_key == "dp3akkb"  # the OPD behind the organisation
    assert record.keywords == ["penduduk"] and record.themes == ["kependudukan"]
    assert record.spatial == "36" and record.temporal == "2019/2023"
    assert record.licence == "cc-by" and record.access_rights == "terbuka"
    assert record.contact == "Bidang Kependudukan"
    assert record.issued and record.modified  # from the CKAN record dates, as ckanext-dcat
    upload, link = record.distributions
    assert upload.download_url == PACKAGE["resources"][0]["url"] and upload.access_url is None
    assert upload.byte_size and upload.media_type == "text/csv"
    assert link.access_url == "https://example.org/page" and link.download_url is None
    assert not link.byte_size


def test_ckan_without_licence_dates_or_organisation() -> None:
    pkg = {"name": "x", "license_id": "notspecified", "resources": [], "extras": []}
    record = sources.record_from_ckan(pkg)
    assert record.licence is None and not record.issued and record.publisher is None
    assert record.publisher_key == ""


class FakePortal:
    """Answers package_search from a list, in pages, or fails it (no search index)."""

    def __init__(self, packages: list[dict[str, Any]], search_works: bool = True) -> None:
        self.packages = packages
        self.search_works = search_works
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def call(self, action: str, **data: Any) -> Any:
        self.calls.append((action, data))
        if action == "package_search":
            if not self.search_works:
                raise RuntimeError("Search Error")
            start, rows = data["start"], data["rows"]
            return {"count": len(self.packages), "results": self.packages[start:start + rows]}
        if action == "package_list":
            names = [p["name"] for p in self.packages]
            return names[data["offset"]:data["offset"] + data["limit"]]
        if action == "package_show":
            return next(p for p in self.packages if p["name"] == data["id"])
        raise AssertionError(action)


def _packages(n: int) -> list[dict[str, Any]]:
    return [{**PACKAGE, "name": f"ds-{i:03d}"} for i in range(n)]


def test_ckan_search_is_paged(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("ckanapi")
    portal = FakePortal(_packages(7))
    monkeypatch.setattr(sources, "_portal", lambda base, timeout: portal)
    monkeypatch.setattr(sources, "SEARCH_ROWS", 3)
    items, warnings = sources.read_ckan("http://ckan", include=(), publishers=("dp3akkb",),
                                        fq=None, include_private=False, timeout=5, lang="en")
    assert [i.record.id for i in items] == [f"ds-{i:03d}" for i in range(7)]
    searches = [d for a, d in portal.calls if a == "package_search"]
    assert [d["start"] for d in searches] == [0, 3, 6]
    assert all(d["fq"] == "organization:(dp3akkb-banten)" for d in searches)
    assert warnings == []


def test_ckan_falls_back_to_list_and_show(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("ckanapi")
    portal = FakePortal(_packages(4), search_works=False)
    monkeypatch.setattr(sources, "_portal", lambda base, timeout: portal)
    items, warnings = sources.read_ckan("http://ckan", include=("ds-00[12]",), publishers=(),
                                        fq=None, include_private=False, timeout=5, lang="en")
    assert sorted(i.record.id for i in items) == ["ds-001", "ds-002"]
    assert "package_list" in warnings[0]
    assert {a for a, _ in portal.calls} == {"package_search", "package_list", "package_show"}


def test_exact_ids_are_shown_one_by_one(monkeypatch: pytest.MonkeyPatch) -> None:
    ckanapi = pytest.importorskip("ckanapi")
    NotFound = ckanapi.NotFound

    portal = FakePortal(_packages(3))
    original = portal.call

    def call(action: str, **data: Any) -> Any:
        if action == "package_show" and data["id"] == "gone":
            raise NotFound("gone")
        return original(action, **data)

    portal.call = call  # type: ignore[method-assign]
    monkeypatch.setattr(sources, "_portal", lambda base, timeout: portal)
    items, warnings = sources.read_ckan("http://ckan", include=("ds-002", "gone"),
                                        publishers=(), fq=None, include_private=False,
                                        timeout=5, lang="id")
    assert [i.record.id for i in items] == ["ds-002"]
    assert "gone" in warnings[0]
    assert all(a == "package_show" for a, _ in portal.calls)


def test_folder_scores_like_its_data_json_export(tmp_path: Path) -> None:
    """The folder source is defined as "what the data.json export would say": auditing the
    examples and auditing their export give the same MQA indicators and compliance."""
    exported = tmp_path / "data.json"
    result = run_cli("export", str(EXAMPLES), "--format", "datajson", "-o", str(exported))
    assert result.exit_code == 0, result.output
    folder = report.document(run(str(EXAMPLES), Options()), "en")
    feed_doc = report.document(run(str(exported), Options()), "en")
    assert len(folder["datasets"]) == 3
    by_id = {d["id"]: d for d in feed_doc["datasets"]}
    for d in folder["datasets"]:
        other = by_id[d["id"]]
        assert d["mqa"]["dimensions"] == other["mqa"]["dimensions"]
        assert d["compliance"]["score"] == other["compliance"]["score"] == 100
        assert d["publisher_key"] == other["publisher_key"]
        assert d["mqa"]["total"] == 320  # everything but the URL checks and rights
    assert folder["publishers"] == feed_doc["publishers"]


def test_folder_with_an_unreadable_package_warns_and_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "ok"
    good.mkdir()
    (good / "datapackage.yaml").write_text(
        (EXAMPLES / "penduduk-kabupaten-kota" / "datapackage.yaml").read_text("utf-8"),
        encoding="utf-8")
    bad = tmp_path / "rusak"
    bad.mkdir()
    (bad / "datapackage.yaml").write_text("id: [tidak ditutup\n", encoding="utf-8")
    result = run(str(tmp_path), Options(lang="en"))
    assert [d.id for d in result.datasets] == ["jumlah-penduduk-kabupaten-kota"]
    assert len(result.warnings) == 1 and "rusak" in result.warnings[0]
