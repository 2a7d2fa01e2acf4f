"""The stages between the network and the deck, each a function over Session values.

Every stage has the form ``(session, *, deps, force) -> (Session, StageReport)``: it fills only
what is empty (with *force*, machine text too, naming each human edit it replaces), receives
the outside services as Protocols, and never saves — ``commands/`` does that.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from readinggroup.figure_choice import NO_FIGURE, figure_number
from readinggroup.models import SUMMARY_FIELDS, EditableField, Paper, Session, summary_field

log = logging.getLogger(__name__)
T = TypeVar("T")
Track = Callable[[Sequence[T], str], Iterable[T]]


def no_progress(items: Sequence[T], label: str) -> Iterable[T]:
    """A Track that shows nothing."""
    return items


@dataclass(frozen=True, slots=True)
class StageReport:
    """How a stage went: *done* of *attempted* items, and a line per failure."""

    stage: str
    attempted: int = 0
    done: int = 0
    failures: tuple[str, ...] = ()

    @property
    def failed(self) -> int:
        return len(self.failures)


def listed_ids(session: Session) -> set[str]:
    """The ids on any of *session*'s lists."""
    return {entry.id for ranked in session.lists for entry in ranked.entries}


def listed_papers(session: Session) -> list[Paper]:
    """The papers on the lists, each once, in list order."""
    order = list(dict.fromkeys(e.id for ranked in session.lists for e in ranked.entries))
    return [paper for paper_id in order if (paper := session.paper(paper_id)) is not None]


def replace_papers(session: Session, changed: Mapping[str, Paper]) -> Session:
    """*session* with the papers of *changed* (keyed by id) in place of the old ones."""
    if not changed:
        return session
    return session.with_papers(tuple(changed.get(p.id, p) for p in session.papers))


def may_fill(paper: Paper, name: EditableField, *, force: bool) -> bool:
    """Whether a stage may write field *name* of *paper*: it is empty, or *force* is given and
    the field's rule lets a machine replace a human's text (``Paper.may_fill``)."""
    return paper.may_fill(name, force=force)


def fields_to_translate(paper: Paper, *, force: bool = False) -> tuple[EditableField, ...]:
    """The Japanese fields of *paper* the translate stage fills: English there, and empty (or
    *force*). Here rather than in ``translate.py`` so a run can tell it has nothing to do
    without loading the stage."""
    if not paper.has_metadata:
        return ()
    english: tuple[tuple[EditableField, str], ...] = (
        ("title_ja", paper.title),
        ("abstract_ja", paper.abstract),
    )
    return tuple(
        name for name, text in english if text.strip() and may_fill(paper, name, force=force)
    )


_NAMES, _AFFILIATIONS = summary_field("names"), summary_field("affiliations")
# In the order the summarize stage drafts them: the paper's own words, then the abstract's
# (著者所属 comes from the affiliation sources instead)
_SUMMARY_LINES = (_NAMES, *(name for name in SUMMARY_FIELDS if name not in (_NAMES, _AFFILIATIONS)))


def summary_lines_to_fill(paper: Paper, *, force: bool = False) -> tuple[EditableField, ...]:
    """The summary lines of *paper* the summarize stage drafts (none before its metadata;
    著者所属 is :func:`affiliations_to_fill`'s)."""
    if not paper.has_metadata:
        return ()
    return tuple(name for name in _SUMMARY_LINES if may_fill(paper, name, force=force))


def affiliations_to_fill(paper: Paper, *, force: bool = False) -> bool:
    """Whether a machine may write *paper*'s 著者所属; a human's line is never replaced, not
    even with *force* (it is the organiser's knowledge, not a draft)."""
    return paper.has_metadata and may_fill(paper, _AFFILIATIONS, force=force)


def write(paper: Paper, name: EditableField, text: str, *, writer: str) -> Paper:
    """*paper* with *text* in *name* by *writer*; replacing a human edit (only under
    ``--force``) is said on stderr, naming the field."""
    if paper.is_human_text(name) and paper.value(name) != text:
        log.warning(
            "--force replaces your edit of %s %s: %.40s…", paper.id, name, paper.value(name)
        )
    return paper.with_text(name, text, writer=writer)


class FigureStore(Protocol):
    """Where found figures are kept (the workspace's ``figures/`` folder)."""

    def exists(self, relative: str) -> bool:
        """Whether the file *relative* to the workspace is there."""
        ...

    def save(self, relative: str, data: bytes) -> None:
        """Write *data* as the file *relative* to the workspace."""
        ...


def figure_wanted(paper: Paper, store: FigureStore, *, force: bool = False) -> bool:
    """Whether the stage looks up *paper*'s figure (which one: ``figure_number(paper.figure)``,
    None for the first). Here, not in ``stages.figures``, so ``build`` can tell there is
    nothing to do without loading the stage or its finder."""
    if not paper.has_metadata:
        return False
    number = figure_number(paper.figure)
    if number is not None:  # the organiser's choice: found once, then kept
        record = paper.found_figure
        return record is None or record.number != number or not store.exists(record.file)
    if may_fill(paper, "figure", force=force):
        return True
    # a machine's file the organiser deleted is looked up again, as if never found
    machine_file = paper.figure != NO_FIGURE and not paper.is_human_text("figure")
    return machine_file and not store.exists(paper.figure)
