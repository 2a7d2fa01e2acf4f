"""The ``s2`` source: Semantic Scholar citations of arXiv papers first published in the window.

The Graph API's bulk search (``GET /graph/v1/paper/search/bulk``) filters on the publication
date and sorts by citation count itself, up to 1000 papers a page with a continuation token;
its text query is documented as optional, so none is sent. Papers without an arXiv id are
dropped here. This (or ``openalex``) is the way to rank a past month.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import requests

from readinggroup.adapters.transport.json_answers import json_int, request_json, unexpected_shape
from readinggroup.adapters.transport.sessions import PoliteSession
from readinggroup.errors import InputError
from readinggroup.ids import ArxivRef, parse_arxiv_ref
from readinggroup.months import Month, Window
from readinggroup.protocols import Candidate

log = logging.getLogger(__name__)
SERVICE = "Semantic Scholar"
# Most of a month's most-cited papers are not on arXiv; a few pages of 1000 find enough that are.
MAX_PAGES = 5
FIELDS = "externalIds,citationCount,publicationDate"


@dataclass(frozen=True, slots=True)
class Cited:
    ref: ArxivRef
    citations: int


class GraphApi:
    """One endpoint (*path*) of Semantic Scholar's Graph API, with the optional key's header."""

    path = ""

    def __init__(
        self,
        base_url: str = "https://api.semanticscholar.org",
        *,
        api_key: str | None = None,
        session: requests.Session | None = None,
    ) -> None:
        self._url = base_url.rstrip("/") + self.path
        self._session = session or PoliteSession()
        self._headers = {"x-api-key": api_key} if api_key else {}

    def _status_hints(self) -> dict[int, str]:
        if self._headers:
            return {403: "check the key in S2_API_KEY"}
        return {
            429: "wait a few minutes and run again, or set S2_API_KEY for a higher rate limit",
            403: "the service refused anonymous access; set S2_API_KEY",
        }


class S2Source(GraphApi):
    """Ranks arXiv papers first published in the window by Semantic Scholar citation count."""

    name = "s2"
    path = "/graph/v1/paper/search/bulk"

    def rank(self, *, month: Month, window: Window, limit: int) -> Sequence[Candidate]:
        """Up to *limit* papers, most cited first (ties: the service's order)."""
        cited: dict[str, Cited] = {}
        token: str | None = None
        for _ in range(MAX_PAGES):
            # No query: Semantic Scholar documents bulk search's text query as optional, and
            # an empty ``query=`` is not the same as none.
            params: dict[str, str | int] = {
                "publicationDateOrYear": f"{window.start.isoformat()}:{window.end.isoformat()}",
                "sort": "citationCount:desc",
                "fields": FIELDS,
            }
            if token:
                params["token"] = token
            papers, token = request_json(
                self._session,
                self._url,
                service=SERVICE,
                params=params,
                headers=self._headers,
                parse=parse_page,
                status_hints=self._status_hints(),
                refusal_hint="check [sources.s2] base_url in readinggroup.toml",
            )
            for paper in parse_papers(papers, window):
                cited.setdefault(paper.ref.id, paper)
            if not token or len(cited) >= limit:
                break
        ordered = sorted(cited.values(), key=lambda paper: -paper.citations)
        return [Candidate(paper.ref, float(paper.citations)) for paper in ordered][:limit]


def parse_page(data: Any) -> tuple[list[dict[str, Any]], str | None]:
    """One bulk-search answer: its papers and the token of the next page, if any."""
    if not isinstance(data, dict):
        raise unexpected_shape(SERVICE, "expected an object with data")
    papers = data.get("data", [])  # an empty result may leave the list out
    if not isinstance(papers, list):
        raise unexpected_shape(SERVICE, "data is not a list")
    if not all(isinstance(paper, dict) for paper in papers):
        raise unexpected_shape(SERVICE, "a paper that is not an object")
    token = data.get("token")
    return papers, token if isinstance(token, str) and token else None


def parse_papers(papers: list[dict[str, Any]], window: Window) -> list[Cited]:
    """The arXiv papers of one bulk-search page, in its order."""
    cited = []
    for paper in papers:
        external = paper.get("externalIds")
        arxiv_id = external.get("ArXiv") if isinstance(external, dict) else None
        if not isinstance(arxiv_id, str):
            continue
        if not _published_in(paper.get("publicationDate"), window):
            continue
        try:
            ref = parse_arxiv_ref(arxiv_id)
        except InputError:
            log.debug("%s: skipping %r, not an arXiv id", SERVICE, arxiv_id)
            continue
        cited.append(Cited(ref, json_int(paper.get("citationCount"))))
    return cited


def _published_in(text: object, window: Window) -> bool:
    if not isinstance(text, str):
        return True  # a year-only paper passed the service's own filter
    try:
        published = date.fromisoformat(text)
    except ValueError:
        return True
    return window.start <= published <= window.end
