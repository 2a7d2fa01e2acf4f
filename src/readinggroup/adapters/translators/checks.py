"""What the translation adapters share: retries with backoff, and the checks on an answer.

A timeout, a 429 or a 5xx is worth another try after a pause; an answer that is empty, a web
page, or the English sent back is never worth keeping, so it raises before any cache sees it.
"""

from __future__ import annotations

import logging
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from readinggroup.errors import TranslationError

log = logging.getLogger(__name__)
T = TypeVar("T")

_TAG = re.compile(
    r"<\s*(?:!doctype|html|head|body|div|span|script|style|meta|form|table|p|br|a)\b[^>]*>",
    re.IGNORECASE,
)
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_URL = re.compile(r"https?://\S+")
_WORD = re.compile(r"[A-Za-z]{2,}")


class Transient(Exception):
    """A failure worth another try: 429, 5xx, a timeout, a dropped connection."""

    def __init__(self, problem: str, *, retry_after: float | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how long to wait: exponential backoff with jitter, capped.

    ``Retry-After`` from the service wins over the computed pause (up to *max_delay*).
    """

    attempts: int = 4
    first_delay: float = 1.0
    max_delay: float = 30.0
    sleep: Callable[[float], None] = field(default=time.sleep)
    jitter: Callable[[], float] = field(default=random.random)

    def delay(self, attempt: int, retry_after: float | None) -> float:
        """The pause after failed try number *attempt* (1-based)."""
        if retry_after is not None:
            return min(self.max_delay, max(0.0, retry_after))
        backoff: float = min(self.max_delay, self.first_delay * 2.0 ** (attempt - 1))
        # threads that failed together spread out, so they do not all come back at once
        return backoff * (0.5 + 0.5 * self.jitter())


def call_with_retries(call: Callable[[], T], *, service: str, policy: RetryPolicy) -> T:
    """The result of *call*, tried up to ``policy.attempts`` times while it fails transiently."""
    import tenacity

    def pause(state: tenacity.RetryCallState) -> float:
        failure = state.outcome.exception() if state.outcome else None
        retry_after = failure.retry_after if isinstance(failure, Transient) else None
        seconds = policy.delay(state.attempt_number, retry_after)
        log.info("%s %s; trying again in %.1f s", service, failure, seconds)
        return seconds

    retrying = tenacity.Retrying(
        retry=tenacity.retry_if_exception_type(Transient),
        stop=tenacity.stop_after_attempt(policy.attempts),
        wait=pause,
        sleep=policy.sleep,
        reraise=True,
    )
    try:
        return retrying(call)
    except Transient as err:
        raise TranslationError(
            service,
            f"{err.problem}, {policy.attempts} tries in a row",
            "wait a few minutes and run again",
        ) from err


def check_answer(source: str, answer: str | None, *, service: str) -> str:
    """*answer* if it reads as the Japanese of *source*; otherwise TranslationError."""
    if answer is None or not answer.strip():
        raise TranslationError(service, "sent back an empty translation", "run again later")
    if _TAG.search(answer) and not _TAG.search(source):
        raise TranslationError(
            service,
            "sent back a web page instead of a translation (blocked, or a consent page)",
            "wait a while and run again",
        )
    has_words = len(_WORD.findall(_URL.sub("", source))) >= 2
    if has_words and (answer.strip() == source.strip() or not _JAPANESE.search(answer)):
        raise TranslationError(
            service, "sent back the English untranslated", "wait a while and run again"
        )
    return answer


def aligned_answer(text: str, answers: list[str], *, service: str) -> str:
    """The one-per-line *answers* to the non-empty lines of *text*, put back in its lines and
    checked; TranslationError when their number differs (the alignment would be lost)."""
    lines = text.split("\n")
    wanted = [line for line in lines if line.strip()]
    if len(answers) != len(wanted):
        raise TranslationError(
            service,
            f"sent back {len(answers)} translations for {len(wanted)} lines",
            "run again later",
        )
    given = iter(answers)
    answer = "\n".join(" ".join(next(given).split()) if line.strip() else "" for line in lines)
    return check_answer(text, answer, service=service)
