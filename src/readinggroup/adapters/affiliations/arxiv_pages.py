"""arXiv's own pages (``/html/<id>v<n>``, ``/pdf/<id>v<n>``, ``/e-print/<id>v<n>``), fetched one
at a time and politely.

arXiv asks robots for one request every three seconds; the same rule the API client keeps holds
for its pages, and one ArxivPages per run serves every reader (著者所属 and the key figure), so
the delay holds across them. An answer from the response cache costs arXiv nothing, so it does
not wait. The HTML page is read by both: it is kept for the run and fetched once per paper; a
page larger than the profile's cap (30 MB) counts as no page.
arXiv renders HTML only for papers submitted from December 2023 on (:func:`may_have_html_page`):
an older paper's page is never asked for, since the answer can only be a 404 three seconds later.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import date

import requests

from readinggroup.adapters.affiliations.base import Answer
from readinggroup.adapters.transport import profiles
from readinggroup.adapters.transport.failures import (
    AnswerTooLarge,
    describe_status,
    request_failure,
    retry_after,
    transient_status,
)
from readinggroup.adapters.transport.retry import call_with_retries
from readinggroup.adapters.transport.sessions import PoliteSession
from readinggroup.errors import SourceError
from readinggroup.ids import ARXIV_PAGES
from readinggroup.models import Paper

log = logging.getLogger(__name__)
SERVICE = "arXiv pages"
POLITE_DELAY = 3.0  # seconds between two requests to arxiv.org
HTML_SINCE = date(2023, 12, 1)  # arXiv's HTML pages start with the submissions of this month
_NEW_STYLE_MONTH = re.compile(r"(?P<year>\d{2})(?P<month>\d{2})\.\d{4,5}")


def may_have_html_page(paper: Paper) -> bool:
    """Whether arXiv can have an HTML page (``/html/<id>v<n>``) of *paper*: only papers first
    submitted from December 2023 on were converted. The submission month is the new-style
    id's ``YYMM`` (old-style ids are from 2007 or before), else the published date."""
    match = _NEW_STYLE_MONTH.fullmatch(paper.id)
    if match is not None:
        submitted = date(2000 + int(match["year"]), int(match["month"]), 1)
    elif "/" in paper.id:
        return False
    elif paper.published is not None:
        submitted = paper.published
    else:
        return True  # nothing says when: the page may be there
    return submitted >= HTML_SINCE


class ArxivPages:
    """GETs pages of arXiv, *delay* seconds apart (*sleep* and *clock* replaceable in tests)."""

    def __init__(
        self,
        base_url: str = ARXIV_PAGES,
        *,
        session: PoliteSession | None = None,  # its every call has a timeout and a deadline
        delay: float | None = None,  # None: POLITE_DELAY
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self._base = base_url.rstrip("/")
        self._session = session or PoliteSession(profile=profiles.ARXIV_PAGES)
        self._delay = POLITE_DELAY if delay is None else delay
        self._sleep = sleep or time.sleep
        self._clock = clock or time.monotonic
        self._last: float | None = None
        self._kept: dict[str, requests.Response | None] = {}

    def get(self, path: str, *, keep: bool = False) -> requests.Response | None:
        """The page at *path* (``/html/2109.04454v1``), or None when arXiv has no such page
        (or it is larger than the session's size cap).

        Timeouts, 429 and 5xx are asked again under the shared retry policy of the session.
        With *keep*, the answer is kept for the rest of the run: a page several readers read
        is fetched once.
        """
        if path in self._kept:
            return self._kept[path]
        response = call_with_retries(
            lambda: self._get(path), service=SERVICE, policy=self._session.policy
        )
        if keep:
            self._kept[path] = response
        return response

    def _get(self, path: str) -> requests.Response | None:
        if self._last is not None:
            wait = self._last + self._delay - self._clock()
            if wait > 0:
                log.info(
                    "%s: waiting %.1f s before %s (arXiv asks 3 s between requests)",
                    SERVICE,
                    wait,
                    path,
                )
                self._sleep(wait)
        # three seconds from one request's start to the next's, as the arxiv package keeps
        started = self._clock()
        try:
            response = self._session.get(self._base + path)
        except AnswerTooLarge as err:
            self._last = self._clock()
            log.warning("%s: %s is too large to read (%s); skipped", SERVICE, path, err)
            return None
        except requests.RequestException as err:
            self._last = started
            raise request_failure(err, SERVICE, "check the network") from err
        if not getattr(response, "from_cache", False):
            self._last = started
        if response.status_code == 404:
            log.debug("%s: no page at %s", SERVICE, path)
            return None
        if response.status_code >= 400:
            problem, _, advice = describe_status(response.status_code).partition("; ")
            failure = SourceError(
                SERVICE,
                f"{problem} for {path}",
                advice or "check [sources.arxiv_pages] base_url in readinggroup.toml",
            )
            status = response.status_code
            raise (
                transient_status(status, retry_after=retry_after(response), give_up=failure)
                or failure
            )
        return response


class PageSource:
    """A source that reads one arXiv page of each paper: ``/<kind>/<id>v<n>``."""

    kind = ""
    per_paper = True  # a page per paper, arXiv's politeness delay between them
    shared = False  # another reader of the run reads the same page: keep it for the run

    def __init__(self, pages: ArxivPages) -> None:
        self._pages = pages

    def has_page(self, paper: Paper) -> bool:
        """Whether arXiv can have this kind of page of *paper* (not asked otherwise)."""
        return True

    def lookup(self, papers: Sequence[Paper]) -> Mapping[str, Sequence[Answer]]:
        """Each paper's page in turn, arXiv's politeness delay between them; no page, no answer."""
        found: dict[str, Sequence[Answer]] = {}
        for paper in papers:
            if not self.has_page(paper):
                continue
            response = self._pages.get(f"/{self.kind}/{paper.versioned_id}", keep=self.shared)
            if response is None:
                continue
            answers = self.read(response, paper)
            if answers:
                found[paper.id] = answers
        return found

    def read(self, response: requests.Response, paper: Paper) -> list[Answer]:
        """The answers on *paper*'s page."""
        raise NotImplementedError
