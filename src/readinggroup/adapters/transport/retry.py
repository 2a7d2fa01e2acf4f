"""The retry loop every adapter shares (tenacity): how long to pause, when ``Retry-After`` is too
long to wait for, and how long one run may spend on one service in all.

A failure worth another try raises :class:`.failures.Transient`; after the last try, or when the
service asks for a pause beyond :attr:`RetryPolicy.retry_after_cap`, or when the service's share
of the run's :class:`RunBudget` is spent, the caller gets one sentence (a :class:`SourceError`
or the class it names). Every failed request's time counts against that budget, a trickled
answer's included, and a service whose share is spent is not asked again in the run: the worst a
failing service can hold a run is its budget plus one request's deadline.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from readinggroup.adapters.transport.budget import RunBudget
from readinggroup.adapters.transport.failures import Failed, Transient
from readinggroup.errors import SourceError

log = logging.getLogger(__name__)
T = TypeVar("T")

RETRY_AFTER_CAP = 60.0  # seconds: a longer Retry-After is reported at once as rate-limited


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often to try and how long to pause: exponential backoff with jitter, capped.

    ``Retry-After`` wins over the computed pause up to *retry_after_cap*; beyond it the call
    fails at once. *run* is the run's budget the failures and pauses are counted against.
    *sleep*, *clock* and *jitter* are injectable so tests never wait. Services get theirs
    from a named profile (:mod:`.profiles`).
    """

    attempts: int = 4
    first_delay: float = 1.0
    max_delay: float = 30.0
    retry_after_cap: float = RETRY_AFTER_CAP
    run: RunBudget = field(default_factory=RunBudget)
    sleep: Callable[[float], None] = field(default=time.sleep)
    clock: Callable[[], float] = field(default=time.monotonic)
    jitter: Callable[[], float] = field(default=random.random)

    def delay(self, attempt: int, retry_after: float | None) -> float:
        """The pause after failed try number *attempt* (1-based)."""
        if retry_after is not None:
            return min(self.retry_after_cap, max(0.0, retry_after))
        backoff: float = min(self.max_delay, self.first_delay * 2.0 ** (attempt - 1))
        # threads that failed together spread out, so they do not all come back at once
        return backoff * (0.5 + 0.5 * self.jitter())


class _GiveUp(Exception):
    """Raised from the wait callback: waiting longer is not allowed."""

    def __init__(self, problem: str, hint: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.hint = hint


def call_with_retries(
    call: Callable[[], T],
    *,
    service: str,
    policy: RetryPolicy,
    error: type[SourceError] = SourceError,
    hint: str = "wait a few minutes and run again",
) -> T:
    """The result of *call*, tried up to ``policy.attempts`` times while it raises Transient.

    Gives up with one sentence (an *error* naming *service*) after the last try, when the
    service asks to wait longer than the cap, or when its budget for the run is spent; a
    service whose budget is spent is not asked at all.
    """
    import tenacity

    budget = policy.run
    if (spent := budget.spent(service)) >= budget.seconds:
        raise error(
            service,
            f"cost this run {spent:.0f} s in failed requests and pauses (a run gives each "
            f"service {budget.seconds:g} s), so this run stopped asking it",
            hint,
        )

    def pause(state: tenacity.RetryCallState) -> float:
        failure = state.outcome.exception() if state.outcome else None
        retry_after = failure.retry_after if isinstance(failure, Transient) else None
        if retry_after is not None and retry_after > policy.retry_after_cap:
            raise _GiveUp(
                f"rate-limited the requests and asked to wait {retry_after:g} s "
                f"(more than the {policy.retry_after_cap:g} s readinggroup waits)",
                "run again later",
            )
        seconds = policy.delay(state.attempt_number, retry_after)
        spent = budget.spent(service)
        if spent + seconds > budget.seconds:
            raise _GiveUp(
                f"{failure}, and this run already spent {spent:.0f} s of its "
                f"{budget.seconds:g} s on it",
                hint,
            )
        reason = "as asked by Retry-After" if retry_after is not None else "backing off"
        log.info(
            "%s %s (try %d of %d); waiting %.1f s (%s)",
            service,
            failure,
            state.attempt_number,
            policy.attempts,
            seconds,
            reason,
        )
        budget.spend(service, seconds)
        return seconds

    def timed() -> T:
        started = policy.clock()
        try:
            return call()
        except Exception:  # the time a failed request cost counts, however it failed
            budget.spend(service, policy.clock() - started)
            raise

    retrying = tenacity.Retrying(
        retry=tenacity.retry_if_exception_type(Transient),
        stop=tenacity.stop_after_attempt(policy.attempts),
        wait=pause,
        sleep=policy.sleep,
        reraise=True,
    )
    try:
        return retrying(timed)
    except _GiveUp as stop:
        raise error(service, stop.problem, stop.hint) from None
    except Transient as err:
        if err.give_up is not None:
            raise err.give_up from err
        tries = f"{policy.attempts} tries in a row" if policy.attempts > 1 else "one try"
        raise error(service, f"{err.problem}, {tries}", hint) from err
    except Failed as err:
        raise (err.give_up or error(service, err.problem, hint)) from err


class Breaker:
    """Stops asking a service that failed *limit* times in a row during this run.

    *counts* says which failures count (any, by default); *failed* words them in the sentence
    ("timed out"), *name_last* adds the last one's problem, *hint* says what to do. After the
    limit every further call fails at once with that sentence (the stage reports or falls back
    for those papers); an answer resets it.
    """

    def __init__(
        self,
        service: str,
        *,
        limit: int = 3,
        error: type[SourceError] = SourceError,
        counts: Callable[[Exception], bool] = lambda failure: True,
        failed: str = "failed",
        name_last: bool = True,
        hint: str = "run again later",
    ) -> None:
        self._service = service
        self._limit = limit
        self._error = error
        self._counts = counts
        self._failed = failed
        self._name_last = name_last
        self._hint = hint
        self._in_a_row = 0
        self._last = ""
        self._lock = threading.Lock()

    def call(self, attempt: Callable[[], T]) -> T:
        """*attempt*'s result; counts its failures, refuses once the limit is reached."""
        with self._lock:
            if self._in_a_row >= self._limit:
                last = f" (last: {self._last})" if self._name_last and self._last else ""
                raise self._error(
                    self._service,
                    f"{self._failed} {self._limit} times in a row{last}, so this run stopped "
                    "asking it",
                    self._hint,
                )
        try:
            result = attempt()
        except Exception as err:
            if self._counts(err):
                with self._lock:
                    self._in_a_row += 1
                    self._last = getattr(err, "problem", "") or str(err)
            raise
        with self._lock:
            self._in_a_row = 0
        return result


class TimeoutBreaker(Breaker):
    """Stops asking a service that ran out of time *limit* times in a row during this run (no
    answer, or an answer trickled past its deadline): a translation that hangs every time must
    not hold a build for minutes."""

    def __init__(self, service: str, *, limit: int = 3, error: type[SourceError] = SourceError):
        super().__init__(
            service,
            limit=limit,
            error=error,
            counts=lambda failure: isinstance(failure, Failed) and failure.timed_out,
            failed="timed out",
            name_last=False,
            hint="run again later to translate the rest",
        )
