"""The HTTP policy every adapter shares: a User-Agent, a connect and read timeout and a deadline
(:mod:`.transport`) on every call, and the one retry policy (:mod:`.retry`) for the JSON
services' calls, with the response cache they share."""

from __future__ import annotations

import functools
import json
import logging
import time
from collections.abc import Callable, Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

import requests

from readinggroup import __version__
from readinggroup.adapters.retry import RetryPolicy, Transient, call_with_retries
from readinggroup.adapters.transport import (
    DEFAULT_DEADLINE,
    DeadlineAdapter,
    loggable_url,
    request_failure,
)
from readinggroup.errors import SourceError

log = logging.getLogger(__name__)
T = TypeVar("T")
USER_AGENT = f"readinggroup/{__version__} (meetup deck builder)"
CONNECT_TIMEOUT = 10.0
DEFAULT_TIMEOUT = 30.0  # seconds of silence allowed while reading
RETRY_STATUSES = (429, 500, 502, 503, 504)


class PoliteSession(requests.Session):
    """A requests.Session whose every call has a timeout and a deadline for the whole answer.

    *retries* and *backoff* set :attr:`policy`, the retry policy :func:`request_json` applies
    to this session's calls; *sleep* replaces the real pause (tests).
    """

    def __init__(
        self,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        retries: int = 3,
        backoff: float = 1.0,
        deadline: float = DEFAULT_DEADLINE,
        sleep: Callable[[float], None] = time.sleep,
        max_bytes: int | None = None,
    ) -> None:
        super().__init__()
        self.timeout = timeout
        self.headers["User-Agent"] = USER_AGENT
        self.policy = RetryPolicy(
            attempts=retries + 1, first_delay=backoff, max_delay=60.0, sleep=sleep
        )
        adapter = DeadlineAdapter(deadline, max_bytes)
        self.mount("http://", adapter)
        self.mount("https://", adapter)

    def request(
        self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any
    ) -> requests.Response:
        kwargs.setdefault("timeout", (min(CONNECT_TIMEOUT, self.timeout), self.timeout))
        return super().request(method, url, *args, **kwargs)


def describe_status(status: int) -> str:
    """A short, user-facing phrase for an HTTP error status."""
    if status == 429:
        return "rate-limited the requests (HTTP 429); wait a few minutes and run again"
    if status >= 500:
        return f"had a server error (HTTP {status}); try again later"
    return f"refused the request (HTTP {status})"


def retry_after(response: requests.Response) -> float | None:
    """The pause a ``Retry-After`` header asks for, in seconds (a number or an HTTP date)."""
    return retry_after_value(response.headers.get("Retry-After", ""))


def retry_after_value(value: str) -> float | None:
    """The pause a ``Retry-After`` header's *value* asks for, in seconds (None: no pause)."""
    value = value.strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


# --- shared helpers for the JSON services (ranking sources) ---------------------------------

RESPONSE_CACHE_FILE = "responses.sqlite"
RESPONSE_CACHE_LIFETIME = timedelta(days=1)


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

    Timeouts, resets, 429 and 5xx are asked again under the session's retry policy (see
    :mod:`readinggroup.adapters.retry`). *parse* turns the decoded JSON into the adapter's
    values and raises SourceError (see :func:`unexpected_shape`) when it is not the documented
    shape; such an answer is dropped from the response cache. *status_hints* replaces the
    advice for particular HTTP statuses (a 429 without an API key); *refusal_hint* is the advice
    for other refusals (4xx), usually where the address is set.
    """
    hints = status_hints or {}

    def attempt() -> requests.Response:
        try:
            response = session.request(method, url, params=params, headers=headers, json=body)
        except requests.RequestException as err:
            raise request_failure(err, service, "check the network and run again") from err
        status = response.status_code
        if status >= 400:
            problem, _, advice = describe_status(status).partition("; ")
            failure = SourceError(service, problem, hints.get(status) or advice or refusal_hint)
            if status in RETRY_STATUSES:
                raise Transient(problem, retry_after=retry_after(response), give_up=failure)
            raise failure
        return response

    policy: RetryPolicy = getattr(session, "policy", None) or RetryPolicy(attempts=1)
    response = call_with_retries(attempt, service=service, policy=policy)
    if getattr(response, "from_cache", False):
        log.info("%s: answer of %s reused from the last day", service, loggable_url(response.url))
    try:
        return parse(
            decode_json(response.text, response.headers.get("Content-Type", ""), service=service)
        )
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
    deadline: float = DEFAULT_DEADLINE,
    sleep: Callable[[float], None] = time.sleep,
    methods: tuple[str, ...] = ("GET",),
    codes: tuple[int, ...] = (200,),
    max_bytes: int | None = None,
) -> PoliteSession:
    """A PoliteSession that reuses successful answers stored under *directory* for *lifetime*.

    *methods* are the requests whose answers are kept: add POST for read-only batch lookups
    (requests-cache keys them by their body too); *codes* the statuses kept (add 404 where
    "no such page" is an answer worth keeping); *max_bytes* caps the size of one answer
    (downloads). API keys in headers are redacted by
    requests-cache before anything is written.
    """
    from requests_cache import DEFAULT_IGNORED_PARAMS

    directory.mkdir(parents=True, exist_ok=True)
    # requests-cache redacts these names case-sensitively; services write them either way
    secrets = {*DEFAULT_IGNORED_PARAMS, *(name.lower() for name in DEFAULT_IGNORED_PARAMS)}
    session: PoliteSession = _cached_session_class()(
        cache_name=str(directory / RESPONSE_CACHE_FILE),
        backend="sqlite",
        expire_after=lifetime,
        allowable_codes=codes,
        allowable_methods=methods,
        ignored_parameters=sorted(secrets),
        timeout=timeout,
        retries=retries,
        backoff=backoff,
        deadline=deadline,
        sleep=sleep,
        max_bytes=max_bytes,
    )
    return session


@functools.cache
def _cached_session_class() -> Callable[..., PoliteSession]:
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
