"""``--check-urls`` against a loopback HTTP server started by the test: HEAD then GET,
redirects, timeouts, bounded concurrency, one request per distinct URL, and the indicator
points that follow."""

from __future__ import annotations

import json
from pathlib import Path

from satudata_meta.audit.urls import check_url, check_urls
from tests.audit.conftest import Server, run_cli, write_feed


def test_head_then_get(server: Server) -> None:
    server.routes.update({
        "/ok": (200, 200, 0.0),
        "/no-head": (405, 200, 0.0),  # HEAD refused, GET fine
        "/gone": (404, 404, 0.0),
        "/moved": (301, 301, 0.0),  # -> /ok
        "/error": (500, 503, 0.0),
    })
    ok = check_url(server.url + "/ok")
    assert ok.ok and ok.status == 200 and ok.method == "HEAD"
    fallback = check_url(server.url + "/no-head")
    assert fallback.ok and fallback.method == "GET"
    assert ("HEAD", "/no-head") in server.requests and ("GET", "/no-head") in server.requests
    gone = check_url(server.url + "/gone")
    assert not gone.ok and gone.status == 404
    moved = check_url(server.url + "/moved")
    assert moved.ok and moved.status == 200
    assert not check_url(server.url + "/error").ok
    assert not check_url("ftp://example.org/x.csv").ok
    assert check_url("ftp://example.org/x.csv").error == "not an http(s) URL"


def test_timeout(server: Server) -> None:
    server.routes["/slow"] = (200, 200, 1.5)
    slow = check_url(server.url + "/slow", timeout=0.3)
    assert not slow.ok and slow.error is not None and "Timeout" in slow.error


def test_concurrency_is_bounded_and_urls_are_requested_once(server: Server) -> None:
    for i in range(12):
        server.routes[f"/f{i}"] = (200, 200, 0.15)
    urls = [f"{server.url}/f{i}" for i in range(12)] * 3  # every URL three times
    results = check_urls(urls, concurrency=3, timeout=5)
    assert len(results) == 12 and all(r.ok for r in results.values())
    assert len(server.requests) == 12  # HEAD once per distinct URL
    assert server.max_in_flight <= 3
    assert server.max_in_flight >= 2  # and it did run in parallel


def test_check_urls_in_an_audit(server: Server, tmp_path: Path) -> None:
    server.routes.update({"/a.csv": (200, 200, 0.0), "/b.csv": (404, 404, 0.0),
                          "/page": (405, 200, 0.0)})
    base = server.url
    entry = {"identifier": "uji-url", "title": "Uji", "description": "d", "distribution": [
        {"downloadURL": f"{base}/a.csv", "format": "csv"},
        {"downloadURL": f"{base}/b.csv", "format": "csv"},
        {"accessURL": f"{base}/page", "format": "html"},
        {"accessURL": f"{base}/gone", "downloadURL": f"{base}/a.csv", "format": "csv"}]}
    path = write_feed(tmp_path / "data.json", [entry])

    def indicators(*extra: str) -> dict[str, dict[str, object]]:
        result = run_cli("audit", str(path), "-f", "json", *extra)
        assert result.exit_code == 0, result.output
        doc = json.loads(result.stdout)
        return dict(doc["datasets"][0]["mqa"]["dimensions"]["accessibility"]["indicators"])

    unchecked = indicators()
    assert unchecked["access_url_status"]["status"] == "not_checked"
    checked = indicators("--check-urls", "--url-timeout", "3", "--url-concurrency", "2")
    # access URLs: a.csv ok, b.csv 404, page ok (after GET), gone 404 -> 2 of 4 x 50
    assert checked["access_url_status"]["points"] == 25
    # download URLs: a.csv ok, b.csv 404, none, a.csv ok -> 2 of 4 x 30
    assert checked["download_url_status"]["points"] == 15
    assert checked["download_url"]["points"] == 15  # 3 of 4 have one
