"""The stages between the network and the deck, as functions over Session values.

Each stage fills only what is empty, so re-running one is cheap and never loses an edit;
with *force* it refills machine text and says which human edits it replaces.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from readinggroup.errors import InputError
from readinggroup.ids import ArxivRef, parse_arxiv_ref
from readinggroup.models import (
    SUMMARY_LABELS,
    EditableField,
    ListEntry,
    Month,
    Paper,
    RankedList,
    Session,
    Window,
)
from readinggroup.protocols import Candidate, MetadataSource, RankingSource
from readinggroup.rank import merge_rankings
from readinggroup.stages.summarize import draft_affiliations, draft_names

log = logging.getLogger(__name__)
T = TypeVar("T")
Track = Callable[[Sequence[T], str], Iterable[T]]


def no_progress(items: Sequence[T], label: str) -> Iterable[T]:
    return items


@dataclass(frozen=True, slots=True)
class ListRequest:
    """What one list asks for: its label, its sources, its size and its window."""

    label: str
    sources: Mapping[str, RankingSource]
    size: int
    window: Window
    categories: tuple[str, ...] = ()


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


def fetch_lists(session: Session, requests: Sequence[ListRequest], *, month: Month) -> Session:
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
    return replace(session, lists=tuple(lists), papers=tuple(papers.values()))


def _candidates_wanted(request: ListRequest) -> int:
    """How many ranked papers to look up: the size, or more when categories will drop some."""
    if not request.categories:
        return request.size
    return min(MAX_CANDIDATES, request.size * 5)


def fill_metadata(session: Session, metadata: MetadataSource) -> tuple[Session, StageReport]:
    """Look up the listed papers that have no metadata yet, in batched requests."""
    listed = _listed_ids(session)
    missing = [p for p in session.papers if p.id in listed and not p.has_metadata]
    if not missing:
        return session, StageReport("fetch")
    found = metadata.fetch([ArxivRef(paper.id, paper.version) for paper in missing])
    updated = []
    for paper in session.papers:
        fetched = found.get(paper.id)
        if paper in missing and fetched is not None:
            # the version the list linked wins over arXiv's latest
            paper = replace(
                fetched,
                version=paper.version or fetched.version,
                title_ja=paper.title_ja,
                abstract_ja=paper.abstract_ja,
                summary=paper.summary,
                pickup=paper.pickup,
                notes=paper.notes,
                provenance=paper.provenance,
            )
        updated.append(paper)
    unknown = tuple(f"arXiv does not know {p.id}" for p in missing if p.id not in found)
    session = session.with_papers(tuple(updated))
    return session, StageReport("fetch", len(missing), len(missing) - len(unknown), unknown)


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
                    len(entries),
                    ranked.size,
                    ", ".join(request.categories),
                )
            entries = kept
        entries = [replace(e, rank=rank) for rank, e in enumerate(entries[: ranked.size], start=1)]
        lists.append(replace(ranked, entries=tuple(entries)))
    session = replace(session, lists=tuple(lists))
    listed = _listed_ids(session)
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


def _listed_ids(session: Session) -> set[str]:
    return {entry.id for ranked in session.lists for entry in ranked.entries}


def listed_papers(session: Session) -> list[Paper]:
    """The papers on the lists, each once, in list order."""
    order = list(dict.fromkeys(e.id for ranked in session.lists for e in ranked.entries))
    return [paper for paper_id in order if (paper := session.paper(paper_id)) is not None]


def replace_papers(session: Session, changed: Mapping[str, Paper]) -> Session:
    return session.with_papers(tuple(changed.get(p.id, p) for p in session.papers))


def may_fill(paper: Paper, name: EditableField, *, force: bool) -> bool:
    if not paper.value(name):
        return True
    if not force:
        return False
    if paper.is_human_text(name):
        log.warning(
            "--force replaces your edit of %s %s: %.40s…", paper.id, name, paper.value(name)
        )
    return True


def summarize_session(session: Session, *, force: bool = False) -> tuple[Session, StageReport]:
    """Fill empty summary lines with the extractive first draft."""
    changed: dict[str, Paper] = {}
    drafts: dict[EditableField, Callable[[Paper], str]] = {
        "summary.names": draft_names,
        "summary.affiliations": draft_affiliations,
    }
    attempted = 0
    for paper in listed_papers(session):
        if not paper.has_metadata:
            continue
        open_lines = [name for name in drafts if may_fill(paper, name, force=force)]
        attempted += bool(open_lines)
        updated = paper
        for name in open_lines:
            text = drafts[name](paper)
            if text:
                updated = updated.with_text(name, text, writer="extractive")
        if updated is not paper:
            changed[paper.id] = updated
    return replace_papers(session, changed), StageReport("summarize", attempted, attempted)


def choose_pickup(session: Session, text: str) -> Session:
    """*session* with the paper *text* names (any id form) as the one pickup."""
    ref = parse_arxiv_ref(text)
    if session.paper(ref.id) is None or ref.id not in _listed_ids(session):
        raise InputError(
            f"{ref.id} is not on this month's lists; run `readinggroup show {session.month}` "
            "to see them"
        )
    return session.with_papers(
        tuple(replace(paper, pickup=paper.id == ref.id) for paper in session.papers)
    )
