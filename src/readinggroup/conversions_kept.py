"""The LaTeX conversions of earlier runs, kept in the cache folder like the font metrics: a deck
rendered again converts nothing, so it loads no pylatexenc (its import, its tables and the
conversions were 4 % of a warm build of the example).

The file holds, under a stamp of the converter's code (``text/latex.py`` and pylatexenc, by
their files' modification times, and readinggroup's version), each converted text and what it
became, the newest :data:`LIMIT` of them. A stale, unreadable or foreign file is ignored; one
that cannot be written only costs time.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.util import find_spec
from pathlib import Path

from readinggroup.atomic_files import write_text_atomically
from readinggroup.text.readable import conversions_made, remember_conversions

log = logging.getLogger(__name__)

FILE = "latex-conversions.json"
LIMIT = 4096  # a month's titles and abstracts with LaTeX are a few dozen


@contextmanager
def conversions_kept(cache: Path) -> Iterator[None]:
    """Convert with what earlier runs kept under *cache*; keep what this run adds, when it ends
    without an error."""
    path = cache / FILE
    stamp = _converter_stamp()
    known = _load(path, stamp)
    remember_conversions(known)
    yield
    made = {text: value for text, value in conversions_made().items() if known.get(text) != value}
    if made:
        kept = list({**known, **made}.items())[-LIMIT:]
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            entry = {"stamp": stamp, "conversions": dict(kept)}
            write_text_atomically(path, json.dumps(entry, ensure_ascii=False))
        except OSError as err:
            log.debug("could not keep the LaTeX conversions in %s (%s)", path, err)


def _load(path: Path, stamp: str) -> dict[str, str]:
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
        conversions = entry["conversions"]
        if entry["stamp"] != stamp or not isinstance(conversions, dict):
            return {}
        return {str(text): str(value) for text, value in conversions.items()}
    except (OSError, ValueError, TypeError, KeyError):
        return {}


def _converter_stamp() -> str:
    """What decides a conversion: the converter's files (found, not imported) and our version."""
    from readinggroup import __version__

    digest = hashlib.sha256(__version__.encode("utf-8"))
    for module in ("readinggroup.text.latex", "pylatexenc"):
        spec = find_spec(module)
        try:
            changed = Path(spec.origin).stat().st_mtime_ns if spec and spec.origin else None
        except OSError:
            changed = None
        digest.update(f"{module}\0{changed}\n".encode())
    return digest.hexdigest()
