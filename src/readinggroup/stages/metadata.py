"""The metadata stage: arXiv's title, authors, abstract … for listed papers that lack them."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from readinggroup import progress
from readinggroup.errors import InputError
from readinggroup.ids import ArxivRef
from readinggroup.models import Paper, Session
from readinggroup.stages import StageReport, listed_ids

if TYPE_CHECKING:  # a warm build asks only papers_without_metadata: no adapter, no protocols
    from readinggroup.protocols import MetadataSource

log = logging.getLogger(__name__)


def papers_without_metadata(session: Session) -> list[Paper]:
    """The listed papers not looked up yet (what :func:`fill_metadata` would ask for)."""
    listed = listed_ids(session)
    return [p for p in session.papers if p.id in listed and not p.has_metadata]


def fill_metadata(session: Session, *, metadata: MetadataSource) -> tuple[Session, StageReport]:
    """Look up the listed papers that have no metadata yet, in batched requests."""
    missing = papers_without_metadata(session)
    if not missing:
        return session, StageReport("fetch")
    with progress.task("arXiv API", total=len(missing)) as task:
        found = metadata.fetch([ArxivRef(paper.id, paper.version) for paper in missing])
        task.advance(len(missing))
    missing_ids = {paper.id for paper in missing}
    updated = []
    for paper in session.papers:
        fetched = found.get(paper.id)
        if paper.id in missing_ids and fetched is not None:
            paper = _with_metadata(paper, fetched)
        updated.append(paper)
    known = sum(paper.id in found for paper in missing)
    # ids arXiv does not know stay without metadata: settle_unknown decides what to do
    return session.with_papers(tuple(updated)), StageReport("fetch", known, known)


def settle_unknown(session: Session, *, origins: Mapping[str, str]) -> Session:
    """*session* with the papers arXiv did not know (left without metadata by
    :func:`fill_metadata`) left out of its lists, each with a warning, ranks closed up.

    An id a person wrote (*origins*: id → "lists/2021-10-recent.txt, line 4") is theirs to
    fix: InputError naming the file and line, so no blank slide is made for it.
    """
    unknown = [paper.id for paper in papers_without_metadata(session)]
    written = [paper_id for paper_id in unknown if paper_id in origins]
    if written:
        where = ", ".join(f"{paper_id} ({origins[paper_id]})" for paper_id in written)
        them = "them" if len(written) > 1 else "it"
        raise InputError(f"arXiv does not know {where}; remove or fix {them}")
    if not unknown:
        return session
    lists = []
    for ranked in session.lists:
        left = [entry for entry in ranked.entries if entry.id not in unknown]
        for entry in ranked.entries:
            if entry.id in unknown:
                log.warning(
                    "arXiv does not know %s (%s #%d from %s); it is left out of the list",
                    entry.id,
                    ranked.label,
                    entry.rank,
                    ", ".join(ranked.sources),
                )
        entries = tuple(replace(entry, rank=rank) for rank, entry in enumerate(left, start=1))
        lists.append(replace(ranked, entries=entries))
    return replace(session, lists=tuple(lists))


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
