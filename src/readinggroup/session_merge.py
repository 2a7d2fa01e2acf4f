"""Three-way merge of sessions: a stage's changes applied to a file someone edited meanwhile.

*base* is the session a stage loaded, *ours* what the stage made of it, *theirs* the file as it
is now (a person's editor, or another readinggroup process). A field only one side changed takes
that side's value; a field both changed keeps the file's (the human's) text, and the merge says
which field of which paper it skipped. New rankings are the stage's: lists it changed replace the
file's, and a paper someone deleted stays deleted unless the stage's lists name it again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, TypeVar, get_args

from readinggroup.models import SUMMARY_LABELS, EditableField, Paper, Session, Summary

T = TypeVar("T")

# Merged line by line / key by key rather than as one value.
_PAPER_SPECIAL = ("summary", "provenance")
_EDITABLE = frozenset(get_args(EditableField))


@dataclass(frozen=True, slots=True)
class Skipped:
    """A change the stage made that the merge left out, because the file changed it too."""

    where: str  # a paper id, or "session"
    field: str

    def __str__(self) -> str:
        return f"{self.where} {self.field}"


@dataclass(frozen=True, slots=True)
class Merged:
    """The merged session and the stage's changes it skipped."""

    session: Session
    skipped: tuple[Skipped, ...] = ()


def merge_sessions(base: Session, ours: Session, theirs: Session) -> Merged:
    """Apply the changes from *base* to *ours* onto *theirs*; on conflicts *theirs* wins."""
    if theirs == base:
        return Merged(ours)
    if ours in (base, theirs):
        return Merged(theirs)
    skipped: list[Skipped] = []
    values: dict[str, Any] = {}
    for item in dataclasses.fields(Session):
        name = item.name
        if name in ("lists", "papers"):
            continue
        if name == "settings":
            values[name] = _merge_mapping(
                base.settings, ours.settings, theirs.settings, "session", "settings", skipped
            )
        else:
            values[name] = _pick(
                getattr(base, name),
                getattr(ours, name),
                getattr(theirs, name),
                skipped,
                "session",
                name,
            )
    # A re-ranking is the stage's: its lists replace the file's, even if both changed them.
    lists = ours.lists if ours.lists != base.lists else theirs.lists
    if ours.lists != base.lists and theirs.lists not in (base.lists, ours.lists):
        skipped.append(Skipped("session", "lists (your edit of the lists)"))
    listed = {entry.id for ranked in lists for entry in ranked.entries}
    papers = _merge_papers(base, ours, theirs, listed, skipped)
    values["lists"] = lists
    values["papers"] = papers
    return Merged(Session(**values), tuple(skipped))


def _pick(base: T, ours: T, theirs: T, skipped: list[Skipped], where: str, field: str) -> T:
    """The three-way choice for one value: the side that changed it, the file's if both did
    (the stage's change is then noted in *skipped*)."""
    if ours in (base, theirs):
        return theirs
    if theirs == base:
        return ours
    skipped.append(Skipped(where, field))
    return theirs


def _merge_mapping(
    base: Mapping[str, T],
    ours: Mapping[str, T],
    theirs: Mapping[str, T],
    where: str,
    field: str,
    skipped: list[Skipped],
) -> dict[str, T]:
    """Key by key: a key one side added, changed or removed follows that side."""
    merged: dict[str, T] = {}
    missing: Any = object()
    for key in dict.fromkeys([*theirs, *ours, *base]):
        value = _pick(
            base.get(key, missing),
            ours.get(key, missing),
            theirs.get(key, missing),
            skipped,
            where,
            f"{field}.{key}",
        )
        if value is not missing:
            merged[key] = value
    return merged


def _merge_papers(
    base: Session, ours: Session, theirs: Session, listed: set[str], skipped: list[Skipped]
) -> tuple[Paper, ...]:
    """The papers of *theirs* in its order with the stage's changes, then the stage's new ones."""
    base_papers = {paper.id: paper for paper in base.papers}
    our_papers = {paper.id: paper for paper in ours.papers}
    merged: list[Paper] = []
    for paper in theirs.papers:
        mine = our_papers.get(paper.id)
        before = base_papers.get(paper.id)
        if mine is None:
            if before is not None and before == paper and paper.id not in listed:
                continue  # the stage dropped it and nobody touched it since
            merged.append(paper)
        else:
            merged.append(merge_papers(before or Paper(id=paper.id), mine, paper, skipped))
    present = {paper.id for paper in merged}
    for paper in ours.papers:
        if paper.id in present:
            continue
        added_by_stage = paper.id not in base_papers
        if added_by_stage or paper.id in listed:  # deleted by hand: back only if ranked again
            merged.append(paper)
        elif paper != base_papers[paper.id]:
            skipped.append(Skipped(paper.id, "(the paper was deleted from the file)"))
    return tuple(merged)


def merge_papers(base: Paper, ours: Paper, theirs: Paper, skipped: list[Skipped]) -> Paper:
    """One paper's fields merged; an editable field's provenance travels with its text."""
    if theirs == base or ours == theirs:
        return ours
    if ours == base:
        return theirs
    values: dict[str, Any] = {}
    origin: dict[str, str] = {}  # editable field -> "ours" / "theirs": whose provenance to keep
    for item in dataclasses.fields(Paper):
        name = item.name
        if name in _PAPER_SPECIAL:
            continue
        values[name] = _pick(
            getattr(base, name),
            getattr(ours, name),
            getattr(theirs, name),
            skipped,
            ours.id,
            name,
        )
        if name in _EDITABLE:
            origin[name] = _side(getattr(base, name), getattr(ours, name), getattr(theirs, name))
    lines: dict[str, str] = {}
    for name in SUMMARY_LABELS:
        lines[name] = _pick(
            base.summary.get(name),
            ours.summary.get(name),
            theirs.summary.get(name),
            skipped,
            ours.id,
            f"summary.{name}",
        )
        origin[f"summary.{name}"] = _side(
            base.summary.get(name), ours.summary.get(name), theirs.summary.get(name)
        )
    values["summary"] = Summary(**lines)
    provenance = _merge_mapping(base.provenance, ours.provenance, theirs.provenance, "", "", [])
    for name, side in origin.items():
        source = ours.provenance if side == "ours" else theirs.provenance
        if name in source:
            provenance[name] = source[name]
        else:
            provenance.pop(name, None)
    values["provenance"] = provenance
    return replace(theirs, **values)


def _side(base: object, ours: object, theirs: object) -> str:
    """Whose value :func:`_pick` keeps: "ours" only when the stage alone changed it."""
    return "ours" if ours not in (base, theirs) and theirs == base else "theirs"
