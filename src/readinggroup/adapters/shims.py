"""Every use of a library's private API, in one place, each checked by ``tests/test_shims.py``.

The ``arxiv`` package's result iterator hides the count that tells arXiv's empty-page glitch
from ids it does not know, and takes no session; the page reader underneath it does both. The
``deepl`` package takes no session either; its client's session gets the shared deadline.
When an upgrade renames any of these, the shim test fails naming the attribute, instead of
a fetch failing for users.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import requests

# The arxiv package logs "Malformed feed…" and "Skipping entry…" as warnings of its own; they
# are read here and turned into our sentences, never printed raw on stderr.
log = logging.getLogger(__name__)
_ARXIV_LOGGER = logging.getLogger("arxiv")
_ARXIV_LOGGER.propagate = False
_ARXIV_LOGGER.addHandler(logging.NullHandler())
_ARXIV_LOGGER.setLevel(logging.INFO)  # its "Sleeping: 3.0 seconds" is said again below, in -v


def arxiv_client(session: requests.Session, *, base_url: str, delay_seconds: float) -> Any:
    """An ``arxiv.Client`` that sends its requests through *session* to *base_url*.

    Its own retries are off: they repeat at once; the adapter retries under the shared policy.
    """
    import arxiv

    client = arxiv.Client(page_size=100, delay_seconds=delay_seconds, num_retries=0)
    client._session = session
    client.query_url_format = base_url.rstrip("?") + "?{}"
    return client


def arxiv_page_url(client: Any, id_list: list[str]) -> str:
    """The URL of the one page that looks up *id_list*."""
    import arxiv

    search = arxiv.Search(id_list=id_list, max_results=len(id_list))
    url: str = client._format_url(search, 0, len(id_list))
    return url


class _Collect(logging.Handler):
    """Keeps the package's warnings for the adapter; says its politeness pauses in our log."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            self.messages.append(record.getMessage())
        elif record.getMessage().startswith("Sleeping"):
            seconds = record.getMessage().split()[1]  # "Sleeping: 2.98 seconds"
            log.info("arXiv API: waiting %s s between requests (arXiv's politeness delay)", seconds)


@contextmanager
def _arxiv_warnings() -> Iterator[list[str]]:
    collect = _Collect()
    _ARXIV_LOGGER.addHandler(collect)
    try:
        yield collect.messages
    finally:
        _ARXIV_LOGGER.removeHandler(collect)


def arxiv_read_page(client: Any, url: str) -> tuple[Any, list[str]]:
    """The parsed feed at *url* (the package's politeness delay kept) and the warnings the
    package logged while parsing it (entries it skipped, a malformed feed)."""
    with _arxiv_warnings() as warnings:
        feed = client._parse_feed(url, first_page=True)
    return feed, warnings


def deepl_session(client: Any) -> requests.Session:
    """The requests.Session a ``deepl.DeepLClient`` sends through."""
    session: requests.Session = client._client._session
    return session
