"""A ckanapi connection with timeouts, retries with backoff, and a token that never leaks.

ckanapi has no retry logic; CKAN behind a proxy answers 429 and 502-504 under load. Reads and
idempotent writes are retried here; a non-idempotent write (resource_create) is verified by
the caller instead of being blindly repeated.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import requests
from ckanapi import RemoteCKAN

RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


class TransientError(Exception):
    """The portal could not answer now (network, timeout, 429, 5xx): try again later."""


def _raise_transient(response: requests.Response, *args: Any, **kwargs: Any) -> None:
    if response.status_code in RETRY_STATUS:
        raise TransientError(f"HTTP {response.status_code} from {response.url.split('?')[0]}")


class Portal:
    """One CKAN portal: ``call(action, **data)`` with retries; ``files`` for uploads."""

    def __init__(self, url: str, token: str | None, *, timeout: float = 60.0,
                 retries: int = 4, backoff: float = 1.0,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.url = url.rstrip("/")
        session = requests.Session()
        session.hooks["response"].append(_raise_transient)
        self._ckan = RemoteCKAN(self.url, apikey=token, session=session,
                                user_agent="satudata-meta (satudata-ckan)")
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self._sleep = sleep

    def call(self, action: str, files: dict[str, Any] | None = None, *,
             retry: bool = True, **data: Any) -> Any:
        attempts = self.retries + 1 if retry else 1
        for attempt in range(attempts):
            try:
                for fh in (files or {}).values():
                    fh.seek(0)
                return self._ckan.call_action(action, data, files=files,
                                              requests_kwargs={"timeout": self.timeout})
            except (TransientError, requests.ConnectionError, requests.Timeout) as exc:
                if attempt + 1 >= attempts:
                    raise TransientError(f"{action}: {exc}") from exc
                self._sleep(self.backoff * 2 ** attempt)
        raise AssertionError("unreachable")
