"""Proxy variables: the tests do not depend on them, the product still honours them."""

from __future__ import annotations

import pytest

from readinggroup.adapters.translators.google import GoogleTranslator
from readinggroup.adapters.transport.retry import RetryPolicy
from tests.conftest import PROXY_VARIABLES
from tests.fixtures.translate.fake_services import FakeTranslateServer

DEAD_PROXY = "http://127.0.0.1:9"  # the discard port: nothing listens there
TEXT = "We propose ⟦0⟧, a model for data."
ANSWER = "我々は propose ⟦0⟧、 モデル のための データ。"


def google(base_url: str, pauses: list[float]) -> GoogleTranslator:
    policy = RetryPolicy(sleep=pauses.append, jitter=lambda: 1.0)
    return GoogleTranslator(base_url, retry=policy, timeout=(1.0, 2.0))


def test_local_servers_are_reached_directly_whatever_proxy_the_machine_sets(
    server: FakeTranslateServer, pauses: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A company proxy set in the environment (no NO_PROXY of its own) does not catch the
    requests meant for the local fake servers: conftest makes loopback bypass it."""
    for name in PROXY_VARIABLES:
        if not name.lower().startswith("no_"):
            monkeypatch.setenv(name, DEAD_PROXY)
    assert google(server.url, pauses).translate(TEXT) == ANSWER
    assert server.requests == 1
    assert pauses == []


def test_the_product_still_sends_real_services_through_the_proxy(
    server: FakeTranslateServer, pauses: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fake server plays the proxy: it is asked for the real host's absolute URL, which
    the test guard would refuse to resolve if the request went there directly."""
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.setenv("http_proxy", server.url)
    assert google("http://translate.google.example", pauses).translate(TEXT) == ANSWER
    assert server.seen[0].headers["Host"] == "translate.google.example"
