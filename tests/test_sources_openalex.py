"""The ``openalex`` ranking source, and ``fetch`` of a past month through the real CLI with it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import responses
from click.testing import CliRunner

from readinggroup.adapters.sources.openalex import OpenAlex, OpenAlexSource, first_published_in
from readinggroup.adapters.transport.sessions import PoliteSession
from readinggroup.cli import cli
from readinggroup.errors import SourceError
from readinggroup.ids import ArxivRef
from readinggroup.months import Month, Window
from readinggroup.protocols import Candidate
from readinggroup.session import load_session
from tests.test_fetch_cli import bench

FIXTURES = Path(__file__).parent / "fixtures" / "affiliations"
EXAMPLE = Path(__file__).parent / "fixtures" / "examples" / "2021-10" / "papers.json"
WORKS = "https://api.openalex.org/works"
SEPTEMBER_2021 = Window(date(2021, 9, 1), date(2021, 9, 30))
ARXIV_IN_SEPTEMBER = (
    "locations.source.id:S4306400194,from_publication_date:2021-09-01,"
    "to_publication_date:2021-09-30"
)


def page(cursor: str | None) -> bytes:
    number = 1 if cursor == "BUILTCURSOR1" else 0
    name = f"openalex_works__arxiv_2021-09_by_citations__page{number}__built.json"
    return (FIXTURES / name).read_bytes()


def source(mailto: str = "") -> OpenAlexSource:
    return OpenAlexSource(OpenAlex(mailto=mailto, session=PoliteSession(retries=0, timeout=2)))


@pytest.fixture
def september(http: responses.RequestsMock) -> responses.RequestsMock:
    def answer(request: Any) -> tuple[int, dict[str, str], bytes]:
        return 200, {"Content-Type": "application/json"}, page(request.params.get("cursor"))

    http.add_callback(responses.GET, re.compile(re.escape(WORKS) + r"\?.*"), callback=answer)
    return http


def test_asks_for_arxiv_works_of_the_window_sorted_by_citations(
    september: responses.RequestsMock,
) -> None:
    source(mailto="organiser@example.org").rank(
        month=Month(2021, 10), window=SEPTEMBER_2021, limit=3
    )
    assert september.calls[0].request.params == {
        "filter": ARXIV_IN_SEPTEMBER,
        "sort": "cited_by_count:desc",
        "per-page": "200",
        "select": "id,doi,publication_date,cited_by_count,locations",
        "cursor": "*",
        "mailto": "organiser@example.org",
    }


def test_ranks_by_citations_across_cursor_pages(september: responses.RequestsMock) -> None:
    ranked = source().rank(month=Month(2021, 10), window=SEPTEMBER_2021, limit=10)
    assert [call.request.params["cursor"] for call in september.calls] == ["*", "BUILTCURSOR1"]
    assert ranked == [
        Candidate(ArxivRef("2109.01652"), 3120.0),
        Candidate(ArxivRef("2109.03814"), 1405.0),  # merged with its proceedings: arXiv location
        Candidate(ArxivRef("2109.08668"), 640.0),
        Candidate(ArxivRef("2109.04454"), 320.0),
        Candidate(ArxivRef("2109.00301"), 320.0),  # a tie keeps the service's order
        Candidate(ArxivRef("2109.02846"), 290.0),
    ]  # left out: 2108.10470 (first on arXiv in August), a work without an arXiv id


def test_stops_paging_once_it_has_enough(september: responses.RequestsMock) -> None:
    ranked = source().rank(month=Month(2021, 10), window=SEPTEMBER_2021, limit=2)
    assert len(september.calls) == 1
    assert [candidate.ref.id for candidate in ranked] == ["2109.01652", "2109.03814"]


def test_the_arxiv_id_says_when_a_paper_first_appeared() -> None:
    assert first_published_in(ArxivRef("2109.00001"), SEPTEMBER_2021)
    assert not first_published_in(ArxivRef("2108.10470"), SEPTEMBER_2021)
    assert not first_published_in(ArxivRef("2110.00001"), SEPTEMBER_2021)
    assert first_published_in(ArxivRef("hep-th/9901001"), SEPTEMBER_2021)


def test_a_429_names_the_polite_pool(http: responses.RequestsMock) -> None:
    http.add(responses.GET, re.compile(re.escape(WORKS) + r"\?.*"), status=429)
    with pytest.raises(SourceError) as caught:
        source().rank(month=Month(2021, 10), window=SEPTEMBER_2021, limit=3)
    assert str(caught.value) == (
        "OpenAlex: rate-limited the requests (HTTP 429); wait a minute and run again, "
        "or set [sources.openalex] mailto"
    )


def test_an_answer_without_results_is_refused(http: responses.RequestsMock) -> None:
    http.add(responses.GET, re.compile(re.escape(WORKS) + r"\?.*"), json={"results": "none"})
    with pytest.raises(SourceError, match=r"^OpenAlex: answered in an unexpected shape"):
        source().rank(month=Month(2021, 10), window=SEPTEMBER_2021, limit=3)


# --- fetch of a past month through the real CLI, services on a local HTTP server --------------


@pytest.fixture
def services(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    for name in ("NO_PROXY", "no_proxy"):  # the local server is reached past any proxy
        monkeypatch.setenv(name, "127.0.0.1,localhost")

    class WithOpenAlex(bench.LocalServices):  # type: ignore[name-defined,misc]
        """The bench's local arXiv, plus OpenAlex's /works from the built pages."""

        def answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, str, bytes]:
            if path == "/works":
                self.counts[path] += 1
                if query["filter"] != [ARXIV_IN_SEPTEMBER]:
                    return 200, "application/json", b'{"meta": {"count": 0}, "results": []}'
                return 200, "application/json", page(query["cursor"][0])
            return super().answer(path, query)  # type: ignore[no-any-return]

    running = WithOpenAlex()
    for item in json.loads(EXAMPLE.read_text("utf-8"))["papers"]:  # the real arXiv metadata
        running.metadata[item["arxiv_id"]] = {
            "title": item["title"],
            "summary": item["abstract"],
            "authors": item["authors"],
            "published": f"{item['first_submitted'] or '2021-09-01'}T00:00:00Z",
        }
    with running.running() as served:
        yield served


def test_fetch_of_a_past_month_ranks_by_openalex_citations(services: Any, tmp_path: Path) -> None:
    (tmp_path / "readinggroup.toml").write_text(
        'translator = "none"\n'
        f'[sources.arxiv]\nbase_url = "{services.base_url}/api/query"\n'
        f'[sources.openalex]\nbase_url = "{services.base_url}"\nmailto = "organiser@example.org"\n'
        '[[lists]]\nlabel = "Top cited"\nsources = ["openalex"]\nsize = 5\n',
        "utf-8",
    )
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "fetch", "2021-10"])
    assert result.exit_code == 0, result.output
    assert dict(services.counts) == {"/works": 2, "/api/query": 1}
    session = load_session(tmp_path / "sessions" / "2021-10.yaml")
    (cited,) = session.lists
    assert (cited.label, cited.sources) == ("Top cited", ("openalex",))
    assert [(entry.id, entry.score) for entry in cited.entries] == [
        ("2109.01652", 3120.0),
        ("2109.03814", 1405.0),
        ("2109.08668", 640.0),
        ("2109.04454", 320.0),
        ("2109.00301", 320.0),
    ]
    paper = session.paper("2109.03814")
    assert paper is not None
    assert paper.title.startswith("Panoptic SegFormer")


@pytest.mark.live
def test_live_openalex_ranks_september_2021() -> None:
    """The real OpenAlex: the arXiv repository filter, date filters and sort still work."""
    ranked = OpenAlexSource(OpenAlex()).rank(month=Month(2021, 10), window=SEPTEMBER_2021, limit=10)
    assert len(ranked) == 10
    assert all(candidate.ref.id.startswith("2109.") for candidate in ranked)
    scores = [candidate.score or 0.0 for candidate in ranked]
    assert scores == sorted(scores, reverse=True)
