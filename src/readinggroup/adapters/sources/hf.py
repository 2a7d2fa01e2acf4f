"""The ``hf`` source: Hugging Face Papers upvotes of the papers featured in the window.

``GET /api/daily_papers`` filters on the day a paper was featured on Daily Papers (not its arXiv
date) with ``month=``, ``week=`` or ``date=``, pages with ``p``/``limit`` and has no sort by
upvotes, so every page of the window is read and ranked here.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import requests

from readinggroup.adapters.transport.json_answers import json_int, request_json, unexpected_shape
from readinggroup.adapters.transport.sessions import PoliteSession
from readinggroup.errors import InputError, SourceError
from readinggroup.ids import ArxivRef, parse_arxiv_ref
from readinggroup.months import Month, Window
from readinggroup.protocols import Candidate

log = logging.getLogger(__name__)
SERVICE = "Hugging Face Papers"
# Daily Papers started in May 2023; an older window has nothing to rank.
FIRST_DAY = date(2023, 5, 1)
PAGE_SIZE = 100
# A server that ignores ``p`` would otherwise be paged forever.
MAX_PAGES = 200


@dataclass(frozen=True, slots=True)
class _Featured:
    ref: ArxivRef
    upvotes: int
    comments: int


@dataclass(frozen=True, slots=True)
class DailyPage:
    """One answer: its arXiv papers and how many elements it held (a full page or not)."""

    featured: list[_Featured]
    size: int


class HfSource:
    """Ranks the papers featured on Hugging Face Daily Papers in the window by upvotes."""

    name = "hf"

    def __init__(
        self,
        base_url: str = "https://huggingface.co",
        *,
        session: requests.Session | None = None,
        page_size: int = PAGE_SIZE,
    ) -> None:
        self._url = base_url.rstrip("/") + "/api/daily_papers"
        self._session = session or PoliteSession()
        self._page_size = page_size

    def rank(self, *, month: Month, window: Window, limit: int) -> Sequence[Candidate]:
        """Up to *limit* papers featured in *window*, most upvoted first (ties: comments)."""
        if window.end < FIRST_DAY:
            raise SourceError(
                SERVICE,
                f"has no Daily Papers before May 2023 (the window is {window})",
                'rank older months with sources = ["openalex"], ["s2"] or a pasted "file" list',
            )
        featured: dict[str, _Featured] = {}
        for query in window_queries(Window(max(window.start, FIRST_DAY), window.end)):
            for item in self._featured(query):
                known = featured.get(item.ref.id)
                if known is None or item.upvotes > known.upvotes:
                    featured[item.ref.id] = item
        return rank_featured(list(featured.values()))[:limit]

    def _featured(self, query: Mapping[str, str]) -> Iterator[_Featured]:
        seen: set[str] = set()
        full = self._page_size  # what a full page holds: less when the server caps ``limit``
        for page in range(MAX_PAGES):
            answer = request_json(
                self._session,
                self._url,
                service=SERVICE,
                params={**query, "p": page, "limit": self._page_size},
                parse=parse_daily_papers,
                refusal_hint="check [sources.hf] base_url in readinggroup.toml",
            )
            items = answer.featured
            fresh = [item for item in items if item.ref.id not in seen]
            if page > 0 and items and not fresh:
                log.debug("%s repeated page %d of %s; stopping", SERVICE, page, query)
                return
            seen.update(item.ref.id for item in fresh)
            yield from fresh
            if page == 0 and 0 < answer.size < full:
                full = answer.size  # short or capped: only the next page can tell
            elif answer.size < full:  # a short page is the last one
                return
        log.warning("%s: stopped after %d pages of %s", SERVICE, MAX_PAGES, query)


def window_queries(window: Window) -> list[dict[str, str]]:
    """Few ``month=``/``week=``/``date=`` filters whose days are exactly *window*'s.

    Whole calendar months first (the default window is one), then whole ISO weeks, then days.
    """
    months: list[Month] = []
    month = Month(window.start.year, window.start.month)
    if window.start.day != 1:
        month = _next(month)
    while month.last_day <= window.end:
        months.append(month)
        month = _next(month)
    if not months:
        return _weeks_and_days(window.start, window.end)
    return [
        *_weeks_and_days(window.start, months[0].first_day - timedelta(days=1)),
        *({"month": str(month)} for month in months),
        *_weeks_and_days(months[-1].last_day + timedelta(days=1), window.end),
    ]


def _next(month: Month) -> Month:
    return Month(month.year + 1, 1) if month.month == 12 else Month(month.year, month.month + 1)


def _weeks_and_days(start: date, end: date) -> list[dict[str, str]]:
    queries: list[dict[str, str]] = []
    day = start
    while day <= end:
        if day.isoweekday() == 1 and day + timedelta(days=6) <= end:
            year, week, _ = day.isocalendar()
            queries.append({"week": f"{year}-W{week:02d}"})
            day += timedelta(days=7)
        else:
            queries.append({"date": day.isoformat()})
            day += timedelta(days=1)
    return queries


def parse_daily_papers(data: Any) -> DailyPage:
    """The featured papers of one ``/api/daily_papers`` page (an array of ``{paper: …}``)."""
    if not isinstance(data, list):
        raise unexpected_shape(SERVICE, "expected a list of papers")
    featured = []
    for item in data:
        paper = item.get("paper") if isinstance(item, dict) else None
        if not isinstance(paper, dict) or not isinstance(paper.get("id"), str):
            raise unexpected_shape(SERVICE, "a paper without an id")
        try:
            ref = parse_arxiv_ref(paper["id"])
        except InputError:
            log.debug("%s: skipping %r, not an arXiv id", SERVICE, paper["id"])
            continue
        featured.append(
            _Featured(ref, json_int(paper.get("upvotes")), json_int(item.get("numComments")))
        )
    return DailyPage(featured, len(data))


def rank_featured(featured: list[_Featured]) -> list[Candidate]:
    """Most upvoted first; comments break ties, then the service's own order."""
    ordered = sorted(featured, key=lambda item: (-item.upvotes, -item.comments))
    return [Candidate(item.ref, float(item.upvotes)) for item in ordered]
