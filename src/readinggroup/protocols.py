"""The contracts between the core and the outside services; adapters implement them."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from readinggroup.ids import ArxivRef
from readinggroup.models import Paper
from readinggroup.months import Month, Window
from readinggroup.paper_records import AuthorAffiliations, FigureOrigin


@dataclass(frozen=True, slots=True)
class Candidate:
    """A paper a ranking source put on its list, with the source's raw score (None = by order)."""

    ref: ArxivRef
    score: float | None = None
    origin: str = ""  # where a person wrote it ("lists/2021-10-recent.txt, line 4"), if they did


class RankingSource(Protocol):
    """Ranks papers for a window: Hugging Face upvotes, HN points, a pasted file …"""

    name: str

    def rank(self, *, month: Month, window: Window, limit: int) -> Sequence[Candidate]:
        """Up to *limit* candidates, best first."""
        ...


class MetadataSource(Protocol):
    """Looks papers up by id (the arXiv API)."""

    def fetch(self, refs: Sequence[ArxivRef]) -> Mapping[str, Paper]:
        """Metadata keyed by bare id; ids the service does not know are absent."""
        ...


class Translator(Protocol):
    """Translates English text into Japanese, one request per call.

    *name* keys the cache, so two backends never share answers.
    """

    name: str

    def translate(self, text: str) -> str:
        """The Japanese of *text*; raises TranslationError when the service fails.

        Each line of *text* is one sentence; the answer keeps one line per line where the
        service allows (the translate stage checks, and asks line by line when it did not).
        An answer that is empty, a web page or the English itself raises, so it is never
        cached.
        """
        ...


# What the affiliation finder found for one paper: per author, in author order.
PaperAffiliations = tuple[AuthorAffiliations, ...]


# Told each paper's affiliations (bare id, answer) as soon as they are final.
Settled = Callable[[str, PaperAffiliations], None]


class AffiliationFinder(Protocol):
    """Finds who the authors of papers work for (arXiv, its pages, OpenAlex, Semantic Scholar)."""

    def find(
        self, papers: Sequence[Paper], *, settled: Settled | None = None
    ) -> Mapping[str, PaperAffiliations]:
        """Per bare id, each author's affiliations from the first source that had them;
        *settled*, if given, is told each paper of the answer as soon as it is final (the
        stage saves it then, so a killed run keeps it).

        A paper no source knew anything about maps to ``()``; authors no source knew are left
        out. Never raises for a failing service: it asks the next one (and logs the failure);
        a paper nothing was found for because a service failed is absent (ask again later).
        """
        ...


class CitationCounter(Protocol):
    """How often papers have been cited, many papers a request (the year in review)."""

    def cited_by(self, ids: Sequence[str]) -> Mapping[str, int]:
        """The citation count of each of the bare arXiv *ids* the service knows."""
        ...


class DeckExporter(Protocol):
    """Turns a written .pptx into other formats (LibreOffice)."""

    def to_pdf(self, deck: Path, pdf: Path) -> Path:
        """Write *deck* as *pdf* and return its path."""
        ...

    def to_png(self, pdf: Path, folder: Path) -> Path:
        """Draw each page of *pdf* as a PNG in *folder*; return the contact sheet's path."""
        ...


@dataclass(frozen=True, slots=True)
class SummaryLines:
    """目的/成果/方法/固有名 of one paper as a summariser wrote them."""

    purpose: str
    result: str
    method: str
    names: str = ""


class Summarizer(Protocol):
    """Writes the summary lines of one paper (an LLM); *name* is recorded as the writer."""

    name: str

    def summarize(
        self,
        *,
        title: str,
        abstract: str,
        affiliations: Sequence[str] = (),
        names: Sequence[str] = (),
    ) -> SummaryLines:
        """The lines from *title* and *abstract* (*names*: the paper's own, to keep as is);
        raises SourceError when the answer is unusable (the caller falls back)."""
        ...


@dataclass(frozen=True, slots=True)
class FoundFigure:
    """A paper's key figure as found: a PNG or JPEG, where it came from and its caption."""

    data: bytes
    extension: str  # "png" or "jpg"
    origin: FigureOrigin
    name: str  # the file's name in its source (x1.png, figs/overview.pdf, page 3 picture 2)
    caption: str = ""


class FigureFinder(Protocol):
    """Finds a paper's key figure (arXiv's HTML page, its e-print source, its PDF)."""

    def find(self, paper: Paper, *, number: int | None = None) -> FoundFigure | None:
        """The first usable figure of *paper*, or with *number* the number-th figure of the
        first source that has that many; None when no source has one. Raises SourceError
        when a service failed (the paper is asked again next run)."""
        ...
