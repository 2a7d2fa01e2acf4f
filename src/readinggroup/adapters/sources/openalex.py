"""The ``openalex`` source: OpenAlex citation counts of arXiv works first published in the window.

``GET /works`` filters on the arXiv repository and the publication date and sorts by
``cited_by_count`` itself, 200 works a page with ``cursor`` paging; no search query is needed.
The same client looks works up by their arXiv DOI (``10.48550/arXiv.<id>``) for the authors'
institutions (``adapters/affiliations/openalex.py``). A ``mailto`` puts the requests in
OpenAlex's polite pool.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import requests

from readinggroup.adapters.transport.json_answers import json_int, request_json, unexpected_shape
from readinggroup.adapters.transport.sessions import PoliteSession
from readinggroup.errors import InputError
from readinggroup.ids import ArxivRef, parse_arxiv_ref
from readinggroup.months import Month, Window
from readinggroup.protocols import Candidate

log = logging.getLogger(__name__)
SERVICE = "OpenAlex"
ARXIV_SOURCE = "S4306400194"  # OpenAlex's id of the arXiv repository ("arXiv (Cornell University)")
PAGE_SIZE = 200  # the most OpenAlex gives a page
MAX_PAGES = 5
RANK_FIELDS = "id,doi,publication_date,cited_by_count,locations"
DOI_BATCH = 50  # ids in one OR filter; OpenAlex caps the values of one filter


@dataclass(frozen=True, slots=True)
class Page:
    """One ``/works`` answer: its works and the cursor of the next page, if any."""

    works: list[dict[str, Any]]
    next_cursor: str | None


class OpenAlex:
    """A client of ``<base_url>/works``; every answer read through ``request_json``."""

    def __init__(
        self,
        base_url: str = "https://api.openalex.org",
        *,
        mailto: str = "",
        session: requests.Session | None = None,
    ) -> None:
        self._url = base_url.rstrip("/") + "/works"
        self._mailto = mailto.strip()
        self._session = session or PoliteSession()

    def works(self, params: dict[str, str | int]) -> Page:
        """One page of works matching *params* (``filter``, ``sort``, ``cursor`` …)."""
        if self._mailto:
            params = {**params, "mailto": self._mailto}
        return request_json(
            self._session,
            self._url,
            service=SERVICE,
            params=params,
            parse=parse_page,
            status_hints={429: "wait a minute and run again, or set [sources.openalex] mailto"},
            refusal_hint="check [sources.openalex] base_url in readinggroup.toml",
        )

    def works_of(self, ids: Sequence[str], *, select: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """The works of the bare arXiv *ids* with the fields *select*, found by their arXiv DOI,
        :data:`DOI_BATCH` ids a request; ``(id, work)`` for each work OpenAlex knows."""
        wanted = set(ids)
        for start in range(0, len(ids), DOI_BATCH):
            batch = ids[start : start + DOI_BATCH]
            page = self.works(
                {
                    "filter": "doi:" + "|".join(f"10.48550/arxiv.{paper_id}" for paper_id in batch),
                    "per-page": DOI_BATCH,
                    "select": select,
                }
            )
            for work in page.works:
                ref = arxiv_ref_of(work)
                if ref is not None and ref.id in wanted:
                    yield ref.id, work

    def pages(self, params: dict[str, str | int], *, max_pages: int) -> Iterator[Page]:
        """Up to *max_pages* pages of *params*, following ``meta.next_cursor``."""
        cursor: str | None = "*"
        for _ in range(max_pages):
            page = self.works({**params, "cursor": cursor or "*"})
            yield page
            cursor = page.next_cursor
            if not cursor or not page.works:
                return


class OpenAlexSource:
    """Ranks arXiv works first published in the window by OpenAlex's ``cited_by_count``."""

    name = "openalex"

    def __init__(self, client: OpenAlex) -> None:
        self._client = client

    def rank(self, *, month: Month, window: Window, limit: int) -> Sequence[Candidate]:
        """Up to *limit* papers, most cited first (ties: the service's order)."""
        params: dict[str, str | int] = {
            "filter": (
                f"locations.source.id:{ARXIV_SOURCE},"
                f"from_publication_date:{window.start.isoformat()},"
                f"to_publication_date:{window.end.isoformat()}"
            ),
            "sort": "cited_by_count:desc",
            "per-page": PAGE_SIZE,
            "select": RANK_FIELDS,
        }
        ranked: dict[str, Candidate] = {}
        for page in self._client.pages(params, max_pages=MAX_PAGES):
            for work in page.works:
                ref = arxiv_ref_of(work)
                if ref is None or ref.id in ranked or not first_published_in(ref, window):
                    continue
                ranked[ref.id] = Candidate(ref, float(json_int(work.get("cited_by_count"))))
            if len(ranked) >= limit:
                break
        ordered = sorted(ranked.values(), key=lambda candidate: -(candidate.score or 0.0))
        return ordered[:limit]


class OpenAlexCitations:
    """How often each paper has been cited, OpenAlex's ``cited_by_count`` (the year in review)."""

    def __init__(self, client: OpenAlex) -> None:
        self._client = client

    def cited_by(self, ids: Sequence[str]) -> Mapping[str, int]:
        """One request per 50 papers; papers OpenAlex does not know are absent."""
        works = self._client.works_of(ids, select="id,doi,cited_by_count")
        return {paper_id: json_int(work.get("cited_by_count")) for paper_id, work in works}


def parse_page(data: Any) -> Page:
    """A ``/works`` answer: ``results`` and ``meta.next_cursor``."""
    if not isinstance(data, dict):
        raise unexpected_shape(SERVICE, "expected an object with results")
    works = data.get("results", [])
    if not isinstance(works, list) or not all(isinstance(work, dict) for work in works):
        raise unexpected_shape(SERVICE, "results is not a list of works")
    meta = data.get("meta")
    cursor = meta.get("next_cursor") if isinstance(meta, dict) else None
    return Page(works, cursor if isinstance(cursor, str) and cursor else None)


def arxiv_ref_of(work: dict[str, Any]) -> ArxivRef | None:
    """The arXiv id of *work*: its arXiv DOI, else an arxiv.org address among its locations."""
    candidates: list[object] = [work.get("doi")]
    locations = work.get("locations")
    if isinstance(locations, list):
        for location in locations:
            if isinstance(location, dict):
                candidates += [location.get("landing_page_url"), location.get("pdf_url")]
    for text in candidates:
        if not isinstance(text, str) or "arxiv" not in text.lower():
            continue
        try:
            return parse_arxiv_ref(text)
        except InputError:
            log.debug("%s: %r is not an arXiv id", SERVICE, text)
    return None


def first_published_in(ref: ArxivRef, window: Window) -> bool:
    """Whether the id's month (``2109.`` = 2021-09) can lie in *window*; old-style ids pass.

    OpenAlex's publication date can be a later journal version's; the arXiv id tells when the
    first version appeared.
    """
    first = ref.first_month
    if first is None:
        return True
    return (window.start.year, window.start.month) <= first <= (window.end.year, window.end.month)
