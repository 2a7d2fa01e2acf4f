"""The ``alphaxiv`` source: alphaXiv likes of papers first published in the window.

alphaXiv has no documented API. Its web app reads ``GET /papers/v3/feed`` with ``pageNum``
(from 0), ``pageSize``, ``sort`` (Hot, Likes, Views, …) and ``interval`` ("3 Days", "7 Days",
"30 Days", "90 Days", "All time", counted back from today), answering ``{"papers": [...]}``.
It changes without notice, so this is best effort: an answer of another shape ends in one
clear error that names the source, never a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import requests

from readinggroup.adapters.transport.json_answers import json_int, request_json, unexpected_shape
from readinggroup.adapters.transport.sessions import PoliteSession
from readinggroup.errors import InputError
from readinggroup.ids import ArxivRef, parse_arxiv_ref
from readinggroup.months import Month, Window
from readinggroup.protocols import Candidate

log = logging.getLogger(__name__)
SERVICE = "alphaXiv (unofficial API)"
INTERVALS = ((3, "3 Days"), (7, "7 Days"), (30, "30 Days"), (90, "90 Days"))
PAGE_SIZE = 50
# The feed is sorted by likes already; ten pages reach far enough down for a top-N list.
MAX_PAGES = 10


@dataclass(frozen=True, slots=True)
class Liked:
    ref: ArxivRef
    likes: int
    visits: int


def _utc_today() -> date:
    return datetime.now(UTC).date()


class AlphaxivSource:
    """Ranks the papers of the window by alphaXiv likes (ties: visits)."""

    name = "alphaxiv"

    def __init__(
        self,
        base_url: str = "https://api.alphaxiv.org",
        *,
        session: requests.Session | None = None,
        today: Callable[[], date] = _utc_today,
        page_size: int = PAGE_SIZE,
    ) -> None:
        self._url = base_url.rstrip("/") + "/papers/v3/feed"
        self._session = session or PoliteSession()
        self._today = today
        self._page_size = page_size

    def rank(self, *, month: Month, window: Window, limit: int) -> Sequence[Candidate]:
        """Up to *limit* papers first published in *window*, most liked first."""
        interval = feed_interval(window, self._today())
        liked: dict[str, Liked] = {}
        seen: set[str] = set()
        full = self._page_size  # what a full page holds: less when the server caps pageSize
        for page in range(MAX_PAGES):
            papers = request_json(
                self._session,
                self._url,
                service=SERVICE,
                params={
                    "pageNum": page,
                    "pageSize": self._page_size,
                    "sort": "Likes",
                    "interval": interval,
                    "topics": "[]",
                },
                parse=parse_page,
                refusal_hint="its unofficial API may have moved; use another source for this list",
            )
            ids = {raw_id for raw_id, _ in papers}
            if page > 0 and ids <= seen:
                break  # the same page again: the server ignores pageNum
            seen |= ids
            for paper in parse_feed(papers, window):
                liked.setdefault(paper.ref.id, paper)
            if len(liked) >= limit:
                break
            if page == 0 and 0 < len(papers) < full:
                full = len(papers)  # short or capped: only the next page can tell
            elif len(papers) < full:  # a short page is the last one
                break
        ordered = sorted(liked.values(), key=lambda paper: (-paper.likes, -paper.visits))
        return [Candidate(paper.ref, float(paper.likes)) for paper in ordered][:limit]


def feed_interval(window: Window, today: date) -> str:
    """The shortest feed interval that reaches back to the window's first day."""
    days_back = (today - window.start).days + 1
    return next((name for days, name in INTERVALS if days_back <= days), "All time")


def parse_page(data: Any) -> list[tuple[str, dict[str, Any]]]:
    """One feed answer: each paper with the id it names (arXiv's, maybe versioned)."""
    if not isinstance(data, dict) or not isinstance(data.get("papers"), list):
        raise unexpected_shape(SERVICE, "no list of papers")
    papers = []
    for paper in data["papers"]:
        if not isinstance(paper, dict):
            raise unexpected_shape(SERVICE, "a paper that is not an object")
        raw_id = paper.get("universal_paper_id") or paper.get("canonical_id")
        if not isinstance(raw_id, str):
            raise unexpected_shape(SERVICE, "a paper without an arXiv id")
        papers.append((raw_id, paper))
    return papers


def parse_feed(papers: list[tuple[str, dict[str, Any]]], window: Window) -> list[Liked]:
    """The papers of one feed page that were first published in *window*."""
    liked = []
    for raw_id, paper in papers:
        try:
            ref = parse_arxiv_ref(raw_id)
        except InputError:
            log.debug("%s: skipping %r, not an arXiv id", SERVICE, raw_id)
            continue
        published = _date(paper.get("first_publication_date"))
        if published is not None and not window.start <= published <= window.end:
            continue
        metrics = paper.get("metrics")
        metrics = metrics if isinstance(metrics, dict) else {}
        likes = json_int(metrics.get("public_total_votes")) or json_int(metrics.get("total_votes"))
        visits = metrics.get("visits_count")
        visits_all = json_int(visits.get("all")) if isinstance(visits, dict) else 0
        liked.append(Liked(ref, likes, visits_all))
    return liked


def _date(text: object) -> date | None:
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(UTC).date()
