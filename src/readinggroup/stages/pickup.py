"""The pickup stage: mark one listed paper as the month's pickup."""

from __future__ import annotations

from dataclasses import replace

from readinggroup.errors import InputError
from readinggroup.ids import parse_arxiv_ref
from readinggroup.models import Session
from readinggroup.stages import StageReport, listed_ids


def choose_pickup(session: Session, text: str) -> tuple[Session, StageReport]:
    """*session* with the paper *text* names (any id form) as the one pickup."""
    ref = parse_arxiv_ref(text)
    if session.paper(ref.id) is None or ref.id not in listed_ids(session):
        raise InputError(
            f"{ref.id} is not on this month's lists; run `readinggroup show {session.month}` "
            "to see them"
        )
    held = session.paper(ref.id)
    if ref.version is not None and held is not None and held.version not in (None, ref.version):
        raise InputError(
            f"{ref.versioned}: this month's session has {held.versioned_id}, not version "
            f"{ref.version}; run `readinggroup pickup {session.month} {ref.id}` without the version"
        )
    papers = tuple(replace(paper, pickup=paper.id == ref.id) for paper in session.papers)
    return session.with_papers(papers), StageReport("pickup", 1, 1)
