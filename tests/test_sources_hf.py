"""The ``hf`` source against recorded and built daily_papers answers (see fixtures/SOURCES.md)."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import responses
from hypothesis import given
from hypothesis import strategies as st

from readinggroup.adapters.sources.hf import HfSource, parse_daily_papers, window_queries
from readinggroup.adapters.transport.sessions import PoliteSession
from readinggroup.errors import SourceError
from readinggroup.ids import ArxivRef
from readinggroup.months import Month, Window
from readinggroup.protocols import Candidate

SOURCES = Path(__file__).parent / "fixtures" / "sources"
DAILY = "https://huggingface.co/api/daily_papers"
SEPTEMBER = Window(date(2026, 9, 1), date(2026, 9, 30))


def fixture(name: str) -> Any:
    return json.loads((SOURCES / name).read_text("utf-8"))


def source(page_size: int = 100) -> HfSource:
    return HfSource(session=PoliteSession(retries=0, timeout=2), page_size=page_size)


def register_september(http: responses.RequestsMock) -> None:
    for page in range(3):
        query = {"month": "2026-09", "p": str(page), "limit": "100"}
        http.get(
            DAILY,
            match=[responses.matchers.query_param_matcher(query)],
            json=fixture(f"hf_daily_papers__month_2026-09__p{page}__built.json"),
        )


def test_real_2024_element_becomes_a_candidate() -> None:
    answer = fixture("hf_api_daily_papers__default_2024-10-25__first_element.json")
    page = parse_daily_papers(answer)
    assert page.size == 1
    (item,) = page.featured
    assert (item.ref, item.upvotes, item.comments) == (ArxivRef("2410.17243"), 64, 3)


def test_real_2026_element_becomes_a_candidate() -> None:
    element = fixture("hf_api_daily_papers__2026-03__one_item_prettyprinted.json")
    (item,) = parse_daily_papers([element]).featured
    assert (item.ref, item.upvotes, item.comments) == (ArxivRef("2602.23229"), 10, 1)


def test_reads_every_page_and_ranks_by_upvotes(http: responses.RequestsMock) -> None:
    register_september(http)
    ranked = source().rank(month=Month(2026, 10), window=SEPTEMBER, limit=5)
    assert ranked == [
        Candidate(ArxivRef("2609.01234"), 412.0),  # the best paper sits on the last page
        Candidate(ArxivRef("2609.00042"), 250.0),  # a tie on upvotes: more comments first
        Candidate(ArxivRef("2609.00777"), 250.0),
        Candidate(ArxivRef("2609.00500"), 180.0),
        Candidate(ArxivRef("2609.00321"), 150.0),
    ]
    assert len(http.calls) == 3  # the short third page is the last one


def test_a_paper_repeated_across_pages_counts_once(http: responses.RequestsMock) -> None:
    register_september(http)
    ranked = source().rank(month=Month(2026, 10), window=SEPTEMBER, limit=1000)
    ids = [candidate.ref.id for candidate in ranked]
    assert len(ids) == len(set(ids)) == 237


def test_a_server_that_ignores_the_page_number_is_not_paged_forever(
    http: responses.RequestsMock,
) -> None:
    page = fixture("hf_daily_papers__month_2026-09__p0__built.json")
    http.get(re.compile(re.escape(DAILY) + r"\?.*"), json=page)
    ranked = source().rank(month=Month(2026, 10), window=SEPTEMBER, limit=3)
    assert len(http.calls) == 2
    assert [c.ref.id for c in ranked] == ["2609.00042", "2609.00500", "2609.10077"]


def test_a_server_that_caps_the_page_size_is_still_read_to_the_end(
    http: responses.RequestsMock,
) -> None:
    items = [
        item
        for page in range(3)
        for item in fixture(f"hf_daily_papers__month_2026-09__p{page}__built.json")
    ]
    for page, start in enumerate((0, 50, 100, 150, 200)):
        http.get(
            DAILY,
            match=[responses.matchers.query_param_matcher({"p": str(page)}, strict_match=False)],
            json=items[start : start + 50],
        )
    ranked = source().rank(month=Month(2026, 10), window=SEPTEMBER, limit=1)
    assert len(http.calls) == 5  # 50, 50, 50, 50 and the short last page of 38
    assert ranked == [Candidate(ArxivRef("2609.01234"), 412.0)]


def test_an_empty_month_gives_an_empty_list(http: responses.RequestsMock) -> None:
    http.get(re.compile(re.escape(DAILY) + r"\?.*"), json=[])
    assert source().rank(month=Month(2026, 10), window=SEPTEMBER, limit=10) == []
    assert len(http.calls) == 1


def test_a_window_before_daily_papers_is_refused_with_alternatives() -> None:
    window = Window(date(2021, 9, 1), date(2021, 9, 30))
    with pytest.raises(SourceError) as caught:
        source().rank(month=Month(2021, 10), window=window, limit=10)
    assert str(caught.value) == (
        "Hugging Face Papers: has no Daily Papers before May 2023 (the window is "
        '2021-09-01..2021-09-30); rank older months with sources = ["openalex"], ["s2"] or a '
        'pasted "file" list'
    )


@pytest.mark.parametrize(
    ("start", "end", "queries"),
    [
        ("2026-09-01", "2026-09-30", [{"month": "2026-09"}]),
        ("2024-02-01", "2024-02-29", [{"month": "2024-02"}]),  # a leap February
        ("2025-12-01", "2026-01-31", [{"month": "2025-12"}, {"month": "2026-01"}]),
        ("2026-09-07", "2026-09-13", [{"week": "2026-W37"}]),
        ("2026-09-30", "2026-10-01", [{"date": "2026-09-30"}, {"date": "2026-10-01"}]),
        (
            "2026-08-30",
            "2026-10-02",
            [
                {"date": "2026-08-30"},
                {"date": "2026-08-31"},
                {"month": "2026-09"},
                {"date": "2026-10-01"},
                {"date": "2026-10-02"},
            ],
        ),
        (
            "2026-09-19",
            "2026-10-13",
            [
                {"date": "2026-09-19"},
                {"date": "2026-09-20"},
                {"week": "2026-W39"},
                {"week": "2026-W40"},
                {"week": "2026-W41"},
                {"date": "2026-10-12"},
                {"date": "2026-10-13"},
            ],
        ),
        ("2020-12-28", "2021-01-03", [{"week": "2020-W53"}]),  # an ISO week across New Year
    ],
)
def test_window_queries_cover_exactly_the_window(
    start: str, end: str, queries: list[dict[str, str]]
) -> None:
    assert window_queries(Window(date.fromisoformat(start), date.fromisoformat(end))) == queries


def test_a_window_straddling_the_start_asks_only_from_may_2023(
    http: responses.RequestsMock,
) -> None:
    http.get(re.compile(re.escape(DAILY) + r"\?.*"), json=[])
    window = Window(date(2023, 4, 1), date(2023, 5, 31))
    source().rank(month=Month(2023, 6), window=window, limit=10)
    assert [call.request.params for call in http.calls] == [
        {"month": "2023-05", "p": "0", "limit": "100"}
    ]


def _days(query: dict[str, str]) -> list[date]:
    if "month" in query:
        month = Month.parse(query["month"])
        return [month.first_day + timedelta(days=n) for n in range(month.last_day.day)]
    if "week" in query:
        year, week = query["week"].split("-W")
        monday = date.fromisocalendar(int(year), int(week), 1)
        return [monday + timedelta(days=n) for n in range(7)]
    return [date.fromisoformat(query["date"])]


@given(
    start=st.dates(min_value=date(2023, 5, 1), max_value=date(2030, 12, 31)),
    length=st.integers(min_value=0, max_value=120),
)
def test_window_queries_never_miss_or_repeat_a_day(start: date, length: int) -> None:
    window = Window(start, start + timedelta(days=length))
    days = [day for query in window_queries(window) for day in _days(query)]
    assert days == [start + timedelta(days=n) for n in range(length + 1)]
