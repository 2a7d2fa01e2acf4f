"""Every fault of every ranking service ends in one sentence naming it, never a traceback."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import requests
import responses

from readinggroup.adapters.sources.alphaxiv import AlphaxivSource
from readinggroup.adapters.sources.hf import HfSource
from readinggroup.adapters.sources.hn import HnSource
from readinggroup.adapters.sources.s2 import S2Source
from readinggroup.adapters.transport.sessions import PoliteSession
from readinggroup.errors import ExitCode, SourceError
from readinggroup.months import Month, Window
from readinggroup.protocols import RankingSource

SOURCES = Path(__file__).parent / "fixtures" / "sources"
SEPTEMBER = Window(date(2026, 9, 1), date(2026, 9, 30))

# name → (how to build it on a session, the URLs it calls, its name in messages, a real answer)
Factory = Callable[[requests.Session], RankingSource]
SERVICES: dict[str, tuple[Factory, str, str, str]] = {
    "hf": (
        lambda session: HfSource(session=session),
        "https://huggingface.co/api/daily_papers",
        "Hugging Face Papers",
        "hf_daily_papers__month_2026-09__p2__built.json",
    ),
    "hn": (
        lambda session: HnSource(session=session),
        "https://hn.algolia.com/api/v1/search",
        "Hacker News search (Algolia)",
        "hn_algolia_search__query_javascript_restrictSearchableAttributes_title_hitsPerPage_5.json",
    ),
    "s2": (
        lambda session: S2Source(api_key="k", session=session),
        "https://api.semanticscholar.org/graph/v1/paper/search/bulk",
        "Semantic Scholar",
        "s2_search_bulk__2026-09__page1__built.json",
    ),
    "alphaxiv": (
        lambda session: AlphaxivSource(session=session, today=lambda: date(2026, 10, 5)),
        "https://api.alphaxiv.org/papers/v3/feed",
        "alphaXiv (unofficial API)",
        "alphaxiv_papers_v3_feed__likes_30_days__built.json",
    ),
}

HTML_PAGE = (
    "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
    "<body><h1>Bad Gateway</h1></body></html>"
)


def truncated(name: str) -> str:
    text = (SOURCES / name).read_text("utf-8")
    return text[: len(text) // 2]


FAULTS: dict[str, tuple[dict[str, object], str, int]] = {
    # fault → (what responses answers, the message after "<service>: ", calls made)
    "timeout": (
        {"body": requests.ReadTimeout("read timed out")},
        "no answer in time (timed out); check the network and run again",
        3,  # a timeout is asked again under the one retry policy, like a 429
    ),
    "connection": (
        {"body": requests.ConnectionError("refused")},
        "could not connect (network down or address wrong); check the network and run again",
        1,
    ),
    "429": (
        {"status": 429, "json": {"message": "Too Many Requests"}, "headers": {"Retry-After": "0"}},
        "rate-limited the requests (HTTP 429); wait a few minutes and run again",
        3,
    ),
    "500": (
        {"status": 500, "body": "Internal Server Error"},
        "had a server error (HTTP 500); try again later",
        3,
    ),
    "html": (
        {"status": 200, "body": HTML_PAGE, "content_type": "text/html; charset=utf-8"},
        "answered with a web page instead of JSON; the service may be down or its address or "
        "API may have changed; try again later",
        1,
    ),
    "html as json": (
        {"status": 200, "body": HTML_PAGE, "content_type": "application/json"},
        "answered with a web page instead of JSON; the service may be down or its address or "
        "API may have changed; try again later",
        1,
    ),
    "empty": (
        {"status": 200, "body": "", "content_type": "application/json"},
        "sent an empty answer; try again later",
        1,
    ),
    "not json": (
        {"status": 200, "body": "ok", "content_type": "application/json"},
        "sent an answer that is not JSON; try again later",
        1,
    ),
}


@pytest.mark.parametrize("fault", [*FAULTS, "truncated"])
@pytest.mark.parametrize("name", list(SERVICES))
def test_fault_is_one_sentence(http: responses.RequestsMock, name: str, fault: str) -> None:
    factory, url, service, sample = SERVICES[name]
    if fault == "truncated":
        answer: dict[str, object] = {"body": truncated(sample), "content_type": "application/json"}
        message, calls = "sent an answer that was cut off before its end; try again later", 1
    else:
        answer, message, calls = FAULTS[fault]
    http.add(responses.GET, re.compile(re.escape(url) + r"\?.*"), **answer)  # type: ignore[arg-type]
    session = PoliteSession(retries=2, backoff=0, timeout=1)
    with pytest.raises(SourceError) as caught:
        factory(session).rank(month=Month(2026, 10), window=SEPTEMBER, limit=10)
    assert str(caught.value) == f"{service}: {message}"
    assert caught.value.exit_code == ExitCode.SERVICE
    assert "\n" not in str(caught.value)
    assert len(http.calls) == calls  # 429 and 5xx are retried first
