"""arXiv metadata through the ``arxiv`` package: batched ``id_list`` lookups, ≤100 ids each.

The package keeps arXiv's 3-second politeness delay between requests; this adapter adds what it
lacks (a timeout and a deadline through the shared session, backoff on 429/503, timeouts, cut-off
and empty pages under the shared retry policy, ``Retry-After`` honoured up to its cap) and
converts ``arxiv.Result`` into the core's Paper here and nowhere else. The package's private
page reader is reached through :mod:`readinggroup.adapters.shims` only.
"""

from __future__ import annotations

import functools
import logging
import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import arxiv
import requests

from readinggroup.adapters import shims
from readinggroup.adapters.transport.budget import RunBudget
from readinggroup.adapters.transport.failures import (
    Transient,
    describe_status,
    request_failure,
    retry_after,
    transient_status,
)
from readinggroup.adapters.transport.profiles import ARXIV_API
from readinggroup.adapters.transport.retry import call_with_retries
from readinggroup.adapters.transport.sessions import PoliteSession
from readinggroup.errors import SourceError
from readinggroup.ids import ArxivRef, find_arxiv_ref, parse_arxiv_ref
from readinggroup.models import Paper

log = logging.getLogger(__name__)
BATCH_SIZE = 100  # arXiv's page limit for one id_list request
SERVICE = "arXiv API"
# arXiv answers 429/503 when it is busy, and sometimes a page with no entries although it
# counted some; both pass after a while, so they are retried after a growing pause.
_BAD_ID = re.compile(r"incorrect id format for ([^\s<]+)")
# the package's warning when it drops an entry: "Skipping entry <id> missing <published>"
_SKIPPED = re.compile(r"Skipping entry (\S+) missing <(\w+)>")


class ArxivMetadata:
    """Looks papers up on the arXiv API, one request per 100 ids."""

    def __init__(
        self,
        base_url: str = "https://export.arxiv.org/api/query",
        *,
        delay_seconds: float = 3.0,
        session: requests.Session | None = None,
        retries: int | None = None,
        backoff: float | None = None,
        sleep: Callable[[float], None] = time.sleep,
        run: RunBudget | None = None,
    ) -> None:
        """*retries* and *backoff* override the ARXIV_API profile's (tests); *run* is the run's
        budget the failures count against."""
        attempts = None if retries is None else retries + 1
        profile = ARXIV_API.but(attempts=attempts, first_delay=backoff)
        self._session = session or PoliteSession(profile=profile, run=run)
        self._session.hooks["response"].append(self._remember)
        self._client = shims.arxiv_client(
            self._session, base_url=base_url, delay_seconds=delay_seconds
        )
        self._policy = profile.policy(run, sleep=sleep)
        self._last_body = ""
        self._last_retry_after: float | None = None
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
                return call_with_retries(
                    functools.partial(self._search, ids),
                    service=SERVICE,
                    policy=self._policy,
                    hint="try again in a few minutes",
                )
            except _Refused as refused:
                bad = self._refused_id(refused.status, ids)
                if bad is None:
                    raise SourceError(SERVICE, *_status_phrase(refused.status)) from None
                log.warning("arXiv refused the id %s as malformed; looking up the others", bad)
                ids = [paper_id for paper_id in ids if paper_id != bad]
        return []

    def _search(self, ids: list[str]) -> list[Any]:
        url = shims.arxiv_page_url(self._client, ids)
        self.requests_made += 1
        log.info("arXiv API: looking up %d ids", len(ids))
        try:
            feed, warnings = shims.arxiv_read_page(self._client, url)
        except arxiv.HTTPError as err:
            problem, _, advice = describe_status(err.status).partition("; ")
            give_up = SourceError(SERVICE, problem, advice)
            busy = transient_status(err.status, retry_after=self._last_retry_after, give_up=give_up)
            raise busy or _Refused(err.status) from None
        except requests.RequestException as err:
            raise request_failure(err, SERVICE, "check the network") from err
        # lxml's recovering parser would read a web page or half a feed as "no results"
        if "<feed" not in self._last_body[:2000] or (feed.malformed and not feed.results):
            raise SourceError(
                SERVICE,
                "sent an answer that is not an Atom feed",
                "check [sources.arxiv] base_url in readinggroup.toml, or try again later",
            )
        if "</feed>" not in self._last_body[-200:]:
            raise _glitch("kept sending answers that were cut off before their end")
        skipped = [(match[1], match[2]) for text in warnings if (match := _SKIPPED.search(text))]
        if skipped:
            paper_id, missing = skipped[0]
            raise SourceError(
                SERVICE,
                f"sent the entry of {_versioned(paper_id)} without its <{missing}> date",
                "arXiv's answer for it is broken; try again later",
            )
        if not feed.results and feed.header.total_results > 0:
            raise _glitch("kept sending empty pages")
        results: list[Any] = feed.results
        return results

    def _remember(self, response: requests.Response, *args: object, **kwargs: object) -> None:
        # the package keeps the answer to itself; the checks above need its text and header
        self._last_body = response.text
        self._last_retry_after = retry_after(response)

    def _refused_id(self, status: int, ids: list[str]) -> str | None:
        if status != 400:
            return None
        match = _BAD_ID.search(self._last_body)
        return str(match[1]) if match is not None and match[1] in ids else None


class _Refused(Exception):
    """arXiv refused the request with a status that is not worth another try."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def _glitch(problem: str) -> Transient:
    """A transient bad answer, worth asking again after a pause."""
    return Transient(problem, give_up=SourceError(SERVICE, problem, "try again in a few minutes"))


def _versioned(entry_id: str) -> str:
    """The versioned id of an entry's address (``http://arxiv.org/abs/2109.04454v1``)."""
    ref = find_arxiv_ref(entry_id)
    return ref.versioned if ref is not None else entry_id


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
