"""Fixtures of the audit tests: the real feeds, audits run once per session, a loopback HTTP
server with scripted answers, and a CLI runner that fails on tracebacks."""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from satudata_meta.audit import report
from satudata_meta.audit.run import Audit, Options, run
from satudata_meta.cli.main import cli
from tests.conftest import ROOT, require_shared

FEEDS = ROOT.parent / "shared" / "data" / "datajson-feeds"
FEED_NAMES = ("bapanas01", "bps-sdgs", "jakarta2", "kemenaker", "padangpanjangkota",
              "palangkaraya", "provinsi-jawa-barat", "sulbar", "sulbar02")


def feed(name: str) -> Path:
    """One of the real feeds; skipped (with the reason) on a checkout without them."""
    path = FEEDS / f"{name}.json"
    if not path.is_file():
        require_shared(path)
    return path


_AUDITS: dict[str, tuple[Audit, dict[str, Any]]] = {}


def audited(name: str) -> tuple[Audit, dict[str, Any]]:
    """The default audit of a real feed (and its JSON document), computed once per session."""
    if name not in _AUDITS:
        result = run(str(feed(name)), Options())
        _AUDITS[name] = (result, report.document(result, "id"))
    return _AUDITS[name]


def run_cli(*args: str) -> Result:
    """``satudata`` in-process; a traceback (anything but SystemExit) fails the test."""
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"crashed: {result.exception!r}\n{result.output}")
    return result


def write_feed(path: Path, datasets: list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps({"conformsTo": "https://project-open-data.cio.gov/v1.1/schema",
                                "dataset": datasets}), encoding="utf-8")
    return path


class Server:
    """A loopback HTTP server; ``routes`` maps a path to (HEAD status, GET status, delay)."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, int, float]] = {}
        self.requests: list[tuple[str, str]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.lock = threading.Lock()
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self, method: str) -> None:
                with owner.lock:
                    owner.requests.append((method, self.path))
                    owner.in_flight += 1
                    owner.max_in_flight = max(owner.max_in_flight, owner.in_flight)
                try:
                    head, get, delay = owner.routes.get(self.path, (404, 404, 0.0))
                    if delay:
                        time.sleep(delay)
                    status = head if method == "HEAD" else get
                    if 300 <= status < 400:
                        self.send_response(status)
                        self.send_header("Location", "/ok")
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                    body = b"kode,nilai\n36,1\n"
                    self.send_response(status)
                    self.send_header("Content-Type", "text/csv")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if method == "GET":
                        self.wfile.write(body)
                finally:
                    with owner.lock:
                        owner.in_flight -= 1

            def do_HEAD(self) -> None:
                self._answer("HEAD")

            def do_GET(self) -> None:
                self._answer("GET")

            def log_message(self, format: str, *args: Any) -> None:
                pass

        class Quiet(http.server.ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # a client closing a GET after the status line is the point

        self.httpd = Quiet(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[Server]:
    with Server() as s:
        yield s
