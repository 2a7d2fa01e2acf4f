"""arXiv identifiers: every form a user or a service writes, normalised to the bare id.

``2109.04454v2``, ``arXiv:2109.04454``, ``https://arxiv.org/pdf/2109.04454v2.pdf``,
``10.48550/arXiv.2109.04454`` and old-style ``hep-th/9901001`` all name one paper; the bare id
(no version) is its identity, the version is kept only for the link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from readinggroup.errors import InputError

# New-style ids since 2007-04: YYMM.NNNN (to 2014) or YYMM.NNNNN (from 2015).
_NEW = r"(?P<new>(?P<yy>\d{2})(?P<mm>0[1-9]|1[0-2])\.\d{4,5})"
# Old-style ids: archive(.SUBJECT-CLASS)/YYMMNNN, e.g. hep-th/9901001, math.GT/0309136.
_OLD = r"(?P<old>[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?/\d{2}(?:0[1-9]|1[0-2])\d{3})"
_ID = re.compile(rf"(?:{_NEW}|{_OLD})(?:v(?P<version>[1-9]\d*))?")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/)?10\.48550/arxiv\.", re.IGNORECASE)
_URL_PATH = re.compile(r"^/(?:abs|pdf|html|format)/(?P<rest>.+?)(?:\.pdf)?/?$")
# Where arXiv's pages are; the config's [sources.arxiv_pages] base_url can point elsewhere.
ARXIV_PAGES = "https://arxiv.org"


# arXiv's most revised papers are in the tens of versions; thousands of digits would not even
# convert to a number (Python's integer-string limit)
MAX_VERSION_DIGITS = 4
_SHOWN_CHARACTERS = 60


def _abbreviated(text: str) -> str:
    """*text* short enough for a one-line message."""
    if len(text) <= _SHOWN_CHARACTERS:
        return text
    return f"{text[:40]}… ({len(text):,} characters)"


@dataclass(frozen=True, slots=True)
class ArxivRef:
    """A paper's bare arXiv id and, when the text named one, its version."""

    id: str
    version: int | None = None

    @property
    def versioned(self) -> str:
        """The id with its version, as arXiv links it (``2109.04454v2``)."""
        return self.id if self.version is None else f"{self.id}v{self.version}"

    @property
    def first_month(self) -> tuple[int, int] | None:
        """The (year, month) a new-style id was first submitted in (``2109.`` = 2021-09);
        None for an old-style id."""
        match = _ID.fullmatch(self.id)
        if match is None or match["new"] is None:
            return None
        return 2000 + int(match["yy"]), int(match["mm"])

    def page(self, kind: str, base: str = ARXIV_PAGES) -> str:
        """The address of its *kind* page (abs, pdf, html) under *base*, with the version."""
        return f"{base.rstrip('/')}/{kind}/{self.versioned}"


def parse_arxiv_ref(text: str) -> ArxivRef:
    """Return the paper that *text* names, in any of the forms arXiv ids are written in.

    Raises InputError naming *text* when it is not an arXiv id or link.
    """
    candidate = text.strip()
    shown = _abbreviated(candidate)
    if candidate.lower().startswith("arxiv:"):
        candidate = candidate[len("arxiv:") :]
    candidate = _DOI_PREFIX.sub("", candidate)
    if "://" in candidate or candidate.lower().startswith(("arxiv.org/", "www.arxiv.org/")):
        if "://" not in candidate:
            candidate = "https://" + candidate
        parts = urlsplit(candidate)
        host = (parts.hostname or "").lower()
        path_match = _URL_PATH.match(parts.path)
        if not (host == "arxiv.org" or host.endswith(".arxiv.org")) or path_match is None:
            raise InputError(f"'{shown}' is not an arXiv link; use an arxiv.org/abs/… URL")
        candidate = path_match["rest"]
    match = _ID.fullmatch(candidate)
    if match is None:
        raise InputError(
            f"'{shown}' is not an arXiv id; write it like 2109.04454, 2109.04454v2 "
            "or hep-th/9901001"
        )
    version = match["version"]
    if version and len(version) > MAX_VERSION_DIGITS:
        raise InputError(
            f"'{shown}' has a version of {len(version)} digits, which no arXiv paper has; "
            f"write the id without it ({match['new'] or match['old']}) or with its real version"
        )
    return ArxivRef(match["new"] or match["old"], int(version) if version else None)


def find_arxiv_ref(text: str) -> ArxivRef | None:
    """The paper *text* names (see `parse_arxiv_ref`), or None when it names none."""
    try:
        return parse_arxiv_ref(text)
    except InputError:
        return None
