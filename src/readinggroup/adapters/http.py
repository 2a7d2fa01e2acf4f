"""The HTTP policy every adapter shares: a User-Agent, a timeout on every call, retries with
backoff on 429/5xx that honour ``Retry-After`` (urllib3's ``Retry``, not a hand-written loop)."""

from __future__ import annotations

from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from readinggroup import __version__

USER_AGENT = f"readinggroup/{__version__} (meetup deck builder)"
DEFAULT_TIMEOUT = 30.0
RETRY_STATUSES = (429, 500, 502, 503, 504)


class PoliteSession(requests.Session):
    """A requests.Session whose every call has a timeout and retries transient failures."""

    def __init__(
        self, *, timeout: float = DEFAULT_TIMEOUT, retries: int = 3, backoff: float = 1.0
    ) -> None:
        super().__init__()
        self.timeout = timeout
        self.headers["User-Agent"] = USER_AGENT
        retry = Retry(
            total=retries,
            connect=retries,
            read=retries,
            status=retries,
            backoff_factor=backoff,
            backoff_max=60,
            status_forcelist=RETRY_STATUSES,
            allowed_methods=None,  # POST batch lookups are idempotent reads too
            respect_retry_after_header=True,
            raise_on_status=False,  # hand the last answer to the adapter, which explains it
        )
        adapter = HTTPAdapter(max_retries=retry)
        self.mount("http://", adapter)
        self.mount("https://", adapter)

    def request(
        self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any
    ) -> requests.Response:
        kwargs.setdefault("timeout", self.timeout)
        return super().request(method, url, *args, **kwargs)


def describe_failure(err: requests.RequestException) -> str:
    """A short, user-facing phrase for a transport failure."""
    if isinstance(err, requests.Timeout):
        return "no answer in time (timed out)"
    if isinstance(err, requests.ConnectionError):
        return "could not connect (network down or address wrong)"
    return f"request failed ({type(err).__name__})"


def describe_status(status: int) -> str:
    """A short, user-facing phrase for an HTTP error status."""
    if status == 429:
        return "rate-limited the requests (HTTP 429); wait a few minutes and run again"
    if status >= 500:
        return f"had a server error (HTTP {status}); try again later"
    return f"refused the request (HTTP {status})"
