"""arXiv metadata beyond the package's retries: backoff on 429/503 and empty pages, unknown ids.

Answers are the recorded Atom feeds of tests/fixtures/arxiv; nothing really sleeps (the pause
is recorded instead).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import responses

from readinggroup.adapters.arxiv_api import ArxivMetadata
from readinggroup.adapters.transport.sessions import PoliteSession
from readinggroup.errors import InputError, SourceError
from readinggroup.ids import ArxivRef
from readinggroup.models import ListEntry, Paper, RankedList
from readinggroup.months import Month, Window
from readinggroup.session import dump_session
from readinggroup.stages.lists import new_session
from readinggroup.stages.metadata import fill_metadata, papers_without_metadata, settle_unknown

ARXIV = Path(__file__).parent / "fixtures" / "arxiv"
QUERY = re.compile(r"https://export\.arxiv\.org/api/query\?.*")
TWO_IDS = (ARXIV / "arxiv_api_query__id_list_0808.05394+1707.08567.atom.xml").read_text("utf-8")
EMPTY = (ARXIV / "arxiv_api_query__id_list_0000.0000__empty.atom.xml").read_text("utf-8")
BAD_ID = (ARXIV / "arxiv_api_query__id_list_abc__400.atom.xml").read_text("utf-8")
# arXiv's glitch: it counts a result but sends no entry (the recorded empty feed, recounted)
GLITCH = EMPTY.replace(
    "<opensearch:totalResults>0</opensearch:totalResults>",
    "<opensearch:totalResults>1</opensearch:totalResults>",
)


def adapter(pauses: list[float]) -> ArxivMetadata:
    return ArxivMetadata(
        delay_seconds=0,
        session=PoliteSession(retries=0, timeout=2),
        retries=2,
        backoff=15,
        sleep=pauses.append,
    )


@pytest.mark.parametrize("status", [429, 503])
def test_a_busy_arxiv_is_asked_again_after_a_pause(
    http: responses.RequestsMock, status: int
) -> None:
    http.get(QUERY, status=status, body="busy")
    http.get(QUERY, body=TWO_IDS)
    pauses: list[float] = []
    found = adapter(pauses).fetch([ArxivRef("1707.08567")])
    assert list(found) == ["1707.08567"]
    assert pauses == [15]


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (429, "arXiv API: rate-limited the requests (HTTP 429); wait a few minutes and run again"),
        (503, "arXiv API: had a server error (HTTP 503); try again later"),
    ],
)
def test_backoff_grows_then_gives_up_in_one_sentence(
    http: responses.RequestsMock, status: int, message: str
) -> None:
    http.get(QUERY, status=status, body="busy")
    pauses: list[float] = []
    with pytest.raises(SourceError) as caught:
        adapter(pauses).fetch([ArxivRef("1707.08567")])
    assert str(caught.value) == message
    assert pauses == [15, 30]
    assert len(http.calls) == 3


def test_an_empty_page_is_asked_again(http: responses.RequestsMock) -> None:
    http.get(QUERY, body=GLITCH)
    http.get(QUERY, body=TWO_IDS)
    pauses: list[float] = []
    assert list(adapter(pauses).fetch([ArxivRef("1707.08567")])) == ["1707.08567"]
    assert pauses == [15]


def test_endless_empty_pages_end_in_one_sentence(http: responses.RequestsMock) -> None:
    http.get(QUERY, body=GLITCH)
    pauses: list[float] = []
    with pytest.raises(SourceError) as caught:
        adapter(pauses).fetch([ArxivRef("1707.08567")])
    assert str(caught.value) == ("arXiv API: kept sending empty pages; try again in a few minutes")
    assert pauses == [15, 30]


def test_ids_arxiv_does_not_know_cost_no_retry(http: responses.RequestsMock) -> None:
    http.get(QUERY, body=EMPTY)
    pauses: list[float] = []
    assert adapter(pauses).fetch([ArxivRef("0000.0000")]) == {}
    assert pauses == []
    assert len(http.calls) == 1


def test_a_cut_off_feed_is_asked_again_then_reported(http: responses.RequestsMock) -> None:
    http.get(QUERY, body=TWO_IDS[: len(TWO_IDS) // 2])
    pauses: list[float] = []
    with pytest.raises(SourceError) as caught:
        adapter(pauses).fetch([ArxivRef("1707.08567")])
    assert str(caught.value) == (
        "arXiv API: kept sending answers that were cut off before their end; try again in a few "
        "minutes"
    )
    assert len(http.calls) == 3


def test_a_web_page_instead_of_a_feed_is_one_sentence(http: responses.RequestsMock) -> None:
    http.get(QUERY, body="<!DOCTYPE html><html><body>Moved</body></html>")
    with pytest.raises(SourceError) as caught:
        adapter([]).fetch([ArxivRef("1707.08567")])
    assert str(caught.value) == (
        "arXiv API: sent an answer that is not an Atom feed; check [sources.arxiv] base_url in "
        "readinggroup.toml, or try again later"
    )


def test_an_id_arxiv_refuses_is_dropped_and_the_rest_looked_up(
    http: responses.RequestsMock,
) -> None:
    http.get(QUERY, status=400, body=BAD_ID)  # recorded: "incorrect id format for abc"
    http.get(QUERY, body=TWO_IDS)
    found = adapter([]).fetch([ArxivRef("abc"), ArxivRef("1707.08567")])
    assert list(found) == ["1707.08567"]
    assert "id_list=abc%2C1707.08567" in http.calls[0].request.url
    assert "id_list=1707.08567&" in http.calls[1].request.url


def test_unknown_ids_are_named_and_left_out(http: responses.RequestsMock) -> None:
    """The recorded answer drops 0808.05394 silently; the stage names it: left out of a
    ranked list, or the organiser's to fix when they wrote it in a list file."""
    http.get(QUERY, body=TWO_IDS)
    window = Window(date(2026, 9, 1), date(2026, 9, 30))
    entries = (ListEntry(1, "0808.05394"), ListEntry(2, "1707.08567"))
    session = replace(
        new_session(Month(2026, 10), title="t", window=window),
        lists=(RankedList("Top hype", ("hn",), entries),),
        papers=(Paper("0808.05394"), Paper("1707.08567")),
    )
    updated, report = fill_metadata(session, metadata=adapter([]))
    assert (report.attempted, report.done, report.failures) == (1, 1, ())
    assert "1707.08567" in dump_session(updated)
    assert [paper.id for paper in papers_without_metadata(updated)] == ["0808.05394"]
    settled = settle_unknown(updated, origins={})
    assert settled.lists[0].entries == (ListEntry(1, "1707.08567"),)
    with pytest.raises(InputError) as written:
        settle_unknown(updated, origins={"0808.05394": "lists/2026-10-hype.txt, line 1"})
    assert str(written.value) == (
        "arXiv does not know 0808.05394 (lists/2026-10-hype.txt, line 1); remove or fix it"
    )


def test_one_request_per_hundred_ids_and_no_pause_between(http: responses.RequestsMock) -> None:
    http.get(QUERY, body=EMPTY)
    pauses: list[float] = []
    metadata = adapter(pauses)
    metadata.fetch([ArxivRef(f"2609.{n:05d}") for n in range(1, 202)])
    assert len(http.calls) == metadata.requests_made == 3
    assert [call.request.url.count("%2C") + 1 for call in http.calls] == [100, 100, 1]
    assert pauses == []
