"""The ``s2`` source against a recorded bulk-search cassette and built pages (see SOURCES.md)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import responses
import yaml

from readinggroup.adapters.sources.s2 import S2Source
from readinggroup.adapters.transport.sessions import PoliteSession
from readinggroup.errors import SourceError
from readinggroup.ids import ArxivRef
from readinggroup.months import Month, Window
from readinggroup.protocols import Candidate

SOURCES = Path(__file__).parent / "fixtures" / "sources"
BULK = "https://api.semanticscholar.org/graph/v1/paper/search/bulk"
ANY_BULK = re.compile(re.escape(BULK) + r"\?.*")
SEPTEMBER = Window(date(2026, 9, 1), date(2026, 9, 30))


def fixture(name: str) -> Any:
    return json.loads((SOURCES / name).read_text("utf-8"))


def source(api_key: str | None = None) -> S2Source:
    return S2Source(api_key=api_key, session=PoliteSession(retries=0, timeout=2))


def register_september(http: responses.RequestsMock) -> None:
    def answer(request: Any) -> tuple[int, dict[str, str], str]:
        page = 1 if request.params.get("token") == "BUILTTOKEN1" else 0
        return 200, {}, json.dumps(fixture(f"s2_search_bulk__2026-09__page{page}__built.json"))

    http.add_callback(responses.GET, ANY_BULK, callback=answer)


def test_asks_for_the_window_sorted_by_citations(http: responses.RequestsMock) -> None:
    register_september(http)
    source().rank(month=Month(2026, 10), window=SEPTEMBER, limit=10)
    assert http.calls[0].request.params == {  # no query: bulk search documents it as optional
        "publicationDateOrYear": "2026-09-01:2026-09-30",
        "sort": "citationCount:desc",
        "fields": "externalIds,citationCount,publicationDate",
    }
    assert "x-api-key" not in http.calls[0].request.headers


def test_ranks_arxiv_papers_of_the_window_across_pages(http: responses.RequestsMock) -> None:
    register_september(http)
    ranked = source().rank(month=Month(2026, 10), window=SEPTEMBER, limit=10)
    assert [call.request.params.get("token") for call in http.calls] == [None, "BUILTTOKEN1"]
    assert ranked == [
        Candidate(ArxivRef("2609.00042"), 120.0),
        Candidate(ArxivRef("2609.04567"), 64.0),  # first day; a tie keeps the service's order
        Candidate(ArxivRef("2609.03333"), 64.0),  # last day
        Candidate(ArxivRef("2609.08888"), 7.0),  # a year-only date passed the service's filter
    ]  # left out: a paper without an arXiv id, one published 2026-08-30


def test_stops_paging_once_it_has_enough(http: responses.RequestsMock) -> None:
    register_september(http)
    ranked = source().rank(month=Month(2026, 10), window=SEPTEMBER, limit=2)
    assert len(http.calls) == 1
    assert [c.ref.id for c in ranked] == ["2609.00042", "2609.04567"]


def test_follows_the_real_continuation_tokens_to_the_end(http: responses.RequestsMock) -> None:
    """A recorded cassette (no arXiv ids in it): every page is read, nothing is ranked."""
    cassette = yaml.safe_load(
        (SOURCES / "s2_graph_v1_paper_search_bulk__sort_citationCount_desc.vcr.yaml").read_text(
            "utf-8"
        )
    )
    bodies = {}
    for interaction in cassette["interactions"]:
        token = re.search(r"[?&]token=([^&]+)", interaction["request"]["uri"])
        bodies[token[1] if token else None] = interaction["response"]["body"]["string"]

    def answer(request: Any) -> tuple[int, dict[str, str], str]:
        return 200, {"Content-Type": "application/json"}, bodies[request.params.get("token")]

    http.add_callback(responses.GET, ANY_BULK, callback=answer)
    assert source().rank(month=Month(2026, 10), window=SEPTEMBER, limit=10) == []
    assert len(http.calls) == 4


def test_the_key_comes_from_the_caller_and_goes_in_a_header(http: responses.RequestsMock) -> None:
    register_september(http)
    source(api_key="secret-key").rank(month=Month(2026, 10), window=SEPTEMBER, limit=1)
    assert http.calls[0].request.headers["x-api-key"] == "secret-key"


@pytest.mark.parametrize(
    ("api_key", "message"),
    [
        (
            None,
            "Semantic Scholar: rate-limited the requests (HTTP 429); wait a few minutes and run "
            "again, or set S2_API_KEY for a higher rate limit",
        ),
        (
            "secret-key",
            "Semantic Scholar: rate-limited the requests (HTTP 429); wait a few minutes and run "
            "again",
        ),
    ],
)
def test_429_says_what_to_do(
    http: responses.RequestsMock, api_key: str | None, message: str
) -> None:
    http.get(ANY_BULK, status=429, json={"message": "Too Many Requests"})
    with pytest.raises(SourceError) as caught:
        source(api_key).rank(month=Month(2026, 10), window=SEPTEMBER, limit=10)
    assert str(caught.value) == message


def test_429_is_retried_before_giving_up(http: responses.RequestsMock) -> None:
    http.get(ANY_BULK, status=429, json={"message": "Too Many Requests"})
    http.get(ANY_BULK, json=fixture("s2_search_bulk__2026-09__page1__built.json"))
    session = PoliteSession(retries=2, backoff=0, timeout=2)
    ranked = S2Source(session=session).rank(month=Month(2026, 10), window=SEPTEMBER, limit=1)
    assert [c.ref.id for c in ranked] == ["2609.03333"]
    assert [call.response.status_code for call in http.calls] == [429, 200]


def test_an_empty_result_may_leave_out_the_data(http: responses.RequestsMock) -> None:
    http.get(ANY_BULK, json={"total": 0})
    assert source().rank(month=Month(2026, 10), window=SEPTEMBER, limit=10) == []
