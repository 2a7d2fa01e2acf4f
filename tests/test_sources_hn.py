"""The ``hn`` source against recorded and built Algolia answers (see fixtures/SOURCES.md)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import responses

from readinggroup.adapters.sources.hn import HnSource, parse_hits, rank_stories, utc_bounds
from readinggroup.adapters.transport.sessions import PoliteSession
from readinggroup.ids import ArxivRef
from readinggroup.months import Month, Window
from readinggroup.protocols import Candidate

SOURCES = Path(__file__).parent / "fixtures" / "sources"
SEARCH = "https://hn.algolia.com/api/v1/search"
ANY_SEARCH = re.compile(re.escape(SEARCH) + r"\?.*")
SEPTEMBER = Window(date(2026, 9, 1), date(2026, 9, 30))


def fixture(name: str) -> Any:
    return json.loads((SOURCES / name).read_text("utf-8"))


def source() -> HnSource:
    return HnSource(session=PoliteSession(retries=0, timeout=2))


def register_september(http: responses.RequestsMock) -> None:
    for page in (0, 1):
        http.get(
            SEARCH,
            match=[responses.matchers.query_param_matcher({"page": str(page)}, strict_match=False)],
            json=fixture(f"hn_search__arxiv_stories_2026-09__page{page}__built.json"),
        )


def test_asks_for_arxiv_stories_posted_in_the_window_utc(http: responses.RequestsMock) -> None:
    register_september(http)
    source().rank(month=Month(2026, 10), window=SEPTEMBER, limit=10)
    params = http.calls[0].request.params
    assert params == {
        "query": "arxiv.org",
        "restrictSearchableAttributes": "url",
        "tags": "story",
        # 2026-09-01T00:00:00Z up to, not including, 2026-10-01T00:00:00Z
        "numericFilters": "created_at_i>=1788220800,created_at_i<1790812800",
        "hitsPerPage": "1000",
        "page": "0",
    }


def test_reads_every_page_and_sums_points_per_paper(http: responses.RequestsMock) -> None:
    register_september(http)
    ranked = source().rank(month=Month(2026, 10), window=SEPTEMBER, limit=20)
    assert len(http.calls) == 2
    assert ranked == [
        Candidate(ArxivRef("2609.00321", 2), 575.0),  # two stories: 530 + 45 points
        Candidate(ArxivRef("1706.03762", 7), 310.0),  # an old paper: hype has no date limit
        Candidate(ArxivRef("2609.04567", 1), 275.0),  # posted at 2026-09-01T00:00:00Z
        Candidate(ArxivRef("2609.02222", 2), 200.0),  # a tie on points: more comments first
        Candidate(ArxivRef("2609.01111"), 200.0),
        Candidate(ArxivRef("2609.03333"), 150.0),  # posted at 2026-09-30T23:59:59Z
        Candidate(ArxivRef("hep-th/9901001"), 90.0),
        Candidate(ArxivRef("2609.06001"), 60.0),
        Candidate(ArxivRef("2607.11111"), 55.0),
        Candidate(ArxivRef("2609.06002"), 33.0),
        Candidate(ArxivRef("2609.06003"), 20.0),
        Candidate(ArxivRef("2609.05555"), 0.0),  # points unknown (null)
    ]
    # left out: 2608.09999 (a second before the window), 2610.00001 (the first second
    # after it), the cs.LG listing page and a GitHub link


def test_limit_cuts_the_ranking(http: responses.RequestsMock) -> None:
    register_september(http)
    ranked = source().rank(month=Month(2026, 10), window=SEPTEMBER, limit=3)
    assert [c.ref.id for c in ranked] == ["2609.00321", "1706.03762", "2609.04567"]


@pytest.mark.parametrize(
    ("window", "bounds"),
    [
        (Window(date(2026, 9, 1), date(2026, 9, 30)), (1788220800, 1790812800)),
        (Window(date(2026, 12, 1), date(2026, 12, 31)), (1796083200, 1798761600)),  # to New Year
        (Window(date(2024, 2, 1), date(2024, 2, 29)), (1706745600, 1709251200)),  # leap day
        (Window(date(2026, 9, 30), date(2026, 9, 30)), (1790726400, 1790812800)),  # one day
    ],
)
def test_window_bounds_are_utc_midnights(window: Window, bounds: tuple[int, int]) -> None:
    assert utc_bounds(window) == bounds


def test_real_answers_without_arxiv_links_give_no_papers() -> None:
    for name in (
        "hn_algolia_search__query_gitub_restrictSearchableAttributes_url_hitsPerPage_1.json",
        "hn_algolia_search__query_javascript_restrictSearchableAttributes_title_hitsPerPage_5.json",
    ):
        hits = fixture(name)["hits"]
        assert hits
        assert parse_hits(hits, start=0, end=2**40) == []


def test_a_real_comment_on_an_arxiv_story_is_not_a_story() -> None:
    comment = fixture("hn_algolia_comment_hit_on_arxiv_story_2301.11325__excerpt.json")
    assert comment["story_url"] == "https://arxiv.org/abs/2301.11325"
    assert parse_hits([comment], start=0, end=2**40) == []


def test_an_empty_window_gives_an_empty_list(http: responses.RequestsMock) -> None:
    http.get(ANY_SEARCH, json={"hits": [], "nbHits": 0, "page": 0, "nbPages": 0})
    assert source().rank(month=Month(2026, 10), window=SEPTEMBER, limit=10) == []
    assert len(http.calls) == 1


def test_a_window_with_more_hits_than_algolia_serves_is_split(
    http: responses.RequestsMock,
) -> None:
    start, end = utc_bounds(SEPTEMBER)
    middle = (start + end) // 2
    story = fixture("hn_search__arxiv_stories_2026-09__page0__built.json")["hits"][0]

    def answer(request: Any) -> tuple[int, dict[str, str], str]:
        low, high = map(int, re.findall(r"\d+", request.params["numericFilters"]))
        if (low, high) == (start, end):
            return 200, {}, json.dumps({"hits": [story], "nbHits": 1500, "nbPages": 1})
        hit = dict(story, objectID=str(low), created_at_i=low, points=10 if low == start else 20)
        return 200, {}, json.dumps({"hits": [hit], "nbHits": 700, "nbPages": 1})

    http.add_callback(responses.GET, ANY_SEARCH, callback=answer)
    ranked = source().rank(month=Month(2026, 10), window=SEPTEMBER, limit=10)
    filters = [call.request.params["numericFilters"] for call in http.calls]
    assert filters == [
        f"created_at_i>={start},created_at_i<{end}",
        f"created_at_i>={start},created_at_i<{middle}",
        f"created_at_i>={middle},created_at_i<{end}",
    ]
    assert ranked == [Candidate(ArxivRef("2609.00321"), 30.0)]


def test_ties_keep_the_earlier_story_first() -> None:
    def hit(number: int) -> dict[str, object]:
        url = f"https://arxiv.org/abs/2609.0000{number}"
        return {"objectID": str(number), "url": url, "points": 5, "num_comments": 1}

    hits = [dict(hit(2), created_at_i=20), dict(hit(1), created_at_i=10)]
    ranked = rank_stories(parse_hits(hits, start=0, end=100))
    assert [c.ref.id for c in ranked] == ["2609.00001", "2609.00002"]
