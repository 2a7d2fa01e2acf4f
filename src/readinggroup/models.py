"""The core's data: small frozen values, no I/O.

A Session is what ``sessions/YYYY-MM.yaml`` holds: the ranked lists and, per paper, the arXiv
metadata, the Japanese text and the five-line summary. The meetup's calendar is in
``months.py``, what a paper carries beside its metadata (summary lines, affiliations and figure
found) in ``paper_records.py``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal

from readinggroup.errors import InputError
from readinggroup.field_rules import Rule, rule_of, stored
from readinggroup.figure_choice import FIGURE_IN_FILE
from readinggroup.ids import ArxivRef
from readinggroup.months import Month, Window
from readinggroup.paper_records import (
    SUMMARY_LABELS,
    AuthorAffiliations,
    FigureRecord,
    Summary,
    SummaryField,
)

SCHEMA_VERSION = 1

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
