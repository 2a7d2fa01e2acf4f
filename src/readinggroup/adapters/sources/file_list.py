"""The ``file`` source: an ordered list the organiser pasted, one arXiv id or URL per line."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from readinggroup.errors import InputError
from readinggroup.ids import parse_arxiv_ref
from readinggroup.months import Month, Window
from readinggroup.protocols import Candidate
from readinggroup.textfiles import read_text_file


class FileSource:
    """Reads *pattern* (``{meeting}`` = YYYY-MM) relative to *directory*; order is rank."""

    name = "file"

    def __init__(self, pattern: str, directory: Path) -> None:
        self._pattern = pattern
        self._directory = directory

    def path_for(self, month: Month) -> Path:
        return self._directory / self._pattern.format(meeting=month)

    def rank(self, *, month: Month, window: Window, limit: int) -> Sequence[Candidate]:
        path = self.path_for(month)
        text = read_text_file(path, what="the list file")
        if text is None:
            raise InputError(
                f"{path}: list file not found; create it with one arXiv id or URL per line"
            )
        return parse_list_file(text, path, shown=self._pattern.format(meeting=month))[:limit]


# A ``#`` inside a URL (``…/abs/2109.04454#S2``) is part of the link, not a comment.
_COMMENT = re.compile(r"(?:^|\s)#.*$")


def _invisible(char: str) -> bool:
    """Control and format characters (U+0007, U+200B, …): invisible in an editor."""
    return unicodedata.category(char) in ("Cc", "Cf", "Co", "Cn") and char not in "\t"


def parse_list_file(text: str, path: Path, *, shown: str | None = None) -> list[Candidate]:
    """Candidates in file order; ``#`` at a line's start or after a space starts a comment,
    blank lines are skipped, repeats go (the first place counts). Each candidate's origin
    names the file (as *shown*, else *path*) and its line."""
    candidates: list[Candidate] = []
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        content = _COMMENT.sub("", line).strip()
        if not content:
            continue
        hidden = next((char for char in content if _invisible(char)), None)
        if hidden is not None:
            raise InputError(
                f"{path}, line {number}: {content!r} holds the invisible character "
                f"U+{ord(hidden):04X}; delete it (retype the line)"
            )
        try:
            ref = parse_arxiv_ref(content)
        except InputError as err:
            raise InputError(f"{path}, line {number}: {err}") from None
        if ref.id not in seen:
            seen.add(ref.id)
            candidates.append(Candidate(ref, origin=f"{shown or path}, line {number}"))
    return candidates
