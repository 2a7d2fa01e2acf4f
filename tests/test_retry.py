"""The one retry loop (adapters/transport/retry.py): Retry-After cap, the run's budget per
service, the breaker for a service that keeps timing out. Pauses are recorded, never slept."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
import requests

from readinggroup.adapters.transport.budget import RunBudget
from readinggroup.adapters.transport.failures import Transient, retry_after
from readinggroup.adapters.transport.retry import (
    Breaker,
    RetryPolicy,
    TimeoutBreaker,
    call_with_retries,
)
from readinggroup.errors import SourceError


def failing(problem: str, **kwargs: object) -> object:
    def call() -> object:
        raise Transient(problem, **kwargs)  # type: ignore[arg-type]

    return call


def test_a_retry_after_beyond_the_cap_fails_at_once() -> None:
    pauses: list[float] = []
    with pytest.raises(SourceError) as caught:
        call_with_retries(
            failing("rate-limited", retry_after=3600.0),  # type: ignore[arg-type]
            service="S",
            policy=RetryPolicy(sleep=pauses.append),
        )
    assert str(caught.value) == (
        "S: rate-limited the requests and asked to wait 3600 s (more than the 60 s readinggroup "
        "waits); run again later"
    )
    assert pauses == []


def test_the_run_budget_per_service_stops_the_waiting() -> None:
    pauses: list[float] = []
    policy = RetryPolicy(attempts=10, run=RunBudget(10.0), sleep=pauses.append, jitter=lambda: 1.0)
    with pytest.raises(SourceError) as caught:
        call_with_retries(failing("had a server error (HTTP 503)"), service="S", policy=policy)  # type: ignore[arg-type]
    assert pauses == [1.0, 2.0, 4.0]  # the next pause (8 s) would pass the 10 s budget
    assert str(caught.value) == (
        "S: had a server error (HTTP 503), and this run already spent 7 s of its 10 s on it; "
        "wait a few minutes and run again"
    )
    with pytest.raises(SourceError):  # the budget is per run: the next call gets what is left
        call_with_retries(failing("again"), service="S", policy=policy)  # type: ignore[arg-type]
    assert sum(pauses) <= 10.0
    waited = len(pauses)
    policy = dataclasses.replace(policy, run=RunBudget(10.0))  # a new run
    with pytest.raises(SourceError):
        call_with_retries(failing("again"), service="S", policy=policy)  # type: ignore[arg-type]
    assert pauses[waited:] == [1.0, 2.0, 4.0]


def test_the_breaker_stops_asking_after_timeouts_in_a_row() -> None:
    breaker = TimeoutBreaker("S", limit=2)
    calls: list[int] = []

    def hang() -> str:
        calls.append(1)
        raise Transient("gave no answer", timed_out=True)

    for _ in range(2):
        with pytest.raises(Transient):
            breaker.call(hang)
    with pytest.raises(SourceError, match=r"^S: timed out 2 times in a row, so this run"):
        breaker.call(hang)
    assert len(calls) == 2


def test_an_answer_resets_the_breaker() -> None:
    breaker = TimeoutBreaker("S", limit=2)

    def hang() -> str:
        raise Transient("gave no answer", timed_out=True)

    with pytest.raises(Transient):
        breaker.call(hang)
    assert breaker.call(lambda: "ok") == "ok"
    with pytest.raises(Transient):
        breaker.call(hang)  # one in a row again, not two


def test_a_breaker_counting_every_failure_names_the_last_and_ignores_others() -> None:
    breaker = Breaker("S", limit=2, counts=lambda failure: isinstance(failure, SourceError))
    failures = iter([SourceError("S", "had a server error (HTTP 500)"), ValueError("odd")])

    def failing() -> str:
        raise next(failures, SourceError("S", "refused the request (HTTP 404)"))

    with pytest.raises(SourceError):
        breaker.call(failing)
    with pytest.raises(ValueError, match="odd"):
        breaker.call(failing)  # not counted, and no reset either
    with pytest.raises(SourceError):
        breaker.call(failing)
    with pytest.raises(SourceError) as stopped:
        breaker.call(failing)
    assert str(stopped.value) == (
        "S: failed 2 times in a row (last: refused the request (HTTP 404)), so this run stopped "
        "asking it; run again later"
    )


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("7", 7.0), ("-3", 0.0), ("soon", None), ("", None)],
)
def test_retry_after_is_read_as_seconds(header: str, seconds: float | None) -> None:
    response = requests.Response()
    response.headers["Retry-After"] = header
    assert retry_after(response) == seconds


def test_retry_after_as_an_http_date() -> None:
    response = requests.Response()
    when = datetime.now(UTC) + timedelta(seconds=120)
    response.headers["Retry-After"] = format_datetime(when, usegmt=True)
    waited = retry_after(response)
    assert waited is not None
    assert 100 < waited <= 120
