"""The ``alphaxiv`` source against a feed built from public client code (fixtures/SOURCES.md)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import responses

from readinggroup.adapters.sources.alphaxiv import AlphaxivSource, feed_interval
from readinggroup.adapters.transport.sessions import PoliteSession
from readinggroup.errors import SourceError
from readinggroup.ids import ArxivRef
from readinggroup.months import Month, Window
from readinggroup.protocols import Candidate

SOURCES = Path(__file__).parent / "fixtures" / "sources"
FEED = re.compile(re.escape("https://api.alphaxiv.org/papers/v3/feed") + r"\?.*")
SEPTEMBER = Window(date(2026, 9, 1), date(2026, 9, 30))
FEED_FIXTURE = "alphaxiv_papers_v3_feed__likes_30_days__built.json"


def fixture(name: str) -> Any:
    return json.loads((SOURCES / name).read_text("utf-8"))


def source(today: date = date(2026, 10, 5)) -> AlphaxivSource:
    return AlphaxivSource(session=PoliteSession(retries=0, timeout=2), today=lambda: today)


def test_ranks_the_window_by_likes(http: responses.RequestsMock) -> None:
    http.get(FEED, json=fixture(FEED_FIXTURE))
    ranked = source().rank(month=Month(2026, 10), window=SEPTEMBER, limit=10)
    assert ranked == [
        Candidate(ArxivRef("2609.00321"), 118.0),
        Candidate(ArxivRef("2609.00777"), 64.0),  # a tie on likes: more visits first
        Candidate(ArxivRef("2609.01234"), 64.0),
    ]  # left out: 2608.05594, first published before the window
    assert http.calls[0].request.params == {
        "pageNum": "0",
        "pageSize": "50",
        "sort": "Likes",
        "interval": "90 Days",
        "topics": "[]",
    }
    # a short first page may be the server's own cap: the next page (the same, here) tells
    assert len(http.calls) == 2


@pytest.mark.parametrize(
    ("today", "interval"),
    [
        (date(2026, 9, 3), "3 Days"),
        (date(2026, 9, 7), "7 Days"),
        (date(2026, 9, 30), "30 Days"),
        (date(2026, 10, 1), "90 Days"),
        (date(2026, 11, 29), "90 Days"),
        (date(2026, 11, 30), "All time"),
    ],
)
def test_the_interval_reaches_back_to_the_window(today: date, interval: str) -> None:
    assert feed_interval(SEPTEMBER, today) == interval


def small_pages() -> AlphaxivSource:
    return AlphaxivSource(
        session=PoliteSession(retries=0), today=lambda: date(2026, 10, 5), page_size=2
    )


def test_pages_until_enough_papers_of_the_window(http: responses.RequestsMock) -> None:
    papers = fixture(FEED_FIXTURE)["papers"]
    http.get(FEED, json={"page": 0, "papers": papers[:2]})
    http.get(FEED, json={"page": 1, "papers": papers[2:]})
    ranked = small_pages().rank(month=Month(2026, 10), window=SEPTEMBER, limit=2)
    assert [call.request.params["pageNum"] for call in http.calls] == ["0", "1"]
    assert [c.ref.id for c in ranked] == ["2609.00321", "2609.00777"]


def test_a_server_that_ignores_the_page_number_is_not_paged_forever(
    http: responses.RequestsMock,
) -> None:
    papers = fixture(FEED_FIXTURE)["papers"]
    http.get(FEED, json={"page": 0, "papers": papers[:2]})
    ranked = small_pages().rank(month=Month(2026, 10), window=SEPTEMBER, limit=5)
    assert len(http.calls) == 2
    assert [c.ref.id for c in ranked] == ["2609.00321"]


@pytest.mark.parametrize(
    "answer",
    [
        {"data": []},  # the list renamed
        [{"universal_paper_id": "2609.00321"}],  # no envelope
        {"papers": [{"paper_id": "2609.00321"}]},  # the id renamed
        {"papers": ["2609.00321"]},
    ],
)
def test_a_changed_api_is_one_clear_error(http: responses.RequestsMock, answer: Any) -> None:
    http.get(FEED, json=answer)
    with pytest.raises(SourceError) as caught:
        source().rank(month=Month(2026, 10), window=SEPTEMBER, limit=10)
    message = str(caught.value)
    assert message.startswith("alphaXiv (unofficial API): answered in an unexpected shape (")
    assert message.endswith(
        "; its API may have changed; try again later or use another source for this list"
    )


def test_a_moved_endpoint_says_to_use_another_source(http: responses.RequestsMock) -> None:
    http.get(FEED, status=404, body="Not Found")
    with pytest.raises(SourceError) as caught:
        source().rank(month=Month(2026, 10), window=SEPTEMBER, limit=10)
    assert str(caught.value) == (
        "alphaXiv (unofficial API): refused the request (HTTP 404); its unofficial API may have "
        "moved; use another source for this list"
    )
