"""Three-way merge of sessions: a stage's changes applied to a file someone edited meanwhile.

*base* is the session a stage loaded, *ours* what the stage made of it, *theirs* the file as it
is now (a person's editor, or another readinggroup process). A field only one side changed takes
that side's value; a field both changed keeps the file's (the human's) text, and the merge says
which field of which paper it skipped. New rankings are the stage's: lists it changed replace the
file's, and a paper someone deleted stays deleted unless the stage's lists name it again.

A paper is merged as its fields' rules (``field_rules``) say: a record (the summary) field by
field, an editable field with its provenance, the provenance itself last, following them.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar, cast, get_args

from readinggroup.field_rules import Rule, inner_record, stored_rules
from readinggroup.models import EditableField, Paper, Session

log = logging.getLogger(__name__)
T = TypeVar("T")


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
    lists_replaced: bool = False  # the file's lists were edited too, and the new ranking won


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
    replaced = ours.lists != base.lists and theirs.lists not in (base.lists, ours.lists)
    listed = {entry.id for ranked in lists for entry in ranked.entries}
    papers = _one_pickup(_merge_papers(base, ours, theirs, listed, skipped), theirs, skipped)
    values["lists"] = lists
    values["papers"] = papers
    return Merged(Session(**values), tuple(skipped), replaced)


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


def _one_pickup(
    papers: tuple[Paper, ...], theirs: Session, skipped: list[Skipped]
) -> tuple[Paper, ...]:
    """One pickup at most: when both sides chose a different one, the file's choice stays."""
    if sum(paper.pickup for paper in papers) <= 1:
        return papers
    chosen = theirs.pickup.id if theirs.pickup is not None else None
    kept = []
    for paper in papers:
        if paper.pickup and paper.id != chosen:
            skipped.append(Skipped(paper.id, "pickup"))
            paper = replace(paper, pickup=False)
        kept.append(paper)
    return tuple(kept)


def merge_papers(base: Paper, ours: Paper, theirs: Paper, skipped: list[Skipped]) -> Paper:
    """One paper's fields merged; an editable field's provenance travels with its text."""
    if theirs == base or ours == theirs:
        return ours
    if ours == base:
        return theirs
    origin: dict[str, str] = {}  # editable field -> "ours" / "theirs": whose provenance to keep
    values = _merge_record(base, ours, theirs, skipped, ours.id, "", origin)
    provenance = _merge_mapping(base.provenance, ours.provenance, theirs.provenance, "", "", [])
    for name, side in origin.items():
        source = ours.provenance if side == "ours" else theirs.provenance
        if name in source:
            provenance[name] = source[name]
        else:
            provenance.pop(name, None)
    values["provenance"] = provenance
    return replace(theirs, **values)


def _merge_record(
    base: Any,
    ours: Any,
    theirs: Any,
    skipped: list[Skipped],
    where: str,
    prefix: str,
    origin: dict[str, str],
) -> dict[str, Any]:
    """The merged fields of a record (a paper, its summary), as each field's rule says; the
    side whose value an editable field keeps is noted in *origin*."""
    values: dict[str, Any] = {}
    # records last: a run's skipped changes are said in the order they always were
    for item in sorted(dataclasses.fields(base), key=lambda item: inner_record(item) is not None):
        name, rules = item.name, stored_rules(item)
        if rules.rule is Rule.PROVENANCE:
            continue  # follows the editable fields, once they are merged
        mine, before, now = getattr(ours, name), getattr(base, name), getattr(theirs, name)
        if inner_record(item) is not None:
            merged = _merge_record(before, mine, now, skipped, where, f"{prefix}{name}.", origin)
            values[name] = replace(now, **merged)
            continue
        values[name] = _pick(before, mine, now, skipped, where, f"{prefix}{name}")
        if rules.editable:
            origin[f"{prefix}{name}"] = _side(before, mine, now)
    return values


def _side(base: object, ours: object, theirs: object) -> str:
    """Whose value :func:`_pick` keeps: "ours" only when the stage alone changed it."""
    return "ours" if ours not in (base, theirs) and theirs == base else "theirs"


def say_skipped(path: Path, merged: Merged) -> None:
    """A warning per change of this run left out because the file changed the same field."""
    if merged.lists_replaced:
        log.warning("%s: the lists were edited while this ran; the new ranking replaces them", path)
    for skipped in merged.skipped:
        paper = merged.session.paper(skipped.where)
        machine = paper is not None and _is_machine_text(paper, skipped.field)
        log.log(
            logging.INFO if machine else logging.WARNING,  # another run was first: no news
            "%s: %s was changed in the file while this ran; the file's text is kept and this "
            "run's is not saved",
            path,
            skipped,
        )


def _is_machine_text(paper: Paper, field: str) -> bool:
    """Whether *field* of *paper* holds unedited machine text (e.g. another run's)."""
    if field not in get_args(EditableField):
        return False
    name = cast(EditableField, field)
    return bool(paper.value(name)) and not paper.is_human_text(name)
