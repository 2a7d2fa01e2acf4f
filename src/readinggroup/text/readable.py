"""A paper's text as readers and services get it: LaTeX turned into Unicode once per paper.

The session file keeps titles and abstracts as arXiv wrote them (``$\\infty$-former``), so the
file's text never changes; the conversion happens here instead, once per paper's text, the first
time the slide plan or a stage reads the paper, and every later reader gets the same view. This
is the only module that calls ``text/latex.py`` (the architecture test holds it to that).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from readinggroup.models import Paper
from readinggroup.text.latex import latex_to_unicode, plain


@dataclass(frozen=True, slots=True)
class Readable:
    """A paper's title and abstract, English and Japanese, with LaTeX converted (line breaks
    as written); the ``*_line`` forms are one line each, as translators and summarisers get it."""

    title: str
    abstract: str
    title_ja: str
    abstract_ja: str

    @property
    def title_line(self) -> str:
        return one_line(self.title)

    @property
    def abstract_line(self) -> str:
        return one_line(self.abstract)


def readable(paper: Paper) -> Readable:
    """*paper*'s text with LaTeX converted (computed once per text, then remembered)."""
    return _readable(paper.title, paper.abstract, paper.title_ja, paper.abstract_ja)


@lru_cache(maxsize=4096)
def _readable(title: str, abstract: str, title_ja: str, abstract_ja: str) -> Readable:
    return Readable(*map(_unicode, (title, abstract, title_ja, abstract_ja)))


# Conversions an earlier run made (`remember_conversions`), and those this run made: a deck
# rendered again needs no pylatexenc (conversions_kept.py keeps them in the cache folder).
_REMEMBERED: dict[str, str] = {}
_MADE: dict[str, str] = {}


def _unicode(text: str) -> str:
    known = _REMEMBERED.get(text)
    if known is not None:
        return known
    converted = latex_to_unicode(text)
    if converted != text:
        _MADE[text] = converted
    return converted


def remember_conversions(known: Mapping[str, str]) -> None:
    """Take *known* (text → Unicode, as an earlier run converted it) instead of converting."""
    _REMEMBERED.update(known)


def conversions_made() -> dict[str, str]:
    """The texts this run converted (that changed), with what they became."""
    return dict(_MADE)


def readable_line(text: str) -> str:
    """*text* (a title, say, that is no paper's yet) with LaTeX converted, as one line."""
    return plain(text)


def one_line(text: str) -> str:
    """*text* on one line: arXiv wraps its titles and abstracts."""
    return " ".join(text.split())


def english_sentences(paper: Paper) -> tuple[str, ...]:
    """The sentences of *paper*'s English abstract, one line each (what is translated and
    summarised; pysbd splits them, loaded only when asked)."""
    return _sentences(readable(paper).abstract_line)


@lru_cache(maxsize=1024)
def _sentences(abstract: str) -> tuple[str, ...]:
    from readinggroup.text.sentences import split_sentences

    return tuple(map(one_line, split_sentences(abstract)))
