"""The DeepL adapter (official ``deepl`` package) against a local fake of the DeepL API."""

from __future__ import annotations

import pytest

from readinggroup.adapters.translators.deepl_api import DeepLTranslator
from readinggroup.adapters.transport.retry import RetryPolicy
from readinggroup.errors import TranslationError
from tests.fixtures.translate.fake_services import DEEPL_KEY, FakeTranslateServer, Fault


def deepl(
    server: FakeTranslateServer, pauses: list[float], key: str = DEEPL_KEY
) -> DeepLTranslator:
    policy = RetryPolicy(sleep=pauses.append, jitter=lambda: 1.0)
    return DeepLTranslator(key, base_url=server.url, retry=policy, timeout=2.0)


def test_lines_go_as_a_list_and_come_back_aligned(
    server: FakeTranslateServer, pauses: list[float]
) -> None:
    answer = deepl(server, pauses).translate("Primer: Searching\nWe propose ⟦0⟧ for data.")
    assert answer == "プライマー: Searching\n我々は propose ⟦0⟧ のための データ。"
    assert server.requests == 1
    seen = server.seen[0]
    assert seen.texts == ("Primer: Searching", "We propose ⟦0⟧ for data.")
    assert seen.headers["Authorization"] == f"DeepL-Auth-Key {DEEPL_KEY}"


def test_a_base_url_with_a_path_keeps_its_path(
    server: FakeTranslateServer, pauses: list[float]
) -> None:
    translator = DeepLTranslator(DEEPL_KEY, base_url=server.url + "/proxy/deepl/")
    assert translator.translate("Deep learning for data.").startswith("深層")
    assert server.seen[0].service == "deepl"


def test_a_refused_key_says_what_to_do(server: FakeTranslateServer, pauses: list[float]) -> None:
    with pytest.raises(TranslationError) as caught:
        deepl(server, pauses, key="wrong:fx").translate("Deep learning for data.")
    assert str(caught.value) == (
        "DeepL: refused the key in DEEPL_AUTH_KEY (HTTP 403); check the key, or use "
        "--translator google"
    )
    assert pauses == []


def test_quota_exceeded(server: FakeTranslateServer, pauses: list[float]) -> None:
    server.fail_next(Fault(status=456))
    with pytest.raises(TranslationError, match=r"quota is used up \(HTTP 456\); wait for"):
        deepl(server, pauses).translate("Deep learning for data.")
    assert pauses == []


def test_429_and_5xx_are_retried_with_backoff(
    server: FakeTranslateServer, pauses: list[float]
) -> None:
    server.fail_next(Fault(status=429), Fault(status=503), Fault(status=500))
    assert deepl(server, pauses).translate("Deep learning for data.").startswith("深層")
    assert server.requests == 4
    assert pauses == [1.0, 2.0, 4.0]


def test_a_hang_times_out(
    server: FakeTranslateServer, pauses: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    import deepl

    # the package's first deadline is a second away and its timeout never shorter
    monkeypatch.setattr(deepl.http_client._BackoffTimer, "BACKOFF_INITIAL", 0.0)
    server.fail_next(*[Fault("hang")] * 2)
    translator = DeepLTranslator(
        DEEPL_KEY,
        base_url=server.url,
        timeout=0.05,
        retry=RetryPolicy(attempts=2, sleep=pauses.append),
    )
    with pytest.raises(TranslationError) as caught:
        translator.translate("Deep learning for data.")
    assert str(caught.value) == (
        "DeepL: gave no answer within 0.05 s, 2 tries in a row; wait a few minutes and run again"
    )


def test_english_sent_back_is_refused(server: FakeTranslateServer, pauses: list[float]) -> None:
    server.fail_next(Fault("echo"))
    with pytest.raises(TranslationError, match="sent back the English untranslated"):
        deepl(server, pauses).translate("Deep learning for data.\nIt works well.")
