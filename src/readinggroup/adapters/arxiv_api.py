"""arXiv metadata through the ``arxiv`` package: batched ``id_list`` lookups, ≤100 ids each.

The package keeps arXiv's 3-second politeness delay between requests; this adapter adds what it
lacks (a timeout, backoff on 429/503 with Retry-After) through the shared session, and converts
``arxiv.Result`` into the core's Paper here and nowhere else.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence

import arxiv
import requests

from readinggroup.adapters.http import PoliteSession, describe_failure, describe_status
from readinggroup.errors import SourceError
from readinggroup.ids import ArxivRef, parse_arxiv_ref
from readinggroup.models import Paper

log = logging.getLogger(__name__)
BATCH_SIZE = 100  # arXiv's page limit for one id_list request
SERVICE = "arXiv API"


class ArxivMetadata:
    """Looks papers up on the arXiv API, one request per 100 ids."""

    def __init__(
        self,
        base_url: str = "https://export.arxiv.org/api/query",
        *,
        delay_seconds: float = 3.0,
        session: requests.Session | None = None,
    ) -> None:
        self._client = arxiv.Client(page_size=BATCH_SIZE, delay_seconds=delay_seconds)
        # Retries live in the session (with backoff); the package's own retries have none.
        self._client.num_retries = 0
        self._client._session = session or PoliteSession()
        self._client.query_url_format = base_url.rstrip("?") + "?{}"
        self.requests_made = 0

    def fetch(self, refs: Sequence[ArxivRef]) -> Mapping[str, Paper]:
        """Metadata of *refs* keyed by bare id; ids arXiv does not know are left out."""
        found: dict[str, Paper] = {}
        unique = list(dict.fromkeys(ref.id for ref in refs))
        for batch in _batches(unique, BATCH_SIZE):
            for result in self._search(batch):
                paper = to_paper(result)
                found[paper.id] = paper
        return found

    def _search(self, ids: list[str]) -> list[arxiv.Result]:
        search = arxiv.Search(id_list=ids, max_results=len(ids))
        self.requests_made += 1
        try:
            return list(self._client.results(search))
        except arxiv.HTTPError as err:
            raise SourceError(SERVICE, describe_status(err.status)) from err
        except arxiv.UnexpectedEmptyPageError as err:
            raise SourceError(SERVICE, "returned an empty page", "try again later") from err
        except requests.RequestException as err:
            raise SourceError(SERVICE, describe_failure(err), "check the network") from err


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
