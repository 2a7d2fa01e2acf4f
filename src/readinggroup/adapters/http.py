"""The HTTP policy every adapter shares: a User-Agent, a timeout on every call, retries with
backoff on 429/5xx that honour ``Retry-After`` (urllib3's ``Retry``, not a hand-written loop)."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError, ReadTimeoutError
from urllib3.util.retry import Retry

from readinggroup import __version__
from readinggroup.errors import SourceError

T = TypeVar("T")
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


# --- shared helpers for the JSON services (ranking sources) ---------------------------------

RESPONSE_CACHE_FILE = "responses.sqlite"
RESPONSE_CACHE_LIFETIME = timedelta(days=1)


def explain_failure(err: requests.RequestException) -> str:
    """Like :func:`describe_failure`, but sees through urllib3's retry wrapper and cut bodies.

    Once the retries are spent, requests reports a read timeout as a ConnectionError around
    urllib3's ``MaxRetryError``; the user should still hear "timed out".
    """
    if isinstance(
        err, requests.exceptions.ChunkedEncodingError | requests.exceptions.ContentDecodingError
    ):
        return "sent an answer that was cut off before its end"
    reason = getattr(err.args[0], "reason", None) if err.args else None
    # urllib3's NewConnectionError subclasses ConnectTimeoutError: a refusal is not a timeout
    timed_out = isinstance(reason, ReadTimeoutError | ConnectTimeoutError) and not isinstance(
        reason, NewConnectionError
    )
    if isinstance(err, requests.ConnectionError) and timed_out:
        return "no answer in time (timed out)"
    return describe_failure(err)


def request_json(
    session: requests.Session,
    url: str,
    *,
    service: str,
    method: str = "GET",
    params: Mapping[str, str | int] | None = None,
    headers: Mapping[str, str] | None = None,
    body: object = None,
    parse: Callable[[Any], T],
    status_hints: Mapping[int, str] | None = None,
    refusal_hint: str = "check the service's base_url in readinggroup.toml",
) -> T:
    """The JSON answer of one call read by *parse*, or a one-sentence SourceError naming *service*.

    *parse* turns the decoded JSON into the adapter's values and raises SourceError (see
    :func:`unexpected_shape`) when it is not the documented shape; such an answer is dropped
    from the response cache. *status_hints* replaces the advice for particular HTTP statuses
    (a 429 without an API key); *refusal_hint* is the advice for other refusals (4xx),
    usually where the address is set.
    """
    try:
        response = session.request(method, url, params=params, headers=headers, json=body)
        text = response.text  # reading the body is where a cut-off transfer shows up
    except requests.RequestException as err:
        raise SourceError(service, explain_failure(err), "check the network and run again") from err
    status = response.status_code
    if status >= 400:
        problem, _, advice = describe_status(status).partition("; ")
        hint = (status_hints or {}).get(status) or advice or refusal_hint
        raise SourceError(service, problem, hint)
    try:
        return parse(decode_json(text, response.headers.get("Content-Type", ""), service=service))
    except SourceError:
        forget_response(session, response)  # a broken answer must not be reused from the cache
        raise


def decode_json(text: str, content_type: str, *, service: str) -> Any:
    """*text* parsed as JSON, or a SourceError that says what came instead."""
    stripped = text.lstrip()
    if "html" in content_type.lower() or stripped[:1] == "<":
        raise SourceError(
            service,
            "answered with a web page instead of JSON",
            "the service may be down or its address or API may have changed; try again later",
        )
    if not stripped:
        raise SourceError(service, "sent an empty answer", "try again later")
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        if err.pos >= len(text.rstrip()) or err.msg.startswith("Unterminated string"):
            raise SourceError(
                service, "sent an answer that was cut off before its end", "try again later"
            ) from err
        raise SourceError(service, "sent an answer that is not JSON", "try again later") from err


def unexpected_shape(service: str, what: str) -> SourceError:
    """The error for JSON that parsed but does not look like the documented answer."""
    return SourceError(
        service,
        f"answered in an unexpected shape ({what})",
        "its API may have changed; try again later or use another source for this list",
    )


def json_int(value: object) -> int:
    """A count from a JSON answer; missing, null or not a whole number counts as 0."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def forget_response(session: requests.Session, response: requests.Response) -> None:
    """Drop *response* from *session*'s response cache, if it has one and holds it."""
    cache = getattr(session, "cache", None)
    key = getattr(response, "cache_key", None)
    if cache is not None and key:
        cache.delete(key)


def cached_session(
    directory: Path,
    *,
    lifetime: timedelta = RESPONSE_CACHE_LIFETIME,
    timeout: float = DEFAULT_TIMEOUT,
    retries: int = 3,
    backoff: float = 1.0,
    methods: tuple[str, ...] = ("GET",),
    codes: tuple[int, ...] = (200,),
) -> requests.Session:
    """A PoliteSession that reuses successful answers stored under *directory* for *lifetime*.

    *methods* are the requests whose answers are kept: add POST for read-only batch lookups
    (requests-cache keys them by their body too); *codes* the statuses kept (add 404 where
    "no such page" is an answer worth keeping). API keys in headers are redacted by
    requests-cache before anything is written.
    """
    from requests_cache import DEFAULT_IGNORED_PARAMS

    directory.mkdir(parents=True, exist_ok=True)
    # requests-cache redacts these names case-sensitively; services write them either way
    secrets = {*DEFAULT_IGNORED_PARAMS, *(name.lower() for name in DEFAULT_IGNORED_PARAMS)}
    session: requests.Session = _cached_session_class()(
        cache_name=str(directory / RESPONSE_CACHE_FILE),
        backend="sqlite",
        expire_after=lifetime,
        allowable_codes=codes,
        allowable_methods=methods,
        ignored_parameters=sorted(secrets),
        timeout=timeout,
        retries=retries,
        backoff=backoff,
    )
    return session


@functools.cache
def _cached_session_class() -> Callable[..., requests.Session]:
    # requests-cache costs a quarter second to import: only a fetch that asks a service pays it
    from requests_cache import CacheMixin

    class CachedPoliteSession(CacheMixin, PoliteSession):  # type: ignore[misc]
        """PoliteSession's timeout and retries under requests-cache's storage."""

    return CachedPoliteSession


def forget_cached_responses(directory: Path) -> None:
    """Empty the response cache under *directory* (``--refresh``); no-op when there is none."""
    path = directory / RESPONSE_CACHE_FILE
    for suffix in ("", "-journal", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
