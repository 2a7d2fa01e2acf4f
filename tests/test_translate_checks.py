"""The shared adapter policy: which answers count as translations, how long to back off."""

from __future__ import annotations

import pytest

from readinggroup.adapters.translators.checks import check_answer
from readinggroup.adapters.transport.failures import Transient
from readinggroup.adapters.transport.retry import RetryPolicy, call_with_retries
from readinggroup.errors import TranslationError


@pytest.mark.parametrize(
    ("source", "answer"),
    [
        ("We propose ⟦0⟧.", "⟦0⟧を提案する。"),
        ("⟦0⟧", "⟦0⟧"),  # a lone name comes back as it went
        ("GPT-3", "GPT-3"),
        ("See https://github.com/a/b.", "https://github.com/a/b を参照。"),
        ("p < 0.05 in <b> tags", "<b>タグでは p < 0.05"),
    ],
)
def test_translations_pass(source: str, answer: str) -> None:
    assert check_answer(source, answer, service="S") == answer


@pytest.mark.parametrize(
    ("source", "answer", "problem"),
    [
        ("We propose it.", None, "sent back an empty translation"),
        ("We propose it.", " \n", "sent back an empty translation"),
        ("We propose it.", "<html><body>consent</body></html>", "sent back a web page"),
        ("We propose it.", "We propose it.", "sent back the English untranslated"),
        ("We propose it.", "We suggest it.", "sent back the English untranslated"),
    ],
)
def test_answers_that_are_not_translations(source: str, answer: str | None, problem: str) -> None:
    with pytest.raises(TranslationError, match=f"^S: {problem}"):
        check_answer(source, answer, service="S")


def test_backoff_doubles_spreads_and_is_capped() -> None:
    policy = RetryPolicy(first_delay=1.0, max_delay=5.0, retry_after_cap=6.0, jitter=lambda: 0.0)
    assert [policy.delay(n, None) for n in (1, 2, 3, 4)] == [0.5, 1.0, 2.0, 2.5]
    assert policy.delay(1, 120.0) == 6.0  # Retry-After is honoured up to its own cap
    assert policy.delay(1, -3.0) == 0.0


def test_only_transient_failures_are_retried() -> None:
    pauses: list[float] = []
    policy = RetryPolicy(attempts=3, sleep=pauses.append, jitter=lambda: 1.0)
    outcomes: list[Exception | str] = [Transient("had a server error (HTTP 502)"), "ok"]

    def call() -> str:
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    assert call_with_retries(call, service="S", policy=policy) == "ok"
    assert pauses == [1.0]

    def refused() -> str:
        raise TranslationError("S", "refused the key")

    with pytest.raises(TranslationError, match="refused the key"):
        call_with_retries(refused, service="S", policy=policy)
    assert pauses == [1.0]
