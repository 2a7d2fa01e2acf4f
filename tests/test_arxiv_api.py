"""The arXiv adapter against real recorded Atom answers (tests/fixtures/arxiv, see SOURCES.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import requests
import responses

from readinggroup.adapters.arxiv_api import ArxivMetadata
from readinggroup.adapters.transport.sessions import PoliteSession
from readinggroup.errors import SourceError
from readinggroup.ids import ArxivRef

ARXIV = Path(__file__).parent / "fixtures" / "arxiv"
QUERY = re.compile(r"https://export\.arxiv\.org/api/query\?.*")


def adapter() -> ArxivMetadata:
    # a timeout is asked again under the shared policy: the pauses are recorded, not slept
    return ArxivMetadata(
        delay_seconds=0, session=PoliteSession(retries=0, timeout=2), sleep=lambda _: None
    )


def test_converts_a_real_answer(http: responses.RequestsMock) -> None:
    body = (ARXIV / "arxiv_api_query__id_list_0808.05394+1707.08567.atom.xml").read_text("utf-8")
    http.get(QUERY, body=body)
    found = adapter().fetch([ArxivRef("0808.05394"), ArxivRef("1707.08567")])
    assert list(found) == ["1707.08567"]  # arXiv silently drops the id it does not know
    paper = found["1707.08567"]
    assert paper.version is not None
    assert paper.title
    assert paper.abstract
    assert paper.authors
    assert "\n" not in paper.title
    assert len(http.calls) == 1
    assert "id_list=0808.05394%2C1707.08567" in http.calls[0].request.url


def test_one_request_per_hundred_ids(http: responses.RequestsMock) -> None:
    empty = (ARXIV / "arxiv_api_query__id_list_0000.0000__empty.atom.xml").read_text("utf-8")
    http.get(QUERY, body=empty)
    refs = [ArxivRef(f"2109.{number:05d}") for number in range(250)]
    assert adapter().fetch(refs) == {}
    assert len(http.calls) == 3


def test_error_status_is_one_sentence(http: responses.RequestsMock) -> None:
    body = (ARXIV / "arxiv_api_query__id_list_abc__400.atom.xml").read_text("utf-8")
    http.get(QUERY, body=body, status=400)
    with pytest.raises(SourceError, match=r"^arXiv API: refused the request \(HTTP 400\)$"):
        adapter().fetch([ArxivRef("2109.04454")])


@pytest.mark.parametrize(
    ("failure", "message"),
    [
        (
            requests.ConnectTimeout("slow"),
            "arXiv API: no answer in time (timed out); check the network",
        ),
        (
            requests.ConnectionError("down"),
            "arXiv API: could not connect (network down or address wrong); check the network",
        ),
    ],
)
def test_network_failures(http: responses.RequestsMock, failure: Exception, message: str) -> None:
    http.get(QUERY, body=failure)
    with pytest.raises(SourceError) as caught:
        adapter().fetch([ArxivRef("2109.04454")])
    assert str(caught.value) == message


def test_an_unplanned_request_fails_at_once() -> None:
    """The conftest guard: a test that forgot to mock the network fails, it does not hang."""
    with pytest.raises(RuntimeError, match="network is off in tests"):
        adapter().fetch([ArxivRef("2109.04454")])
