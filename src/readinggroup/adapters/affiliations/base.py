"""What every affiliation source answers, and the reading of a marked author block.

A paper's first page (and a LaTeXML page without per-author markup) writes its authors with
superscript marks and the affiliations below them, one per mark::

    Jiachen Li^{1,2}, Ali Hassani^{1,2}, Humphrey Shi^{1,2}
    ^{1}SHI Lab @ University of Oregon
    ^{2}University of Illinois at Urbana-Champaign
    Abstract

The page readers turn superscripts into ``^{…}`` so one function matches marks to authors.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from readinggroup.models import AffiliationSource, Paper

PAPER_WIDE = ""  # the author of an answer that names no author: every author of the paper


@dataclass(frozen=True, slots=True)
class Answer:
    """One author's affiliations as a source wrote them (*author* as the source spells it)."""

    author: str
    affiliations: tuple[str, ...]


class AuthorSource(Protocol):
    """One place that may know the authors' affiliations (a service or a page of arXiv)."""

    name: AffiliationSource

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


_MARKED_NAME = re.compile(r"([^\^]+?)\s*\^\{([^}]*)\}")
_LEADING_MARK = re.compile(r"^\s*(?:\^\{([^}]*)\}|(\d{1,2})\s+(?=[A-Z]))\s*(.*)$")
_ABSTRACT = re.compile(r"^\s*(?:\d+\.?\s*)?abstract\b", re.IGNORECASE)
_NOT_AN_AFFILIATION = re.compile(
    r"equal contribution|contributed equally|corresponding author|work (?:was )?done|"
    r"^\s*(?:e-?mail|correspondence)\b|\S@\S|https?://|\bwww\.",
    re.IGNORECASE,
)
# ICML's footnote ends "…²MosaicML. Correspondence to: Davis Blalock <…>."
_CORRESPONDENCE = re.compile(r"[.;,]?\s*correspondence to\b.*$", re.IGNORECASE)
_NAME_SEPARATORS = re.compile(r"\s*(?:,|;|\band\b|&)\s*")


def split_names(text: str) -> list[str]:
    """The names of one author line without marks ("A, B and C" → A, B, C)."""
    bare = re.sub(r"\^\{[^}]*\}", " ", text)
    return [name.strip(" *†‡") for name in _NAME_SEPARATORS.split(bare) if name.strip(" *†‡")]


def _marks(text: str) -> list[str]:
    return [mark.strip() for mark in re.split(r"[,\s]+", text) if mark.strip()]


def marked_affiliations(lines: Sequence[str], authors: Sequence[str]) -> list[Answer]:
    """Authors matched to affiliations by their marks, from the lines of an author block.

    *lines* run from anywhere above the authors (the title) to the end of the first page;
    *authors* are the paper's authors, to find where the author lines are. Affiliation lines
    are those after the first author line and before "Abstract", else (ICML's layout) the
    marked footnotes further down. Without marks, every affiliation belongs to the whole
    paper (one answer with no author).
    """
    surnames = {surname(author) for author in authors} - {""}
    start = next((i for i, line in enumerate(lines) if _names_an_author(line, surnames)), None)
    if start is None:
        return []
    block = _one_affiliation_a_line(lines[start:])
    end = next((i for i, line in enumerate(block) if _ABSTRACT.match(line)), len(block))
    author_lines: list[str] = []
    by_mark: dict[str, str] = {}
    unmarked: list[str] = []
    last_marks: list[str] = []  # the affiliation an address line below it belongs to
    for line in block[:end]:
        leading = _LEADING_MARK.match(line)
        if leading and (leading.group(1) or leading.group(2)):
            last_marks = _affiliation_marks(leading, by_mark)
        elif _names_an_author(line, surnames) and not by_mark and not unmarked:
            author_lines.append(line)
        elif line.strip() and not _NOT_AN_AFFILIATION.search(line):
            for mark in last_marks:
                by_mark[mark] = f"{by_mark[mark]}, {line.strip()}"
            if not last_marks:
                unmarked.append(line.strip())
    marked_names = list(_MARKED_NAME.finditer(" ".join(author_lines)))
    if marked_names and not by_mark and not unmarked:  # affiliations as footnotes below
        for line in block[end:]:
            leading = _LEADING_MARK.match(line)
            if leading and leading.group(1):
                _affiliation_marks(leading, by_mark)
    answers: list[Answer] = []
    for match in marked_names if by_mark else []:
        names = split_names(match.group(1))
        found = tuple(by_mark[m] for m in _marks(match.group(2)) if m in by_mark)
        if names and found:
            answers.append(Answer(names[-1], found))
    if not answers and (unmarked or by_mark):
        answers.append(Answer(PAPER_WIDE, tuple(unmarked or dict.fromkeys(by_mark.values()))))
    return answers


def _affiliation_marks(leading: re.Match[str], by_mark: dict[str, str]) -> list[str]:
    """Record the affiliation of a line that starts with a mark; its marks, or [] if none."""
    text = _CORRESPONDENCE.sub("", leading.group(3)).strip(" .;,")
    if not text or _NOT_AN_AFFILIATION.search(text):
        return []
    marks = _marks(leading.group(1) or leading.group(2))
    by_mark.update(dict.fromkeys(marks, text))
    return marks


def _one_affiliation_a_line(lines: Sequence[str]) -> list[str]:
    """Lines that start with a mark split before every further mark ("^{1}A ^{2}B")."""
    split: list[str] = []
    for line in lines:
        if _LEADING_MARK.match(line) and line.lstrip().startswith("^{"):
            split.extend(part for part in re.split(r"\s*(?=\^\{)", line) if part.strip())
        else:
            split.append(line)
    return split


def _names_an_author(line: str, surnames: set[str]) -> bool:
    words = {fold(word) for word in re.findall(r"[^\W\d_][\w'-]*", line)}
    return bool(words & surnames)
