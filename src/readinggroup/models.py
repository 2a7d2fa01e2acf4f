"""The core's data: small frozen values, no I/O.

A Session is what ``sessions/YYYY-MM.yaml`` holds: the ranked lists and, per paper, the arXiv
metadata, the Japanese text and the five-line summary.
"""

from __future__ import annotations

import calendar
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any, Literal

from readinggroup.errors import InputError
from readinggroup.field_rules import Rule, file_key, rule_of, stored
from readinggroup.figure_choice import FIGURE_IN_FILE
from readinggroup.ids import ArxivRef

SCHEMA_VERSION = 1

_MONTH = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})")


@dataclass(frozen=True, slots=True, order=True)
class Month:
    """The meetup month, ``YYYY-MM``; it names the session, the deck and the title."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        """Return the month *text* names, or raise InputError for anything not a real month."""
        match = _MONTH.fullmatch(text.strip())
        if match is None:
            raise InputError(f"'{text}' is not a month; write it as YYYY-MM, e.g. 2021-10")
        year, month = int(match["year"]), int(match["month"])
        if not 1 <= month <= 12:
            raise InputError(f"'{text}' is not a month: {month:02d} is not between 01 and 12")
        if not 1991 <= year <= 2200:  # arXiv started in 1991
            raise InputError(f"'{text}' is not a plausible meetup month (arXiv starts in 1991)")
        return cls(year, month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def previous(self) -> Month:
        """The calendar month before this one."""
        if self.month == 1:
            return Month(self.year - 1, 12)
        return Month(self.year, self.month - 1)


@dataclass(frozen=True, slots=True)
class Window:
    """The days (UTC, both ends included) whose papers or mentions a list ranks."""

    start: date
    end: date

    @classmethod
    def parse(cls, text: str, month: Month) -> Window:
        """Return the window *text* names for the meetup *month* (see :class:`WindowSpec`)."""
        return WindowSpec.parse(text).for_month(month)

    def __str__(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


@dataclass(frozen=True, slots=True)
class WindowSpec:
    """A window as the config or ``--window`` says it, before the month is known.

    ``previous-month``, ``same-month``, or fixed dates ``YYYY-MM-DD..YYYY-MM-DD``.
    """

    relative: str = "previous-month"
    fixed: Window | None = None

    @classmethod
    def parse(cls, text: str) -> WindowSpec:
        """The spec *text* names, or InputError saying how to write one."""
        if text in ("previous-month", "same-month"):
            return cls(text)
        start_text, dots, end_text = text.partition("..")
        try:
            if not dots:
                raise ValueError
            window = Window(date.fromisoformat(start_text), date.fromisoformat(end_text))
        except ValueError:
            raise InputError(
                f"'{text}' is not a window; use previous-month, same-month or "
                "YYYY-MM-DD..YYYY-MM-DD"
            ) from None
        if window.end < window.start:
            raise InputError(f"window '{text}' ends before it starts; swap the two dates")
        return cls("", window)

    def for_month(self, month: Month) -> Window:
        """The days this spec means for the meetup *month*."""
        if self.fixed is not None:
            return self.fixed
        if self.relative == "same-month":
            return Window(month.first_day, month.last_day)
        previous = month.previous()
        return Window(previous.first_day, previous.last_day)


SummaryField = Literal["purpose", "result", "method", "names", "affiliations"]


@dataclass(frozen=True, slots=True)
class Summary:
    """The five-line summary, in slide order; an empty string is a line not written yet.

    The one definition of the summary lines: each field's key in the session file is the
    Japanese label its slide line starts with (``目的：…``).
    """

    purpose: str = field(default="", metadata=stored(key="目的", rule=Rule.FILLS_EMPTY))
    result: str = field(default="", metadata=stored(key="成果", rule=Rule.FILLS_EMPTY))
    method: str = field(default="", metadata=stored(key="方法", rule=Rule.FILLS_EMPTY))
    names: str = field(default="", metadata=stored(key="固有名", rule=Rule.FILLS_EMPTY))
    affiliations: str = field(default="", metadata=stored(key="著者所属", rule=Rule.HUMAN_WINS))

    def get(self, name: SummaryField) -> str:
        value: str = getattr(self, name)
        return value


# The summary lines in slide order, with the Japanese label each line starts with.
SUMMARY_LABELS: Mapping[SummaryField, str] = {
    item.name: file_key(item)  # type: ignore[misc]
    for item in fields(Summary)
}


# The session fields a stage may fill and a human may edit.
EditableField = Literal[
    "title_ja",
    "abstract_ja",
    "summary.purpose",
    "summary.result",
    "summary.method",
    "summary.names",
    "summary.affiliations",
    "figure",
]
HUMAN = "human"


def summary_field(name: SummaryField) -> EditableField:
    """The editable field of the summary line *name* (``purpose`` → ``summary.purpose``)."""
    return f"summary.{name}"  # type: ignore[return-value]


# The summary lines' editable fields, in slide order (SUMMARY_LABELS').
SUMMARY_FIELDS: tuple[EditableField, ...] = tuple(map(summary_field, SUMMARY_LABELS))


def text_fingerprint(text: str) -> str:
    """A short hash of *text*, recorded with machine-written text to notice later human edits."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


