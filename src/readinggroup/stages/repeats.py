"""Papers the group has already read: the one place that decides what is a repeat.

A paper had a full slide in an earlier month when it was on that month's lists (every listed
paper gets one at its first appearance). Listed again, it is a repeat: the paper records the
first such month in ``already_read`` — the deck and the post then mark it "既出 2021-09" — and
with ``repeats = "skip"`` its line leaves the list so the next candidate moves up. The record is
the decision: it is written once, and a person who writes ``already_read: none`` has the paper
treated as new from then on.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import replace

from readinggroup.models import Paper, Session
from readinggroup.months import Month
from readinggroup.stages import StageReport, listed_ids

log = logging.getLogger(__name__)


def read_months(sessions: Iterable[Session], *, before: Month) -> dict[str, Month]:
    """Per paper id, the first of *sessions*' months before *before* whose lists held it."""
    first: dict[str, Month] = {}
    for session in sorted(sessions, key=lambda session: session.month):
        if session.month < before:
            for paper_id in listed_ids(session):
                first.setdefault(paper_id, session.month)
    return first


def decide_repeats(
    session: Session, *, read: Mapping[str, Month], skip: bool
) -> tuple[Session, StageReport]:
    """*session* with each list's repeats recorded, and left out of the list when *skip*.

    A repeat is recorded when it is among the lines the list would show (the first ``size``
    kept, counting from the top), so a candidate far below is not written down; with *skip*
    every repeat line goes, so none can move up later. Ranks are not renumbered here: the
    lists stage's cut to size does that.
    """
    papers = {paper.id: paper for paper in session.papers}
    decided: dict[str, Paper] = {}
    lists = []
    for ranked in session.lists:
        kept, shown = [], 0
        for entry in ranked.entries:
            paper = decided.get(entry.id) or papers.get(entry.id)
            month = _repeat_month(paper, read)
            if paper is not None and month is not None:
                if not paper.already_read and shown < ranked.size:
                    decided[entry.id] = replace(paper, already_read=str(month))
                if skip:
                    log.info("%s: %s was read in %s; left out", ranked.label, entry.id, month)
                    continue
            kept.append(entry)
            shown += 1
        lists.append(replace(ranked, entries=tuple(kept)))
    papers.update(decided)
    result = replace(session, lists=tuple(lists), papers=tuple(papers.values()))
    return result, StageReport("repeats", len(decided), len(decided))


def _repeat_month(paper: Paper | None, read: Mapping[str, Month]) -> Month | None:
    """The month *paper* was read in: its record if it has one, else what *read* says."""
    if paper is None:
        return None
    if paper.already_read:
        return paper.read_in  # a month, or None for a person's "none"
    return read.get(paper.id)
