"""The transport every adapter shares: a deadline for each whole answer (a server trickling a
byte at a time is cut off), requests to this machine kept off proxies, and the phrases that
describe a failed request in a user's sentence."""

from __future__ import annotations

import logging
import time
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import (
    ConnectTimeoutError,
    DecodeError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
)

log = logging.getLogger(__name__)
DEFAULT_DEADLINE = 60.0  # seconds for a whole answer, however it trickles in
_CHUNK = 65536


class DeadlineExceeded(requests.exceptions.ReadTimeout):
    """The answer kept coming, but too slowly to finish before the request's deadline."""


class AnswerTooLarge(requests.exceptions.RequestException):
    """The answer was larger than the session allows (a download's size cap)."""


class DeadlineAdapter(HTTPAdapter):
    """An HTTPAdapter that reads every body itself, giving up at *deadline* seconds.

    A read timeout alone lets a server that sends a byte every few seconds hold a call
    forever; here the body is read as it arrives and the clock is checked between reads.
    Retries are not done here (``max_retries`` stays 0): :func:`request_json` and the
    adapters retry through the one shared policy.
    """

    def __init__(self, deadline: float = DEFAULT_DEADLINE, max_bytes: int | None = None) -> None:
        super().__init__()
        self.deadline = deadline
        self.max_bytes = max_bytes  # None: no cap; else the answer is dropped past this size

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, stream: bool = False, **kwargs: Any
    ) -> requests.Response:
        started = time.monotonic()
        log.debug("%s %s", request.method, loggable_url(request.url or ""))
        if _is_loopback(request.url or ""):
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


def _is_loopback(url: str) -> bool:
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or ""
    return host in ("localhost", "::1") or host.startswith("127.")


_SECRET_WORDS = ("key", "token", "auth", "secret", "password")


def loggable_url(url: str) -> str:
    """*url* for a log line: values of key-like parameters hidden, long values shortened."""
    from urllib.parse import parse_qsl, urlencode, urlsplit

    parts = urlsplit(url)
    query = [
        (name, "***" if any(word in name.lower() for word in _SECRET_WORDS) else value[:40])
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
    ]
    return parts._replace(query=urlencode(query, safe=",:")).geturl()


def describe_failure(err: requests.RequestException) -> str:
    """A short, user-facing phrase for a transport failure."""
    if isinstance(err, DeadlineExceeded):
        return f"sent its answer too slowly ({err.args[0] if err.args else 'deadline passed'})"
    if isinstance(
        err, requests.exceptions.ChunkedEncodingError | requests.exceptions.ContentDecodingError
    ):
        return "sent an answer that was cut off before its end"
    if isinstance(err, requests.Timeout) or _timed_out(err):
        return "no answer in time (timed out)"
    if isinstance(err, requests.ConnectionError):
        if _dropped(err):
            return "dropped the connection"
        return "could not connect (network down or address wrong)"
    return f"request failed ({type(err).__name__})"


def _reason(err: requests.RequestException) -> object:
    return getattr(err.args[0], "reason", None) if err.args else None


def _timed_out(err: requests.RequestException) -> bool:
    # requests reports some timeouts as a ConnectionError around urllib3's MaxRetryError;
    # urllib3's NewConnectionError subclasses ConnectTimeoutError: a refusal is not a timeout
    reason = _reason(err)
    return isinstance(reason, ReadTimeoutError | ConnectTimeoutError) and not isinstance(
        reason, NewConnectionError
    )


def _dropped(err: requests.RequestException) -> bool:
    """A connection that was made and then reset or closed (worth another try)."""
    first = err.args[0] if err.args else None
    return isinstance(first, ProtocolError) or isinstance(_reason(err), ProtocolError)


def is_transient(err: requests.RequestException) -> bool:
    """Whether *err* may pass if asked again: a timeout, a reset, a cut-off answer.

    An answer that trickled past its deadline is not: the server would trickle again, and
    one deadline is all a run should wait for it.
    """
    if isinstance(err, DeadlineExceeded):
        return False
    if isinstance(err, requests.Timeout) or _timed_out(err) or _dropped(err):
        return True
    return isinstance(
        err, requests.exceptions.ChunkedEncodingError | requests.exceptions.ContentDecodingError
    )


def is_timeout(err: requests.RequestException) -> bool:
    """Whether *err* is a request that ran out of time (no answer, or too slow an answer)."""
    return isinstance(err, requests.Timeout) or _timed_out(err)


def request_failure(err: requests.RequestException, service: str, hint: str) -> Exception:
    """What to raise for a failed request: Transient (asked again under the retry policy,
    *service*'s sentence kept for the last try) or, when asking again cannot help, the sentence.
    """
    from readinggroup.adapters.retry import Transient
    from readinggroup.errors import SourceError

    failure = SourceError(service, describe_failure(err), hint)
    if is_transient(err):
        return Transient(describe_failure(err), timed_out=is_timeout(err), give_up=failure)
    return failure
