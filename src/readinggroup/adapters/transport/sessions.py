"""The requests side of the transport: a session whose every call has a User-Agent, connect and
read timeouts and a deadline for the whole answer (a server trickling a byte at a time is cut
off), requests to this machine kept off proxies, and the response cache the JSON services share.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import DecodeError, ProtocolError, ReadTimeoutError

from readinggroup import __version__
from readinggroup.adapters.transport.budget import RunBudget
from readinggroup.adapters.transport.failures import AnswerTooLarge, DeadlineExceeded
from readinggroup.adapters.transport.profiles import JSON_SERVICE, Profile

log = logging.getLogger(__name__)
USER_AGENT = f"readinggroup/{__version__} (meetup deck builder)"
RESPONSE_CACHE_FILE = "responses.sqlite"
RESPONSE_CACHE_LIFETIME = timedelta(days=1)
_CHUNK = 65536
_SECRET_WORDS = ("key", "token", "auth", "secret", "password")


class PoliteSession(requests.Session):
    """A requests.Session asking as *profile* says: its timeouts and deadline on every call, and
    :attr:`policy`, the retry policy the adapters apply to its calls (counted against *run*).

    *timeout*, *retries*, *backoff* and *deadline* override the profile's (tests); *sleep*
    replaces the real pause.
    """

    def __init__(
        self,
        *,
        profile: Profile = JSON_SERVICE,
        run: RunBudget | None = None,
        timeout: float | None = None,
        retries: int | None = None,
        backoff: float | None = None,
        deadline: float | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        super().__init__()
        attempts = None if retries is None else retries + 1
        self.profile = profile.but(
            read=timeout, attempts=attempts, first_delay=backoff, deadline=deadline
        )
        self.headers["User-Agent"] = USER_AGENT
        self.policy = self.profile.policy(run, sleep=sleep)
        self.mount_deadline(self, self.profile.deadline, self.profile.max_bytes)

    @staticmethod
    def mount_deadline(
        session: requests.Session, deadline: float, max_bytes: int | None = None
    ) -> None:
        """Give every call of *session* (this one, or a library's own) the *deadline* (and the
        size cap *max_bytes*, None for none)."""
        adapter = DeadlineAdapter(deadline, max_bytes)
        session.mount("http://", adapter)
        session.mount("https://", adapter)

    def request(
        self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any
    ) -> requests.Response:
        kwargs.setdefault("timeout", self.profile.timeouts)
        return super().request(method, url, *args, **kwargs)


class DeadlineAdapter(HTTPAdapter):
    """An HTTPAdapter that reads every body itself, giving up at *deadline* seconds.

    A read timeout alone lets a server that sends a byte every few seconds hold a call
    forever; here the body is read as it arrives and the clock is checked between reads.
    Retries are not done here (``max_retries`` stays 0): the adapters retry through the one
    retry loop.
    """

    def __init__(self, deadline: float, max_bytes: int | None = None) -> None:
        super().__init__()
        self.deadline = deadline
        self.max_bytes = max_bytes  # None: no cap; else the answer is dropped past this size

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, stream: bool = False, **kwargs: Any
    ) -> requests.Response:
        started = time.monotonic()
        log.debug("%s %s", request.method, loggable_url(request.url or ""))
        if is_loopback(request.url or ""):
            kwargs["proxies"] = {}  # a service on this machine is never reached through a proxy
        response = super().send(request, stream=True, **kwargs)
        if stream:
            return response
        try:
            response._content = self._read_body(response, started)
        finally:
            response.close()
        log.info(
            "%s %s: HTTP %d, %d bytes in %.2f s",
            request.method,
            loggable_url(request.url or ""),
            response.status_code,
            len(response._content or b""),
            time.monotonic() - started,
        )
        return response

    def _read_body(self, response: requests.Response, started: float) -> bytes:
        raw = response.raw
        chunks: list[bytes] = []
        size = 0
        declared = response.headers.get("Content-Length", "")
        if self.max_bytes is not None and declared.isdigit() and int(declared) > self.max_bytes:
            raise AnswerTooLarge(f"the answer is {int(declared):,} bytes", response=response)
        try:
            while True:
                if time.monotonic() - started > self.deadline:
                    raise DeadlineExceeded(
                        f"the answer took longer than {self.deadline:g} s", response=response
                    )
                # read1: whatever has arrived (read would wait for a whole chunk); gzip undone
                chunk = raw.read1(_CHUNK, decode_content=True)
                if not chunk:
                    break
                size += len(chunk)
                if self.max_bytes is not None and size > self.max_bytes:
                    raise AnswerTooLarge(
                        f"the answer is more than {self.max_bytes:,} bytes", response=response
                    )
                chunks.append(chunk)
        except ReadTimeoutError as err:
            raise requests.exceptions.ReadTimeout(err, response=response) from err
        except ProtocolError as err:
            raise requests.exceptions.ChunkedEncodingError(err, response=response) from err
        except DecodeError as err:
            raise requests.exceptions.ContentDecodingError(err, response=response) from err
        response._content_consumed = True  # type: ignore[attr-defined]
        return b"".join(chunks)


def is_loopback(url: str) -> bool:
    """Whether *url* is on this machine (a proxy must not see it)."""
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or ""
    return host in ("localhost", "::1") or host.startswith("127.")


def loggable_url(url: str) -> str:
    """*url* for a log line: values of key-like parameters hidden, long values shortened."""
    from urllib.parse import parse_qsl, urlencode, urlsplit

    parts = urlsplit(url)
    query = [
        (name, "***" if any(word in name.lower() for word in _SECRET_WORDS) else value[:40])
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
    ]
    return parts._replace(query=urlencode(query, safe=",:")).geturl()


def cached_session(
    directory: Path,
    *,
    lifetime: timedelta = RESPONSE_CACHE_LIFETIME,
    methods: tuple[str, ...] = ("GET",),
    codes: tuple[int, ...] = (200,),
    **session: Any,
) -> PoliteSession:
    """A PoliteSession (*session* its arguments) that reuses successful answers stored under
    *directory* for *lifetime*.

    *methods* are the requests whose answers are kept: add POST for read-only batch lookups
    (requests-cache keys them by their body too); *codes* the statuses kept (add 404 where
    "no such page" is an answer worth keeping). API keys in headers are redacted by
    requests-cache before anything is written.
    """
    from requests_cache import DEFAULT_IGNORED_PARAMS

    directory.mkdir(parents=True, exist_ok=True)
    # requests-cache redacts these names case-sensitively; services write them either way
    secrets = {*DEFAULT_IGNORED_PARAMS, *(name.lower() for name in DEFAULT_IGNORED_PARAMS)}
    cached: PoliteSession = _cached_session_class()(
        cache_name=str(directory / RESPONSE_CACHE_FILE),
        backend="sqlite",
        expire_after=lifetime,
        allowable_codes=codes,
        allowable_methods=methods,
        ignored_parameters=sorted(secrets),
        **session,
    )
    return cached


@functools.cache
def _cached_session_class() -> Callable[..., PoliteSession]:
    # requests-cache costs a quarter second to import: only a fetch that asks a service pays it
    from requests_cache import CacheMixin

    class CachedPoliteSession(CacheMixin, PoliteSession):  # type: ignore[misc]
        """PoliteSession's timeout and retries under requests-cache's storage."""

    return CachedPoliteSession


def forget_response(session: requests.Session, response: requests.Response) -> None:
    """Drop *response* from *session*'s response cache, if it has one and holds it."""
    cache = getattr(session, "cache", None)
    key = getattr(response, "cache_key", None)
    if cache is not None and key:
        cache.delete(key)


def forget_cached_responses(directory: Path) -> None:
    """Empty the response cache under *directory* (``--refresh``); no-op when there is none."""
    path = directory / RESPONSE_CACHE_FILE
    for suffix in ("", "-journal", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
