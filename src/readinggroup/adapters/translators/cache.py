"""An on-disk cache of translations, so a re-run asks the service nothing it asked before.

SQLite from the standard library: one file in the platform's cache folder (platformdirs), safe
across threads and processes, no server. Keyed by backend, target language and the exact text
sent (placeholders included), so a changed glossary entry or sentence asks again and nothing
else does. Only answers that passed the adapter's checks get here.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import threading
from pathlib import Path

from readinggroup.cache_dir import default_cache_dir as default_cache_dir  # its old home
from readinggroup.errors import InputError
from readinggroup.protocols import Translator

log = logging.getLogger(__name__)

TARGET = "ja"
CACHE_FILE = "translations.sqlite3"


class TranslationCache:
    """Translations stored in ``translations.sqlite3`` under *directory*."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / CACHE_FILE
        self._lock = threading.Lock()
        try:
            # one connection shared by the translating threads, serialised by the lock
            self._db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS translation "
                "(key TEXT PRIMARY KEY, backend TEXT, target TEXT, source TEXT, result TEXT)"
            )
        except sqlite3.DatabaseError as err:
            raise InputError(f"{self.path}: {_problem(err)}") from None
        self._unsaved = False  # a write failed once (read-only, full): said once, not again

    @staticmethod
    def _key(backend: str, text: str) -> str:
        return hashlib.sha256(f"{backend}\0{TARGET}\0{text}".encode()).hexdigest()

    def get(self, backend: str, text: str) -> str | None:
        """The stored answer of *backend* for *text*, or None."""
        with self._lock:
            row = self._db.execute(
                "SELECT result FROM translation WHERE key = ?", (self._key(backend, text),)
            ).fetchone()
        return None if row is None else str(row[0])

    def put(self, backend: str, text: str, result: str) -> None:
        """Store *result* as *backend*'s answer for *text*."""
        with self._lock:
            try:
                with self._db:
                    self._db.execute(
                        "INSERT OR REPLACE INTO translation VALUES (?, ?, ?, ?, ?)",
                        (self._key(backend, text), backend, TARGET, text, result),
                    )
            except sqlite3.OperationalError as err:
                # the answer itself is good: the run goes on, only the next run asks again
                if not self._unsaved:
                    self._unsaved = True
                    log.warning(
                        "%s: %s; this run's answers are not kept for the next one",
                        self.path,
                        _problem(err),
                    )

    def close(self) -> None:
        with self._lock:
            self._db.close()


_CAUSES = {
    "SQLITE_READONLY": "the translation cache is read-only; make it and its folder writable, "
    "set READINGGROUP_CACHE_DIR to a folder you can write, or run with --no-cache",
    "SQLITE_FULL": "no space left for the translation cache; free some space, or run with "
    "--no-cache",
    "SQLITE_CANTOPEN": "the translation cache cannot be opened or created; make its folder "
    "writable, set READINGGROUP_CACHE_DIR to one you can write, or run with --no-cache",
}


def _problem(err: sqlite3.DatabaseError) -> str:
    """What is wrong with the cache file, by SQLite's own error code (Python 3.11+ gives it)."""
    name = str(getattr(err, "sqlite_errorname", ""))
    for prefix, cause in _CAUSES.items():
        if name.startswith(prefix):
            return cause
    if name.startswith("SQLITE_IOERR"):
        return (
            f"the translation cache could not be written or read ({err}); check the disk, "
            "or run with --no-cache"
        )
    return (
        f"the translation cache cannot be read ({err}); delete the file (it only saves "
        "requests) or run with --no-cache"
    )


class CachedTranslator:
    """A Translator that answers from the cache first and stores every new answer.

    *hits* and *misses* count the answers that came from the cache and from the service.
    """

    def __init__(self, inner: Translator, cache: TranslationCache) -> None:
        self._inner = inner
        self._cache = cache
        self.name = inner.name
        self.hits = 0
        self.misses = 0
        self._count = threading.Lock()  # papers are translated from several threads

    def translate(self, text: str) -> str:
        cached = self._cache.get(self.name, text)
        if cached is not None:
            with self._count:
                self.hits += 1
            return cached
        result = self._inner.translate(text)
        with self._count:
            self.misses += 1
        if result.strip():  # an empty answer is never worth keeping, whatever the backend
            self._cache.put(self.name, text, result)
        return result
