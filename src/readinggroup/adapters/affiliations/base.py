"""What every affiliation source answers, and how author names are compared."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from readinggroup.models import Paper
from readinggroup.paper_records import AffiliationSource

PAPER_WIDE = ""  # the author of an answer that names no author: every author of the paper


@dataclass(frozen=True, slots=True)
class Answer:
    """One author's affiliations as a source wrote them (*author* as the source spells it)."""

    author: str
    affiliations: tuple[str, ...]


class AuthorSource(Protocol):
    """One place that may know the authors' affiliations (a service or a page of arXiv)."""

    name: AffiliationSource
    per_paper: bool  # reads one page per paper (asked one paper at a time), not a batch API

    def lookup(self, papers: Sequence[Paper]) -> Mapping[str, Sequence[Answer]]:
        """Per bare id, the answers for the papers this source knows (others are absent).

        Raises SourceError when the service fails; the chain then asks the next source.
        """
        ...


def fold(text: str) -> str:
    """*text* without accents and case, for comparing names (Zečević → zecevic)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def surname(name: str) -> str:
    words = re.findall(r"[^\W\d_][\w'-]*", name)
    return fold(words[-1]) if words else ""
