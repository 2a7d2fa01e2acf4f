"""arXiv metadata through the ``arxiv`` package: batched ``id_list`` lookups, ≤100 ids each.

The package keeps arXiv's 3-second politeness delay between requests; this adapter adds what it
lacks (a timeout, backoff on 429/503 with Retry-After) through the shared session, backs off
further when arXiv still refuses or sends an empty page, and converts ``arxiv.Result`` into the
core's Paper here and nowhere else.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import arxiv
import requests

from readinggroup.adapters.http import PoliteSession, describe_status, explain_failure
from readinggroup.errors import SourceError
from readinggroup.ids import ArxivRef, parse_arxiv_ref
from readinggroup.models import Paper

log = logging.getLogger(__name__)
BATCH_SIZE = 100  # arXiv's page limit for one id_list request
SERVICE = "arXiv API"
# arXiv answers 429/503 when it is busy, and sometimes a page with no entries although it
# counted some; both pass after a while, so they are retried after a growing pause.
TRANSIENT_STATUSES = (429, 503)
_BAD_ID = re.compile(r"incorrect id format for ([^\s<]+)")


class _Glitch(Exception):
    """A transient bad answer: worth asking again after a pause."""

    problem = ""


class _EmptyPage(_Glitch):
    """arXiv counted results but sent none (a known transient glitch)."""

    problem = "kept sending empty pages"


class _CutOff(_Glitch):
    """The feed ends before ``</feed>``."""

    problem = "kept sending answers that were cut off before their end"


class ArxivMetadata:
    """Looks papers up on the arXiv API, one request per 100 ids."""

    def __init__(
        self,
        base_url: str = "https://export.arxiv.org/api/query",
        *,
        delay_seconds: float = 3.0,
        session: requests.Session | None = None,
        retries: int = 2,
        backoff: float = 15.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._client = arxiv.Client(page_size=BATCH_SIZE, delay_seconds=delay_seconds)
        # Transport retries live in the session (with backoff and Retry-After); the package's
        # own retries repeat at once, so they are off and this adapter adds the slower ones.
        self._client.num_retries = 0
        self._session = session or PoliteSession()
        self._session.hooks["response"].append(self._remember)
        self._client._session = self._session
        self._client.query_url_format = base_url.rstrip("?") + "?{}"
        self._retries = retries
        self._backoff = backoff
        self._sleep = sleep
        self._last_body = ""
        self.requests_made = 0

    def fetch(self, refs: Sequence[ArxivRef]) -> Mapping[str, Paper]:
        """Metadata of *refs* keyed by bare id; ids arXiv does not know are left out."""
        found: dict[str, Paper] = {}
        unique = list(dict.fromkeys(ref.id for ref in refs))
        for batch in _batches(unique, BATCH_SIZE):
            for result in self._lookup(batch):
                paper = to_paper(result)
                found[paper.id] = paper
        return found

    def _lookup(self, ids: list[str]) -> list[Any]:
        """One batch; an id arXiv refuses as malformed is dropped (reported as unknown)."""
        while ids:
            try:
                return self._search_with_backoff(ids)
            except arxiv.HTTPError as err:
                bad = self._refused_id(err, ids)
                if bad is None:
                    raise SourceError(SERVICE, *_status_phrase(err.status)) from err
                log.warning("arXiv refused the id %s as malformed; looking up the others", bad)
                ids = [paper_id for paper_id in ids if paper_id != bad]
        return []

    def _search_with_backoff(self, ids: list[str]) -> list[Any]:
        import tenacity

        def transient(failure: BaseException) -> bool:
            if isinstance(failure, arxiv.HTTPError):
                return failure.status in TRANSIENT_STATUSES
            return isinstance(failure, _Glitch)

        def pause(state: tenacity.RetryCallState) -> float:
            failure = state.outcome.exception() if state.outcome else None
            what = f"HTTP {failure.status}" if isinstance(failure, arxiv.HTTPError) else failure
            log.info("arXiv %s; waiting before asking again", getattr(what, "problem", what))
            return float(self._backoff * 2 ** (state.attempt_number - 1))

        retrying = tenacity.Retrying(
            retry=tenacity.retry_if_exception(transient),
            stop=tenacity.stop_after_attempt(self._retries + 1),
            wait=pause,
            sleep=self._sleep,
            reraise=True,
        )
        try:
            return retrying(self._search, ids)
        except _Glitch as glitch:
            raise SourceError(SERVICE, glitch.problem, "try again in a few minutes") from None

    def _search(self, ids: list[str]) -> list[Any]:
        search = arxiv.Search(id_list=ids, max_results=len(ids))
        # The package's page reader keeps its politeness delay and parsing; it is called
        # directly because its result iterator hides the count that tells a glitch from
        # ids arXiv does not know.
        url = self._client._format_url(search, 0, BATCH_SIZE)
        self.requests_made += 1
        try:
            feed = self._client._parse_feed(url, first_page=True)
        except requests.RequestException as err:
            raise SourceError(SERVICE, explain_failure(err), "check the network") from err
        # lxml's recovering parser would read a web page or half a feed as "no results"
        if "<feed" not in self._last_body[:2000] or (feed.malformed and not feed.results):
            raise SourceError(
                SERVICE,
                "sent an answer that is not an Atom feed",
                "check [sources.arxiv] base_url in readinggroup.toml, or try again later",
            )
        if "</feed>" not in self._last_body[-200:]:
            raise _CutOff
        if not feed.results and feed.header.total_results > 0:
            raise _EmptyPage
        results: list[Any] = feed.results
        return results

    def _remember(self, response: requests.Response, *args: object, **kwargs: object) -> None:
        # the package keeps the answer to itself; the checks above need its text
        self._last_body = response.text

    def _refused_id(self, err: arxiv.HTTPError, ids: list[str]) -> str | None:
        if err.status != 400:
            return None
        match = _BAD_ID.search(self._last_body)
        return str(match[1]) if match is not None and match[1] in ids else None


def _status_phrase(status: int) -> tuple[str, str]:
    problem, _, advice = describe_status(status).partition("; ")
    if not advice and status != 400:  # a 400 is about the ids, not the address
        advice = "check [sources.arxiv] base_url in readinggroup.toml"
    return problem, advice


def _batches(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def to_paper(result: arxiv.Result) -> Paper:
    """The core's Paper for one ``arxiv.Result``."""
    ref = parse_arxiv_ref(result.entry_id)
    affiliations = sorted({a for author in result.authors for a in (author.affiliation or [])})
    return Paper(
        id=ref.id,
        version=ref.version,
        title=" ".join(result.title.split()),
        authors=tuple(author.name for author in result.authors),
        affiliations=tuple(affiliations) if affiliations else None,
        categories=tuple(result.categories),
        published=result.published.date(),
        abstract=" ".join(result.summary.split()),
    )
