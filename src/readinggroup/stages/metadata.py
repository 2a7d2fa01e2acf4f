"""The metadata stage: arXiv's title, authors, abstract … for listed papers that lack them."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from readinggroup.ids import ArxivRef
from readinggroup.models import Paper, Session
from readinggroup.stages import StageReport, listed_ids

if TYPE_CHECKING:  # a warm build asks only papers_without_metadata: no adapter, no protocols
    from readinggroup.protocols import MetadataSource


def papers_without_metadata(session: Session) -> list[Paper]:
    """The listed papers not looked up yet (what :func:`fill_metadata` would ask for)."""
    listed = listed_ids(session)
    return [p for p in session.papers if p.id in listed and not p.has_metadata]


def fill_metadata(session: Session, *, metadata: MetadataSource) -> tuple[Session, StageReport]:
    """Look up the listed papers that have no metadata yet, in batched requests."""
    missing = papers_without_metadata(session)
    if not missing:
        return session, StageReport("fetch")
    found = metadata.fetch([ArxivRef(paper.id, paper.version) for paper in missing])
    missing_ids = {paper.id for paper in missing}
    updated = []
    for paper in session.papers:
        fetched = found.get(paper.id)
        if paper.id in missing_ids and fetched is not None:
            paper = _with_metadata(paper, fetched)
        updated.append(paper)
    unknown = tuple(f"arXiv does not know {p.id}" for p in missing if p.id not in found)
    session = session.with_papers(tuple(updated))
    return session, StageReport("fetch", len(missing), len(missing) - len(unknown), unknown)


def _with_metadata(paper: Paper, fetched: Paper) -> Paper:
    """*paper* with arXiv's metadata: everything else the session holds for it is kept (the
    Japanese, the summary, the figure, what was decided about it)."""
    return replace(
        paper,
        version=paper.version or fetched.version,  # the version the list linked wins
        title=fetched.title,
        authors=fetched.authors,
        affiliations=fetched.affiliations,
        categories=fetched.categories,
        published=fetched.published,
        abstract=fetched.abstract,
    )
