"""URL accessibility for the MQA accessibility indicators (only with ``--check-urls``).

A URL is accessible when it finally answers HTTP 2xx (redirects followed). HEAD first, since it
transfers nothing; many servers answer HEAD with 403/404/405/501 or drop it, so any HEAD that
does not give 2xx is retried as a GET whose body is never read (the connection is closed after
the status line). Concurrency is bounded, every request has a timeout, and each distinct URL is
requested once however many distributions share it.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import requests

USER_AGENT = "satudata-meta audit (+https://satudata.bantenprov.go.id/)"
DEFAULT_TIMEOUT = 10.0
DEFAULT_CONCURRENCY = 16


@dataclass(frozen=True)
class UrlCheck:
    url: str
    ok: bool
    status: int | None = None  # the final HTTP status
    method: str | None = None  # the method that gave it: HEAD or GET
    error: str | None = None  # why there is no status (timeout, DNS, not http)


_local = threading.local()


def _session() -> requests.Session:
    session: requests.Session | None = getattr(_local, "session", None)
    if session is None:
        session = requests.Session()
        session.headers["User-Agent"] = USER_AGENT
        _local.session = session
    return session


def check_url(url: str, timeout: float = DEFAULT_TIMEOUT) -> UrlCheck:
    """HEAD, then GET when HEAD gives no 2xx."""
    if not re.match(r"^https?://", url, re.IGNORECASE):
        return UrlCheck(url, False, error="not an http(s) URL")
    session = _session()
    status: int | None = None
    error: str | None = None
    try:
        with session.head(url, timeout=timeout, allow_redirects=True) as head:
            status = head.status_code
        if 200 <= status < 300:
            return UrlCheck(url, True, status, "HEAD")
    except requests.RequestException as exc:
        error = type(exc).__name__
    try:
        with session.get(url, timeout=timeout, allow_redirects=True, stream=True) as got:
            status = got.status_code
        return UrlCheck(url, 200 <= status < 300, status, "GET")
    except requests.RequestException as exc:
        return UrlCheck(url, False, status, None, type(exc).__name__ or error)


def check_urls(urls: Iterable[str], *, timeout: float = DEFAULT_TIMEOUT,
               concurrency: int = DEFAULT_CONCURRENCY,
               progress: Callable[[int, int], None] | None = None) -> dict[str, UrlCheck]:
    """Check every distinct URL with at most ``concurrency`` requests in flight."""
    distinct = sorted(set(urls))
    results: dict[str, UrlCheck] = {}
    if not distinct:
        return results
    with ThreadPoolExecutor(max_workers=max(1, min(concurrency, len(distinct)))) as pool:
        for n, result in enumerate(pool.map(lambda u: check_url(u, timeout), distinct),
                                   start=1):
            results[result.url] = result
            if progress:
                progress(n, len(distinct))
    return results
