"""An on-disk cache of translations, so a re-run asks the service nothing it asked before.

SQLite from the standard library: one file, safe across processes, no server. Keyed by
backend, target language and the exact source text.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from pathlib import Path

from readinggroup.protocols import Translator

TARGET = "ja"


def default_cache_dir() -> Path:
    """``$READINGGROUP_CACHE_DIR``, else the platform's user cache folder."""
    override = os.environ.get("READINGGROUP_CACHE_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("readinggroup"))


class TranslationCache:
    """Translations stored in ``translations.sqlite3`` under *directory*."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / "translations.sqlite3"
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS translation "
            "(key TEXT PRIMARY KEY, backend TEXT, target TEXT, source TEXT, result TEXT)"
        )

    @staticmethod
    def _key(backend: str, text: str) -> str:
        return hashlib.sha256(f"{backend}\0{TARGET}\0{text}".encode()).hexdigest()

    def get(self, backend: str, text: str) -> str | None:
        with self._lock:
            row = self._db.execute(
                "SELECT result FROM translation WHERE key = ?", (self._key(backend, text),)
            ).fetchone()
        return None if row is None else str(row[0])

    def put(self, backend: str, text: str, result: str) -> None:
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO translation VALUES (?, ?, ?, ?, ?)",
                (self._key(backend, text), backend, TARGET, text, result),
            )


class CachedTranslator:
    """A Translator that answers from the cache first and stores every new answer."""

    def __init__(self, inner: Translator, cache: TranslationCache) -> None:
        self._inner = inner
        self._cache = cache
        self.name = inner.name

    def translate(self, text: str) -> str:
        cached = self._cache.get(self.name, text)
        if cached is not None:
            return cached
        result = self._inner.translate(text)
        self._cache.put(self.name, text, result)
        return result
