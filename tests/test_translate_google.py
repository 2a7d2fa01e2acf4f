"""The Google adapter against a local fake of the mobile page: answers, faults, timeouts."""

from __future__ import annotations

import re
import socket
import threading
from pathlib import Path

import pytest
from deep_translator import exceptions

from readinggroup.adapters.translators.cache import CachedTranslator, TranslationCache
from readinggroup.adapters.translators.google import GoogleTranslator
from readinggroup.adapters.transport.retry import RetryPolicy
from readinggroup.errors import ExitCode, TranslationError
from tests.fixtures.translate.fake_services import FakeTranslateServer, Fault

HELLO = "We propose ⟦0⟧, a model for data."


@pytest.fixture
def google(server: FakeTranslateServer, pauses: list[float]) -> GoogleTranslator:
    policy = RetryPolicy(sleep=pauses.append, jitter=lambda: 1.0)
    return GoogleTranslator(server.url, retry=policy, timeout=(1.0, 2.0))


def test_lines_come_back_as_lines(google: GoogleTranslator, server: FakeTranslateServer) -> None:
    answer = google.translate("Panoptic SegFormer: Delving Deeper\n" + HELLO)
    assert (
        answer
        == "総括的な SegFormer: Delving Deeper\n我々は propose ⟦0⟧、 モデル のための データ。"
    )
    assert server.requests == 1
    assert server.seen[0].headers["User-Agent"].startswith("readinggroup/")


def test_429_waits_as_long_as_retry_after_says(
    google: GoogleTranslator, server: FakeTranslateServer, pauses: list[float]
) -> None:
    server.fail_next(Fault(status=429, retry_after="7"), Fault(status=503))
    assert google.translate(HELLO).startswith("我々は")
    assert server.requests == 3
    assert pauses == [7.0, 2.0]  # Retry-After, then the policy's backoff for try 2


def test_rate_limit_that_does_not_end_fails_in_one_sentence(
    google: GoogleTranslator, server: FakeTranslateServer, pauses: list[float]
) -> None:
    server.fail_next(*[Fault(status=429)] * 4)
    with pytest.raises(TranslationError) as caught:
        google.translate(HELLO)
    assert str(caught.value) == (
        "Google Translate: rate-limited the requests (HTTP 429), 4 tries in a row; wait a few "
        "minutes and run again"
    )
    assert caught.value.exit_code == ExitCode.SERVICE
    assert pauses == [1.0, 2.0, 4.0]


def test_a_hanging_service_times_out_and_is_retried(
    server: FakeTranslateServer, pauses: list[float]
) -> None:
    google = GoogleTranslator(
        server.url, retry=RetryPolicy(sleep=pauses.append), timeout=(1.0, 0.05)
    )
    server.fail_next(Fault("hang"))
    assert google.translate(HELLO).startswith("我々は")
    assert server.requests == 2
    assert len(pauses) == 1


@pytest.mark.parametrize(
    ("fault", "problem"),
    [
        (
            Fault("sorry"),
            "sent a page with no translation in it (perhaps a captcha or consent page)",
        ),
        (
            Fault("html"),
            "sent back a web page instead of a translation (blocked, or a consent page)",
        ),
        (Fault("empty"), "sent back an empty translation"),
        (Fault("echo"), "sent back the English untranslated"),
        (Fault(status=403), "refused the request at {url}/m"),
    ],
)
def test_answers_that_are_not_translations_fail_without_retry(
    google: GoogleTranslator,
    server: FakeTranslateServer,
    pauses: list[float],
    fault: Fault,
    problem: str,
) -> None:
    server.fail_next(fault)
    with pytest.raises(TranslationError) as caught:
        google.translate(HELLO)
    assert str(caught.value).startswith(f"Google Translate: {problem.format(url=server.url)}; ")
    assert server.requests == 1
    assert pauses == []


@pytest.mark.parametrize("fault", [Fault("sorry"), Fault("html"), Fault("empty"), Fault("echo")])
def test_a_bad_answer_is_never_cached(
    google: GoogleTranslator, server: FakeTranslateServer, tmp_path: Path, fault: Fault
) -> None:
    cache = TranslationCache(tmp_path)
    cached = CachedTranslator(google, cache)
    server.fail_next(fault)
    with pytest.raises(TranslationError):
        cached.translate(HELLO)
    assert cache.get("google", HELLO) is None
    assert cached.translate(HELLO).startswith("我々は")  # asked again, and now kept
    assert cache.get("google", HELLO) is not None
    assert server.requests == 2


def test_an_address_nobody_answers_is_not_retried(pauses: list[float]) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again before the request: connection refused
    google = GoogleTranslator(f"http://127.0.0.1:{port}", retry=RetryPolicy(sleep=pauses.append))
    with pytest.raises(TranslationError) as caught:
        google.translate(HELLO)
    assert str(caught.value) == (
        f"Google Translate: could not be reached at http://127.0.0.1:{port}/m; check the network "
        "or [translators.google] base_url in readinggroup.toml"
    )
    assert pauses == []


def test_text_over_the_limit_is_refused_before_sending(
    google: GoogleTranslator, server: FakeTranslateServer
) -> None:
    with pytest.raises(TranslationError, match="less than 5000 characters a request"):
        google.translate("word " * 1000)
    assert server.requests == 0


def test_deep_translator_errors_are_not_its_base_error() -> None:
    # why the adapter catches them one by one instead of BaseError
    assert not issubclass(exceptions.TooManyRequests, exceptions.BaseError)
    assert not issubclass(exceptions.RequestError, exceptions.BaseError)


def test_threads_do_not_mix_their_queries(google: GoogleTranslator) -> None:
    texts = [f"Paper {i} is about data." for i in range(12)]
    answers: dict[int, str] = {}

    def work(i: int) -> None:
        answers[i] = google.translate(texts[i])

    threads = [threading.Thread(target=work, args=(i,)) for i in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == {i: f"論文 {i} は about データ。" for i in range(12)}


@pytest.mark.live
def test_the_real_service_keeps_lines_and_placeholders() -> None:
    # what the offline fake assumes of Google: run with --live to check it still holds
    answer = GoogleTranslator().translate("⟦0⟧: Searching for Efficient Transformers\n" + HELLO)
    lines = answer.split("\n")
    assert len(lines) == 2
    assert all(re.search(r"⟦\s*[0０]\s*⟧", line) for line in lines)
