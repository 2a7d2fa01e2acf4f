"""The on-disk translation cache: a hit asks nothing, failures are never stored."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from readinggroup.adapters.translators.cache import (
    CACHE_FILE,
    CachedTranslator,
    TranslationCache,
    default_cache_dir,
)
from readinggroup.errors import InputError, TranslationError


@dataclass
class Counting:
    name: str = "google"
    answer: str = "訳"
    fail: bool = False
    calls: list[str] = field(default_factory=list)

    def translate(self, text: str) -> str:
        self.calls.append(text)
        if self.fail:
            raise TranslationError("Google Translate", "sent back an empty translation")
        return self.answer + text


def test_a_hit_asks_nothing_even_in_a_new_process(tmp_path: Path) -> None:
    inner = Counting()
    first = CachedTranslator(inner, TranslationCache(tmp_path))
    assert first.translate("Primer") == "訳Primer"
    again = CachedTranslator(inner, TranslationCache(tmp_path))  # as a later run would
    assert again.translate("Primer") == "訳Primer"
    assert inner.calls == ["Primer"]
    assert (again.hits, again.misses) == (1, 0)


def test_backends_do_not_share_answers(tmp_path: Path) -> None:
    cache = TranslationCache(tmp_path)
    google, deepl = Counting("google"), Counting("deepl", answer="独")
    assert CachedTranslator(google, cache).translate("x y") == "訳x y"
    assert CachedTranslator(deepl, cache).translate("x y") == "独x y"
    assert cache.get("google", "x y") == "訳x y"
    assert cache.get("deepl", "x y") == "独x y"


def test_failures_and_empty_answers_are_not_stored(tmp_path: Path) -> None:
    cache = TranslationCache(tmp_path)
    with pytest.raises(TranslationError):
        CachedTranslator(Counting(fail=True), cache).translate("Primer")
    assert cache.get("google", "Primer") is None
    CachedTranslator(Counting(answer=""), cache).translate("   ")
    assert cache.get("google", "   ") is None


def test_where_the_cache_lives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert default_cache_dir() == tmp_path / "cache"  # conftest points tests here
    monkeypatch.delenv("READINGGROUP_CACHE_DIR")
    assert default_cache_dir().name == "readinggroup"
    monkeypatch.setenv("READINGGROUP_CACHE_DIR", str(tmp_path / "elsewhere"))
    assert TranslationCache(default_cache_dir()).path == tmp_path / "elsewhere" / CACHE_FILE


def test_a_damaged_cache_file_says_what_to_do(tmp_path: Path) -> None:
    (tmp_path / CACHE_FILE).write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(InputError) as caught:
        TranslationCache(tmp_path)
    assert str(caught.value).startswith(f"{tmp_path / CACHE_FILE}: the translation cache cannot")
    assert str(caught.value).endswith(
        "delete the file (it only saves requests) or run with --no-cache"
    )


def test_threads_share_one_cache(tmp_path: Path) -> None:
    cached = CachedTranslator(Counting(), TranslationCache(tmp_path))
    threads = [
        threading.Thread(target=lambda i=i: cached.translate(f"text {i % 10}")) for i in range(40)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cached.hits + cached.misses == 40
    assert all(cached.translate(f"text {i}") == f"訳text {i}" for i in range(10))