# Where an author's affiliations were found, in the order the sources are asked.
AffiliationSource = Literal["arxiv", "arxiv_html", "openalex", "s2", "pdf"]


NOT_READ_BEFORE = "none"  # already_read: a person's word that the paper is new this month


def _read_in(value: Any) -> str:
    """The file's ``already_read:`` as the core holds it: a month, ``none``, or empty."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError(f"write the month it was read (2021-09) or none, not {value!r}")
    text = value.strip()
    if text.lower() == NOT_READ_BEFORE:
        return NOT_READ_BEFORE
    return str(Month.parse(text)) if text else ""


@dataclass(frozen=True, slots=True)
class AuthorAffiliations:
    """The affiliations one source gave for one author of a paper, as that source wrote them.

    *author* is the name as the paper lists it; ``""`` stands for every author (arXiv's own
    field lists a paper's affiliations without saying whose).
    """

    author: str
    affiliations: tuple[str, ...]
    source: AffiliationSource


# Where a key figure was found: arXiv's HTML page, the e-print source, the paper's PDF.
FigureOrigin = Literal["html", "e-print", "pdf"]


@dataclass(frozen=True, slots=True)
class FigureRecord:
    """The key figure the figures stage found and wrote for a paper.

    *file* is where it was written (relative to the working directory), *source* and *name*
    where it came from (``e-print``, ``figs/arch.pdf``), *number* the figure asked for (None:
    the first usable one), *caption* the paper's caption, for the speaker notes.
    """

    file: str
    source: FigureOrigin
    name: str
    number: int | None = None
    caption: str = ""


@dataclass(frozen=True, slots=True)
class Paper:
    """One paper of the session: arXiv metadata plus the organiser's Japanese material.

    ``None`` in a metadata field means "not known"; it stays visibly unknown in the file.
    ``provenance`` maps an editable field to ``human`` or ``<writer>:<fingerprint>`` (machine
    text, still unedited while the fingerprint matches).
    """

    id: str
    version: int | None = field(default=None, metadata=stored(then="url"))
    title: str = ""
    authors: tuple[str, ...] = ()
    affiliations: tuple[str, ...] | None = None
    categories: tuple[str, ...] | None = None
    published: date | None = None
    abstract: str = field(default="", metadata=stored(null_when_empty=True))  # null: not known
    title_ja: str = field(default="", metadata=stored(rule=Rule.FILLS_EMPTY))
    abstract_ja: str = field(default="", metadata=stored(rule=Rule.FILLS_EMPTY))
    summary: Summary = field(default_factory=Summary)
    pickup: bool = False
    notes: str = ""
    provenance: Mapping[str, str] = field(
        default_factory=dict, metadata=stored(rule=Rule.PROVENANCE)
    )
    # per author, in author order, what the first source that knew gave; None = not looked up
    # (then left out of the session file, which says nothing until something was asked)
    found_affiliations: tuple[AuthorAffiliations, ...] | None = field(
        default=None, metadata=stored(omitted_when_unset=True)
    )
    # figure_choice.py: a path, none, or N; its provenance says which source and file it is
    figure: str = field(default="", metadata=stored(rule=Rule.HUMAN_WINS, **FIGURE_IN_FILE))
    # what the figures stage found and wrote (None: nothing yet), the caption for the notes
    found_figure: FigureRecord | None = field(
        default=None, metadata=stored(omitted_when_unset=True)
    )
    # the month it first had a full slide, when listed again (stages/repeats.py); "none": a
    # person's word that it is new here; unset: not read before
    already_read: str = field(default="", metadata=stored(omitted_when_unset=True, read=_read_in))

    @property
    def ref(self) -> ArxivRef:
        return ArxivRef(self.id, self.version)

    @property
    def versioned_id(self) -> str:
        return self.ref.versioned

    @property
    def read_in(self) -> Month | None:
        """The earlier month the group read this paper in, if it is a repeat (not undone)."""
        if not self.already_read or self.already_read == NOT_READ_BEFORE:
            return None
        return Month.parse(self.already_read)

    @property
    def url(self) -> str:
        """The paper's arXiv page: the session file's record of it (the config's
        [sources.arxiv_pages] moves the deck's links, not this)."""
        return self.ref.page("abs")

    @property
    def has_metadata(self) -> bool:
        """Whether the paper was looked up (a title; the abstract may be unknown)."""
        return bool(self.title)

    def value(self, name: EditableField) -> str:
        """The current text of the editable field *name*."""
        if name.startswith("summary."):
            return self.summary.get(name.removeprefix("summary."))  # type: ignore[arg-type]
        value: str = getattr(self, name)
        return value

    def is_human_text(self, name: EditableField) -> bool:
        """Whether *name* holds text a human wrote or changed (never overwritten)."""
        text = self.value(name)
        if not text:
            return False
        origin = self.provenance.get(name)
        if origin is None or origin == HUMAN:
            return True
        _, _, fingerprint = origin.rpartition(":")
        return fingerprint != text_fingerprint(text)

    def with_text(self, name: EditableField, text: str, *, writer: str) -> Paper:
        """A copy with *text* in field *name*, recorded as written by *writer*."""
        provenance = dict(self.provenance)
        provenance[name] = HUMAN if writer == HUMAN else f"{writer}:{text_fingerprint(text)}"
        if name.startswith("summary."):
            summary = replace(self.summary, **{name.removeprefix("summary."): text})
            return replace(self, summary=summary, provenance=provenance)
        changed: dict[str, Any] = {name: text}
        return replace(self, provenance=provenance, **changed)

    def may_fill(self, name: EditableField, *, force: bool) -> bool:
        """Whether a stage may write *name*: it is empty, or *force* is given and the field's
        rule lets a machine replace what is there (a human's 著者所属 or figure: never)."""
        if not self.value(name):
            return True
        return force and (
            rule_of(Paper, name) is not Rule.HUMAN_WINS or not self.is_human_text(name)
        )


@dataclass(frozen=True, slots=True)
class ListEntry:
    """One line of a ranked list: the paper and its score (raw, per source)."""

    rank: int
    id: str
    score: float | None = None
    scores: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RankedList:
    """A named ranked list, e.g. "Top recent", filled by one or more sources."""

    label: str
    sources: tuple[str, ...]
    entries: tuple[ListEntry, ...]
    window: Window | None = None
    size: int = 10


@dataclass(frozen=True, slots=True)
class Session:
    """Everything the deck of one meetup is made from."""

    month: Month
    title: str
    window: Window
    lists: tuple[RankedList, ...] = ()
    papers: tuple[Paper, ...] = ()
    group: str = ""
    event_url: str = ""
    date: date | None = None
    settings: Mapping[str, str] = field(default_factory=dict)
    schema_version: int = SCHEMA_VERSION

    def paper(self, paper_id: str) -> Paper | None:
        """The paper with bare id *paper_id*, if the session has it."""
        return next((paper for paper in self.papers if paper.id == paper_id), None)

    @property
    def pickup(self) -> Paper | None:
        return next((paper for paper in self.papers if paper.pickup), None)

    def with_papers(self, papers: tuple[Paper, ...]) -> Session:
        return replace(self, papers=papers)
