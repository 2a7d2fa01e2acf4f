"""The lists stage: rank each list from its sources, merge them, keep what people wrote.

A list's candidates come from one or more ranking sources (scores normalised and summed when
several); new papers enter the session with only an id, and the metadata stage looks them up.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from readinggroup.models import ListEntry, Paper, RankedList, Session
from readinggroup.months import Month, Window
from readinggroup.paper_records import SUMMARY_LABELS
from readinggroup.protocols import Candidate, RankingSource
from readinggroup.rank import merge_rankings
from readinggroup.stages import StageReport, listed_ids

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ListRequest:
    """What one list asks for: its label, its sources, its size and its window."""

    label: str
    sources: Mapping[str, RankingSource]
    size: int
    window: Window
    categories: tuple[str, ...] = ()
    skips_repeats: bool = False  # repeats = "skip": candidates to move up in their place


def new_session(
    month: Month,
    *,
    title: str,
    window: Window,
    group: str = "",
    event_url: str = "",
    settings: Mapping[str, str] | None = None,
) -> Session:
    """An empty session for *month*; *title* may hold ``{year}`` and ``{month}``."""
    return Session(
        month=month,
        title=title.format(year=month.year, month=month.month),
        window=window,
        group=group,
        event_url=event_url,
        settings=dict(settings or {}),
    )


# One arXiv request holds 100 ids: a list never looks up more candidates than that.
MAX_CANDIDATES = 100


def fetch_lists(
    session: Session, *, requests: Sequence[ListRequest], month: Month
) -> tuple[Session, StageReport]:
    """*session* with its lists re-ranked from the sources; papers and their edits are kept.

    New papers are added with only an id (metadata comes from :func:`fill_metadata`). A list
    for which no source found anything keeps its previous ranking of the same window.
    """
    papers = {paper.id: paper for paper in session.papers}
    previous = {ranked.label: ranked for ranked in session.lists}
    lists = []
    for request in requests:
        wanted = _candidates_wanted(request)
        # several sources: each one's top is cut deeper, so a paper ranked a little lower by
        # one source still gets that source's share of its summed score
        limit = wanted if len(request.sources) == 1 else min(MAX_CANDIDATES, wanted * 3)
        per_source: dict[str, Sequence[Candidate]] = {}
        for name, source in request.sources.items():
            per_source[name] = source.rank(month=month, window=request.window, limit=limit)
            if not per_source[name]:
                log.warning(
                    "%s: %s found no papers for %s; other sources (hf, hn, s2, alphaxiv) or a "
                    "pasted file may have some",
                    request.label,
                    name,
                    request.window,
                )
        merged = merge_rankings(per_source)[:wanted]
        before = previous.get(request.label)
        if not merged and before is not None and before.entries and before.window == request.window:
            log.warning("%s: nothing found this time; the previous ranking is kept", request.label)
            lists.append(before)
            continue
        entries = []
        for rank, (ref, score, scores) in enumerate(merged, start=1):
            entries.append(ListEntry(rank, ref.id, score, scores))
            known = papers.get(ref.id)
            if known is None:
                papers[ref.id] = Paper(id=ref.id, version=ref.version)
            elif known.version is None and ref.version is not None:
                papers[ref.id] = replace(known, version=ref.version)
        lists.append(
            RankedList(
                label=request.label,
                sources=tuple(request.sources),
                entries=tuple(entries),
                window=request.window,
                size=request.size,
            )
        )
    ranked = sum(len(ranked.entries) for ranked in lists)
    session = replace(session, lists=tuple(lists), papers=tuple(papers.values()))
    return session, StageReport("rank", ranked, ranked)


def _candidates_wanted(request: ListRequest) -> int:
    """How many ranked papers to look up: the size, or more when categories or repeats will
    drop some."""
    if request.categories:
        return min(MAX_CANDIDATES, request.size * 5)
    if request.skips_repeats:
        return min(MAX_CANDIDATES, request.size * 2)
    return request.size


def filter_categories(session: Session, requests: Sequence[ListRequest]) -> Session:
    """Drop papers outside each list's categories (``cs.*``, ``stat.ML``) and cut to size.

    Candidates that did not make the cut leave the session too, unless they carry something
    beyond arXiv's metadata (Japanese, a summary, notes, the pickup).
    """
    by_label = {request.label: request for request in requests}
    lists = []
    for ranked in session.lists:
        request = by_label.get(ranked.label)
        entries = list(ranked.entries)
        if request is not None and request.categories:
            kept = [e for e in entries if _in_categories(session.paper(e.id), request.categories)]
            if len(kept) < len(entries) and len(kept) < ranked.size:
                log.warning(
                    "%s: only %d of %d papers are in %s",
                    ranked.label,
                    len(kept),
                    ranked.size,
                    ", ".join(request.categories),
                )
            entries = kept
        entries = [replace(e, rank=rank) for rank, e in enumerate(entries[: ranked.size], start=1)]
        lists.append(replace(ranked, entries=tuple(entries)))
    session = replace(session, lists=tuple(lists))
    listed = listed_ids(session)
    return session.with_papers(
        tuple(paper for paper in session.papers if paper.id in listed or _carries_work(paper))
    )


def _carries_work(paper: Paper) -> bool:
    """Whether *paper* holds anything a stage or a person wrote (never dropped)."""
    return bool(
        paper.title_ja
        or paper.abstract_ja
        or paper.notes
        or paper.pickup
        or paper.already_read  # a repeat left out stays, so the file says why (stages/repeats.py)
        or any(paper.summary.get(name) for name in SUMMARY_LABELS)
    )


def _in_categories(paper: Paper | None, patterns: Sequence[str]) -> bool:
    if paper is None or paper.categories is None:
        return True  # unknown categories are kept: better shown than silently lost
    return any(
        category == pattern or (pattern.endswith(".*") and category.startswith(pattern[:-1]))
        for category in paper.categories
        for pattern in patterns
    )
