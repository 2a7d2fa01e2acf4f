"""Reading an author block as text lines: who works where, from marks or from the layout.

A paper's first page (and a LaTeXML page without per-author markup) writes its authors either
with superscript marks and the affiliations below them, one per mark::

    Jiachen Li^{1,2}, Ali Hassani^{1,2}, Humphrey Shi^{1,2}
    ^{1}SHI Lab @ University of Oregon
    ^{2}University of Illinois at Urbana-Champaign
    Abstract

or without marks, each author line followed by its affiliation lines, side by side in columns
(``\\t`` between cells) as NeurIPS prints them. The page readers turn superscripts into
``^{…}`` and wide gaps into tabs, so these functions read every source's layout the same way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from readinggroup.adapters.affiliations.base import PAPER_WIDE, Answer, fold, surname

_MARKED_NAME = re.compile(r"([^\^]+?)\s*\^\{([^}]*)\}")
_LEADING_MARK = re.compile(r"^\s*(?:\^\{([^}]*)\}|(\d{1,2})\s+(?=[A-Z]))\s*(.*)$")
_ABSTRACT = re.compile(r"^\s*(?:\d+\.?\s*)?abstract\b", re.IGNORECASE)
_NOT_AN_AFFILIATION = re.compile(
    r"equal contribution|contributed equally|corresponding author|work (?:was )?done|"
    r"^\s*(?:e-?mail|correspondence)\b|\S@\S|https?://|\bwww\.",
    re.IGNORECASE,
)
# Words that make a line an affiliation even when it holds an author's surname.
_ORGANISATION_WORD = re.compile(
    r"universi|institut|college|school|department|faculty|laborator|\blab\b|research|academy|"
    r"cent(?:er|re)\b|\binc\b|\bltd\b|corporation|google|nvidia|deepmind|microsoft",
    re.IGNORECASE,
)
# ICML's footnote ends "…²MosaicML. Correspondence to: Davis Blalock <…>."
_CORRESPONDENCE = re.compile(r"[.;,]?\s*correspondence to\b.*$", re.IGNORECASE)
_NAME_SEPARATORS = re.compile(r"\s*(?:,|;|\t|\band\b|&)\s*")


def split_names(text: str) -> list[str]:
    """The names of one author line without marks ("A, B and C" → A, B, C)."""
    bare = re.sub(r"\^\{[^}]*\}", " ", text)
    return [name.strip(" *†‡") for name in _NAME_SEPARATORS.split(bare) if name.strip(" *†‡")]


def marked_affiliations(lines: Sequence[str], authors: Sequence[str]) -> list[Answer]:
    """Authors matched to affiliations, from the lines of a page's author block.

    *lines* run from anywhere above the authors (the title) to the end of the first page;
    *authors* are the paper's authors, to find where the author lines are. Affiliation lines
    are those after the first author line and before "Abstract", else (ICML's layout) the
    marked footnotes further down. Marks match authors to affiliations; without marks, the
    lines under an author line (column by column) are its authors'; when neither works out,
    every affiliation belongs to the whole paper (one answer with no author).
    """
    surnames = {surname(author) for author in authors} - {""}
    start = next((i for i, line in enumerate(lines) if _is_author_line(line, surnames)), None)
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
        elif _is_author_line(line, surnames):
            author_lines.append(line)
        elif line.strip() and not _NOT_AN_AFFILIATION.search(line):
            for mark in last_marks:
                by_mark[mark] = f"{by_mark[mark]}, {line.strip()}"
            if not last_marks:
                unmarked.extend(cell.strip() for cell in line.split("\t") if cell.strip())
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
    if not by_mark and unmarked:
        answers = _under_their_authors(block[:end], surnames)
    if not answers and (unmarked or by_mark):
        answers.append(Answer(PAPER_WIDE, tuple(unmarked or dict.fromkeys(by_mark.values()))))
    return answers


def _under_their_authors(lines: Sequence[str], surnames: set[str]) -> list[Answer]:
    """Unmarked layouts: the lines under an author line are its authors', column by column.

    Empty when the columns do not line up or an author line has nothing under it.
    """
    rows: list[tuple[list[str], list[list[str]]]] = []  # author cells, lines under each
    for line in lines:
        cells = [cell.strip() for cell in line.split("\t") if cell.strip()]
        if _is_author_line(line, surnames):
            wraps = rows and len(cells) == len(rows[-1][0]) == 1 and not rows[-1][1][0]
            if wraps:  # the list of names goes on on the next line
                rows[-1][0][0] += ", " + cells[0]
            else:
                rows.append((cells, [[] for _ in cells]))
        elif rows and cells and not _NOT_AN_AFFILIATION.search(line):
            names, under = rows[-1]
            if len(cells) == len(names):
                for column, cell in zip(under, cells, strict=True):
                    column.append(cell)
            elif len(names) == 1:
                under[0].append(", ".join(cells))
            else:
                return []
    answers: list[Answer] = []
    for names, under in rows:
        for cell, column in zip(names, under, strict=True):
            if not column:
                return []
            answers.extend(Answer(name, (", ".join(column),)) for name in split_names(cell))
    return answers


def _affiliation_marks(leading: re.Match[str], by_mark: dict[str, str]) -> list[str]:
    """Record the affiliation of a line that starts with a mark; its marks, or [] if none."""
    text = _CORRESPONDENCE.sub("", leading.group(3)).strip(" .;,")
    if not text or _NOT_AN_AFFILIATION.search(text):
        return []
    marks = _marks(leading.group(1) or leading.group(2))
    by_mark.update(dict.fromkeys(marks, text))
    return marks


def _marks(text: str) -> list[str]:
    return [mark.strip() for mark in re.split(r"[,\s]+", text) if mark.strip()]


def _one_affiliation_a_line(lines: Sequence[str]) -> list[str]:
    """Lines that start with a mark split before every further mark ("^{1}A ^{2}B")."""
    split: list[str] = []
    for line in lines:
        if _LEADING_MARK.match(line) and line.lstrip().startswith("^{"):
            split.extend(part for part in re.split(r"\s*(?=\^\{)", line) if part.strip())
        else:
            split.append(line)
    return split


def _is_author_line(line: str, surnames: set[str]) -> bool:
    """Whether *line* names an author of the paper and reads as names, not an affiliation."""
    words = {fold(word) for word in re.findall(r"[^\W\d_][\w'-]*", line)}
    return bool(words & surnames) and not _ORGANISATION_WORD.search(line)
