"""Which failed requests are worth another try, and the words a user reads for each.

Every adapter classifies here, whatever library raised: an HTTP status (:func:`transient_status`,
:func:`describe_status`), an exception of requests/urllib3 or of httpx under ``openai``
(:func:`request_failure`). What comes back is raised inside the retry loop
(:func:`..retry.call_with_retries`): a :class:`Transient` is asked again after a pause, any other
:class:`Failed` gives its sentence at once. An answer that trickles past its deadline is never
asked again: the server would trickle again, and one deadline is all a run waits for it.
"""

from __future__ import annotations

import time
from typing import Literal

import requests
from urllib3.exceptions import (
    ConnectTimeoutError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
)

from readinggroup.errors import SourceError

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})  # busy or down: worth another try
Kind = Literal["deadline", "timeout", "dropped", "truncated", "unreachable", "other"]
_WORTH_ANOTHER_TRY: frozenset[Kind] = frozenset({"timeout", "dropped", "truncated"})
_TIMED_OUT: frozenset[Kind] = frozenset({"timeout", "deadline"})


class Failed(Exception):
    """A request that failed: *give_up* is the sentence its caller gets; *timed_out* marks one
    that ran out of time, no answer or too slow an answer (a TimeoutBreaker counts those)."""

    def __init__(
        self, problem: str, *, timed_out: bool = False, give_up: SourceError | None = None
    ) -> None:
        super().__init__(problem)
        self.problem = problem
        self.timed_out = timed_out
        self.give_up = give_up


class Transient(Failed):
    """A failure worth another try: 429, 5xx, a timeout, a dropped connection.

    *retry_after* is the pause the service asked for; *give_up* the sentence if this was the
    last try (else the retry loop says the problem and how many tries it had).
    """

    def __init__(
        self,
        problem: str,
        *,
        retry_after: float | None = None,
        timed_out: bool = False,
        give_up: SourceError | None = None,
    ) -> None:
        super().__init__(problem, timed_out=timed_out, give_up=give_up)
        self.retry_after = retry_after


class DeadlineExceeded(requests.exceptions.ReadTimeout):
    """The answer kept coming, but too slowly to finish before the request's deadline."""


class AnswerTooLarge(requests.exceptions.RequestException):
    """The answer was larger than its profile's size cap (a download)."""


def describe_status(status: int) -> str:
    """A short, user-facing phrase for an HTTP error status (problem; advice)."""
    if status == 429:
        return "rate-limited the requests (HTTP 429); wait a few minutes and run again"
    if status >= 500:
        return f"had a server error (HTTP {status}); try again later"
    return f"refused the request (HTTP {status})"


def transient_status(
    status: int, *, retry_after: float | None = None, give_up: SourceError | None = None
) -> Transient | None:
    """The Transient to raise for *status* when it is worth another try; None otherwise."""
    if status not in RETRY_STATUSES:
        return None
    problem = describe_status(status).partition("; ")[0]
    return Transient(problem, retry_after=retry_after, give_up=give_up)


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


def request_failure(
    err: BaseException,
    service: str,
    hint: str,
    *,
    error: type[SourceError] = SourceError,
    waited: float | None = None,
    unreachable: tuple[str, str] | None = None,
    tries_said: bool = False,
) -> Failed:
    """What to raise for a request that raised *err* (requests, urllib3 or httpx).

    *waited* words a timeout as "gave no answer within *waited* s"; *unreachable* replaces the
    problem and hint when the address itself failed. With *tries_said* a transient failure's
    last try is said by the retry loop ("…, 4 tries in a row"); otherwise with *hint*.
    """
    kind, problem = classify(err)
    if kind == "timeout" and waited is not None:
        problem = f"gave no answer within {waited:g} s"
    if kind == "unreachable" and unreachable is not None:
        problem, hint = unreachable
    failure = error(service, problem, hint)
    timed_out = kind in _TIMED_OUT
    if kind in _WORTH_ANOTHER_TRY:
        return Transient(problem, timed_out=timed_out, give_up=None if tries_said else failure)
    return Failed(problem, timed_out=timed_out, give_up=failure)


def classify(err: BaseException) -> tuple[Kind, str]:
    """What kind of failure *err* is, and the phrase a user reads for it."""
    if not isinstance(err, requests.RequestException):
        return _classify_httpx(err)
    if isinstance(err, DeadlineExceeded):
        return (
            "deadline",
            f"sent its answer too slowly ({err.args[0] if err.args else 'deadline passed'})",
        )
    if isinstance(
        err, requests.exceptions.ChunkedEncodingError | requests.exceptions.ContentDecodingError
    ):
        return "truncated", "sent an answer that was cut off before its end"
    if isinstance(err, requests.Timeout) or _timed_out(err):
        return "timeout", "no answer in time (timed out)"
    if _dropped(err):
        return "dropped", "dropped the connection"
    if isinstance(err, requests.ConnectionError):
        return "unreachable", "could not connect (network down or address wrong)"
    return "other", f"request failed ({type(err).__name__})"


def _classify_httpx(err: BaseException) -> tuple[Kind, str]:
    """httpx's exceptions, as ``openai`` hands them on (its own errors' ``__cause__``)."""
    import httpx2
    import openai

    from readinggroup.adapters.transport.httpx_client import AnswerCutOff

    if isinstance(err, AnswerCutOff):
        return "deadline", err.problem
    if isinstance(err, httpx2.TimeoutException | openai.APITimeoutError):
        return "timeout", "no answer in time (timed out)"
    if isinstance(err, httpx2.ConnectError):
        return "unreachable", "could not be reached"
    return "dropped", "dropped the connection"  # a reset, or an answer cut off midway


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
