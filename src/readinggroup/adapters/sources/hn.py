"""The ``hn`` source: Hacker News points of stories that link an arXiv paper, posted in the window.

Algolia's HN search (``GET /api/v1/search``) finds stories whose URL mentions ``arxiv.org``;
``numericFilters`` on ``created_at_i`` (Unix seconds, UTC) keeps those posted in the window.
Papers of any publication date count: this is the "hype" view.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

import requests

from readinggroup.adapters.transport.json_answers import json_int, request_json, unexpected_shape
from readinggroup.adapters.transport.sessions import PoliteSession
from readinggroup.errors import InputError
from readinggroup.ids import ArxivRef, parse_arxiv_ref
from readinggroup.months import Month, Window
from readinggroup.protocols import Candidate

log = logging.getLogger(__name__)
SERVICE = "Hacker News search (Algolia)"
HITS_PER_PAGE = 1000  # Algolia's largest page
# Algolia serves at most this many hits of one query, whatever the paging: a busier window is
# split in two and each half asked on its own.
MAX_REACHABLE_HITS = 1000
MIN_SPLIT_SECONDS = 3600
MAX_PAGES = 50


@dataclass(frozen=True, slots=True)
class Story:
    """One HN story linking an arXiv paper."""

    story_id: str
    ref: ArxivRef
    points: int
    comments: int
    created: int


class HnSource:
    """Ranks arXiv papers by the HN points of the stories that linked them in the window."""

    name = "hn"

    def __init__(
        self,
        base_url: str = "https://hn.algolia.com",
        *,
        session: requests.Session | None = None,
        hits_per_page: int = HITS_PER_PAGE,
    ) -> None:
        self._url = base_url.rstrip("/") + "/api/v1/search"
        self._session = session or PoliteSession()
        self._hits_per_page = hits_per_page

    def rank(self, *, month: Month, window: Window, limit: int) -> Sequence[Candidate]:
        """Up to *limit* papers, most points first (summed over stories; ties: comments)."""
        start, end = utc_bounds(window)
        stories = {story.story_id: story for story in self._stories(start, end)}
        return rank_stories(list(stories.values()))[:limit]

    def _stories(self, start: int, end: int) -> list[Story]:
        stories: list[Story] = []
        for page in range(MAX_PAGES):
            hits, pages, total = request_json(
                self._session,
                self._url,
                service=SERVICE,
                params={
                    "query": "arxiv.org",
                    "restrictSearchableAttributes": "url",
                    "tags": "story",
                    "numericFilters": f"created_at_i>={start},created_at_i<{end}",
                    "hitsPerPage": self._hits_per_page,
                    "page": page,
                },
                parse=parse_page,
                refusal_hint="check [sources.hn] base_url in readinggroup.toml",
            )
            if page == 0 and total > MAX_REACHABLE_HITS and end - start > MIN_SPLIT_SECONDS:
                middle = (start + end) // 2
                return self._stories(start, middle) + self._stories(middle, end)
            stories.extend(parse_hits(hits, start=start, end=end))
            if not hits or page + 1 >= pages:
                return stories
        log.warning("%s: stopped after %d pages", SERVICE, MAX_PAGES)
        return stories


def utc_bounds(window: Window) -> tuple[int, int]:
    """The window as Unix seconds ``[start, end)``, from midnight UTC of its first day to
    midnight UTC after its last day."""
    start = datetime.combine(window.start, time(0), tzinfo=UTC)
    end = datetime.combine(window.end + timedelta(days=1), time(0), tzinfo=UTC)
    return int(start.timestamp()), int(end.timestamp())


def parse_page(data: Any) -> tuple[list[dict[str, Any]], int, int]:
    """One search answer: its hits, its number of pages and of hits in all."""
    if not isinstance(data, dict) or not isinstance(data.get("hits"), list):
        raise unexpected_shape(SERVICE, "no list of hits")
    hits: list[dict[str, Any]] = data["hits"]
    if not all(isinstance(hit, dict) for hit in hits):
        raise unexpected_shape(SERVICE, "a hit that is not an object")
    return hits, json_int(data.get("nbPages")), json_int(data.get("nbHits"))


def parse_hits(hits: list[dict[str, Any]], *, start: int, end: int) -> list[Story]:
    """The hits that are stories linking arXiv, posted in ``[start, end)`` (UTC seconds)."""
    stories = []
    for hit in hits:
        url, created = hit.get("url"), hit.get("created_at_i")
        if not isinstance(url, str) or not isinstance(created, int):
            continue  # comments and text posts carry no link
        if not start <= created < end:
            continue  # the server filters too; this keeps the edges exact whatever it does
        try:
            ref = parse_arxiv_ref(url)
        except InputError:
            log.debug("%s: skipping %s, not an arXiv paper link", SERVICE, url)
            continue
        story_id = str(hit.get("objectID") or hit.get("story_id") or url)
        points, comments = json_int(hit.get("points")), json_int(hit.get("num_comments"))
        stories.append(Story(story_id, ref, points, comments, created))
    return stories


def rank_stories(stories: list[Story]) -> list[Candidate]:
    """Papers by points summed over their stories; comments break ties, then first posting."""
    points: dict[str, int] = {}
    comments: dict[str, int] = {}
    refs: dict[str, ArxivRef] = {}
    for story in sorted(stories, key=lambda story: story.created):
        key = story.ref.id
        known = refs.get(key)
        if known is None or (known.version is None and story.ref.version is not None):
            refs[key] = story.ref
        points[key] = points.get(key, 0) + story.points
        comments[key] = comments.get(key, 0) + story.comments
    ordered = sorted(refs, key=lambda key: (-points[key], -comments[key]))
    return [Candidate(refs[key], float(points[key])) for key in ordered]
