"""The checks across fields of a validated session file (what one field alone cannot show),
and the Session it describes. How a problem is worded is in ``problems``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from readinggroup.errors import InputError
from readinggroup.field_rules import stored_rules
from readinggroup.models import ListEntry, Paper, RankedList, Session
from readinggroup.months import Month, Window
from readinggroup.session.problems import Problem, mismatch
from readinggroup.session.yaml_problems import Location


def to_session(doc: dict[str, Any], path: Path) -> Session:
    """The Session *doc* describes; Problem for what one field alone cannot show."""
    month = Month.parse(doc["month"])
    if _month_named(path) not in (None, month):
        raise Problem(
            ("month",),
            f"{month} does not match the file name {path.name}; write {path.stem} here or "
            f"rename the file to {month}.yaml",
        )
    papers = tuple(_to_paper(index, paper) for index, paper in enumerate(doc["papers"]))
    first: dict[str, int] = {}
    for index, paper in enumerate(papers):
        if paper.id in first:
            raise Problem(
                ("papers", index, "id"),
                f"{paper.id} appears twice (also papers[{first[paper.id]}]); keep one entry "
                "per paper",
            )
        first[paper.id] = index
    labels = [ranked["label"].strip() for ranked in doc["lists"]]
    for index, label in enumerate(labels):
        if label in labels[:index]:
            raise Problem(
                ("lists", index, "label"),
                f"'{label}' names two lists (also lists[{labels.index(label)}]); give each "
                "list its own label (the slides show it)",
            )
    pickups = [index for index, paper in enumerate(papers) if paper.pickup]
    if len(pickups) > 1:
        marked = ", ".join(papers[index].id for index in pickups)
        raise Problem(("papers", pickups[1], "pickup"), f"{marked} are all marked pickup; keep one")
    return Session(
        schema_version=doc["schema_version"],
        month=month,
        title=doc["title"],
        group=doc["group"],
        date=doc["date"],
        event_url=doc["event_url"],
        window=Window.parse(doc["window"], month),
        settings=dict(doc["settings"]),
        lists=tuple(
            _to_list(index, ranked, first, month) for index, ranked in enumerate(doc["lists"])
        ),
        papers=papers,
    )


def _month_named(path: Path) -> Month | None:
    """The month the file name says (``2021-10.yaml``), if it names one."""
    try:
        return Month.parse(path.stem)
    except InputError:
        return None


def _to_list(
    index: int, listed: dict[str, Any], known: Mapping[str, int], month: Month
) -> RankedList:
    label, entries = listed["label"], listed["entries"]
    ranks: dict[int, str] = {}
    for position, entry in enumerate(entries):
        at: Location = ("lists", index, "entries", position)
        paper_id, rank = entry["id"], entry["rank"]
        if paper_id not in known:
            raise Problem(
                (*at, "id"),
                f"{paper_id} is on {label} but has no entry under papers; add one or "
                "remove the line",
            )
        if rank in ranks:
            raise Problem(
                (*at, "rank"),
                f"rank {rank} of {label} is given to both {ranks[rank]} and "
                f"{paper_id}; give each paper its own rank",
            )
        ranks[rank] = paper_id
    return RankedList(
        label=label,
        sources=tuple(listed["sources"]),
        size=listed["size"],
        window=Window.parse(listed["window"], month) if listed["window"] else None,
        entries=tuple(
            ListEntry(entry["rank"], entry["id"], entry["score"], dict(entry["scores"]))
            for entry in entries
        ),
    )


def _to_paper(index: int, values: dict[str, Any]) -> Paper:
    shown = {name: values.pop(name) for name in _SHOWN}  # written for people: the url
    paper = Paper(**values)
    for name, given in shown.items():
        if given is not None and given != getattr(paper, name):
            raise Problem(
                ("papers", index, name),
                mismatch(name, given, getattr(paper, name), source=_SHOWN[name]),
            )
    return paper


# The properties written after a field for people, and the field each is made from.
_SHOWN = {
    stored_rules(item).then: item.name
    for item in dataclasses.fields(Paper)
    if stored_rules(item).then
}
