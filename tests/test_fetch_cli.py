"""``readinggroup fetch``/``show`` end to end with the real adapters.

The services live on a local HTTP server (bench/bench_fetch.py's LocalServices, answering from
tests/fixtures/sources) reached through the configurable base URLs, or are mocked with
``responses`` to inject faults. A ``--live`` test asks the real services.
"""

from __future__ import annotations

import importlib.util
import re
import sqlite3
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import requests
import responses
from click.testing import CliRunner, Result

from readinggroup.cli import cli
from readinggroup.months import Month
from readinggroup.session import load_session

REPO = Path(__file__).parent.parent
SOURCES = Path(__file__).parent / "fixtures" / "sources"


def _bench() -> Any:
    spec = importlib.util.spec_from_file_location("bench_fetch", REPO / "bench" / "bench_fetch.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


bench = _bench()


@pytest.fixture
def services() -> Iterator[Any]:
    with bench.LocalServices().running() as running:
        yield running


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    root = tmp_path / "work"
    root.mkdir()
    return root


def run(workdir: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["-C", str(workdir), *args])


def test_fetch_fills_both_default_lists(services: Any, workdir: Path) -> None:
    (workdir / "readinggroup.toml").write_text(services.config(), "utf-8")
    result = run(workdir, "fetch", "2026-10")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{workdir}/sessions/2026-10.yaml\n"
    assert result.stderr.splitlines() == [  # off a terminal: plain lines, no control codes
        "arXiv API: 19 papers to do",
        "arXiv API: 19/19 papers",
        "looked up 19 papers",
    ]
    assert dict(services.counts) == {
        "/api/daily_papers": 3,  # three result pages
        "/api/v1/search": 2,  # two result pages
        "/api/query": 1,  # 19 papers: one arXiv request
    }
    session = load_session(workdir / "sessions" / "2026-10.yaml")
    assert str(session.window) == "2026-09-01..2026-09-30"
    recent, hype = session.lists
    assert (recent.label, recent.sources, len(recent.entries)) == ("Top recent", ("hf",), 10)
    assert (hype.label, hype.sources, len(hype.entries)) == ("Top hype", ("hn",), 10)
    assert [e.id for e in recent.entries[:3]] == ["2609.01234", "2609.00042", "2609.00777"]
    assert (hype.entries[0].id, hype.entries[0].score) == ("2609.00321", 575.0)
    assert hype.entries[0].scores == {"hn": 575.0}
    paper = session.paper("2609.00321")
    assert paper is not None
    assert paper.title == "Built fixture paper 2609.00321"
    assert paper.version == 2  # the version HN linked wins over arXiv's
    assert len(session.papers) == 19


def test_a_second_fetch_reuses_answers_and_refresh_asks_again(services: Any, workdir: Path) -> None:
    (workdir / "readinggroup.toml").write_text(services.config(), "utf-8")
    assert run(workdir, "fetch", "2026-10").exit_code == 0
    path = workdir / "sessions" / "2026-10.yaml"
    path.write_text(path.read_text("utf-8").replace("notes: ''", "notes: 読む", 1), "utf-8")
    services.counts.clear()
    again = run(workdir, "fetch", "2026-10")
    assert again.exit_code == 0, again.output
    assert sum(services.counts.values()) == 0
    refreshed = run(workdir, "fetch", "2026-10", "--refresh")
    assert refreshed.exit_code == 0, refreshed.output
    assert dict(services.counts) == {"/api/daily_papers": 3, "/api/v1/search": 2}
    assert "notes: 読む" in path.read_text("utf-8")


def test_show_prints_the_lists_as_a_table(services: Any, workdir: Path) -> None:
    (workdir / "readinggroup.toml").write_text(services.config(), "utf-8")
    assert run(workdir, "fetch", "2026-10").exit_code == 0
    result = run(workdir, "show", "2026-10")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].strip() == "Top recent"
    assert any(
        "2609.00321" in line and "575" in line and "重複 → Top recent #5" in line for line in lines
    )
    assert any("hep-th/9901001" in line and "An old-style identifier" in line for line in lines)
    assert result.stderr == ""


def _hf_url() -> re.Pattern[str]:
    return re.compile(re.escape("https://huggingface.co/api/daily_papers") + r"\?.*")


FAULTS: dict[str, tuple[dict[str, object], str]] = {
    "timeout": (
        {"body": requests.ReadTimeout("timed out")},
        "no answer in time (timed out); check the network and run again",
    ),
    "429": (
        {"status": 429, "json": {"error": "rate limited"}},
        "rate-limited the requests (HTTP 429); wait a few minutes and run again",
    ),
    "500": ({"status": 500, "body": "oops"}, "had a server error (HTTP 500); try again later"),
    "html": (
        {"body": "<!doctype html><title>Hugging Face</title>", "content_type": "text/html"},
        "answered with a web page instead of JSON; the service may be down or its address or "
        "API may have changed; try again later",
    ),
    "truncated": (
        {
            "body": (SOURCES / "hf_daily_papers__month_2026-09__p2__built.json").read_text()[:5000],
            "content_type": "application/json",
        },
        "sent an answer that was cut off before its end; try again later",
    ),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_fault_is_one_line_and_writes_no_session(
    http: responses.RequestsMock, workdir: Path, fault: str
) -> None:
    answer, message = FAULTS[fault]
    http.add(responses.GET, _hf_url(), **answer)  # type: ignore[arg-type]
    (workdir / "readinggroup.toml").write_text('translator = "none"\n', "utf-8")
    result = run(workdir, "fetch", "2026-10")
    assert result.exit_code == 3
    assert result.stderr == f"Error: Hugging Face Papers: {message}\n"
    assert result.stdout == ""
    assert not (workdir / "sessions").exists()


@pytest.mark.parametrize("fault", ["429", "html"])
def test_a_fault_leaves_an_existing_session_untouched(
    services: Any, http: responses.RequestsMock, workdir: Path, fault: str
) -> None:
    (workdir / "readinggroup.toml").write_text(services.config(), "utf-8")
    http.add_passthru(services.base_url)
    assert run(workdir, "fetch", "2026-10").exit_code == 0
    path = workdir / "sessions" / "2026-10.yaml"
    before = path.read_bytes()
    # Hugging Face back at its real address, where the mock answers with the fault
    hf_local = f'[sources.hf]\nbase_url = "{services.base_url}"\n'
    (workdir / "readinggroup.toml").write_text(services.config().replace(hf_local, ""), "utf-8")
    http.add(responses.GET, _hf_url(), **FAULTS[fault][0])  # type: ignore[arg-type]
    result = run(workdir, "fetch", "2026-10", "--refresh")
    assert result.exit_code == 3
    assert result.stderr.startswith("Error: Hugging Face Papers: ")
    assert result.stderr.count("\n") == 1
    assert path.read_bytes() == before


def test_arxiv_down_after_ranking_keeps_the_ranks_and_a_rerun_finishes(
    services: Any, workdir: Path
) -> None:
    config = services.config()
    broken = config.replace(f"{services.base_url}/api/query", f"{services.base_url}/gone")
    (workdir / "readinggroup.toml").write_text(broken, "utf-8")
    failed = run(workdir, "fetch", "2026-10")
    assert failed.exit_code == 3
    assert failed.stderr.splitlines()[-1] + "\n" == (
        "Error: arXiv API: refused the request (HTTP 404); check [sources.arxiv] base_url in "
        "readinggroup.toml\n"
    )
    session = load_session(workdir / "sessions" / "2026-10.yaml")
    assert [len(ranked.entries) for ranked in session.lists] == [10, 10]
    assert not any(paper.has_metadata for paper in session.papers)

    (workdir / "readinggroup.toml").write_text(config, "utf-8")
    services.counts.clear()
    fixed = run(workdir, "fetch", "2026-10")
    assert fixed.exit_code == 0, fixed.output
    assert dict(services.counts) == {"/api/query": 1}  # the rankings came from the cache
    session = load_session(workdir / "sessions" / "2026-10.yaml")
    assert all(paper.has_metadata for paper in session.papers)


def test_hf_before_2023_names_the_alternatives(workdir: Path) -> None:
    result = run(workdir, "fetch", "2021-10")  # a newcomer's first try: no config yet
    assert result.exit_code == 3
    assert result.stderr == (
        f"WARNING: no readinggroup.toml in {workdir.resolve()}: using the defaults (lists Top "
        "recent (hf), Top hype (hn), translator google, extractive summaries, the built-in "
        "look); run `readinggroup init` to write one you can edit\n"
        "Error: Hugging Face Papers: has no Daily Papers before May 2023 (the window is "
        '2021-09-01..2021-09-30); rank older months with sources = ["openalex"], ["s2"] or a '
        'pasted "file" list\n'
    )
    assert not (workdir / "sessions").exists()


def test_s2_key_comes_from_the_environment_and_is_written_nowhere(
    http: responses.RequestsMock, workdir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import json

    monkeypatch.setenv("S2_API_KEY", "SECRET-S2-KEY")
    (workdir / "readinggroup.toml").write_text(
        'translator = "none"\n[[lists]]\nlabel = "Most cited"\nsources = ["s2"]\nsize = 2\n'
        '[sources.arxiv]\nbase_url = "https://arxiv.test/api/query"\n',
        "utf-8",
    )
    page = json.loads((SOURCES / "s2_search_bulk__2026-09__page0__built.json").read_text())
    page.pop("token")
    http.get(
        re.compile(r"https://api\.semanticscholar\.org/graph/v1/paper/search/bulk\?.*"), json=page
    )
    http.get(re.compile(r"https://arxiv\.test/api/query\?.*"), body=bench.LocalServices()._atom({}))
    result = run(workdir, "fetch", "2026-10")
    assert result.exit_code == 0, result.output  # the fake arXiv knows neither paper …
    assert (  # … so both are left out, each said
        "WARNING: arXiv does not know 2609.00042 (Most cited #1 from s2); it is left out of "
        "the list\n"
    ) in result.stderr
    assert http.calls[0].request.headers["x-api-key"] == "SECRET-S2-KEY"
    session = workdir / "sessions" / "2026-10.yaml"
    assert load_session(session).lists[0].entries == ()
    written = [session.read_bytes()]
    cache = tmp_path / "cache"
    written += [path.read_bytes() for path in cache.rglob("*") if path.is_file()]
    assert not any(b"SECRET-S2-KEY" in blob for blob in written)
    stored = sqlite3.connect(cache / "responses.sqlite").execute("select count(*) from responses")
    assert stored.fetchone()[0] == 1


@pytest.mark.live
def test_live_fetch_of_last_month(workdir: Path) -> None:
    """Real Hugging Face, HN and arXiv: both default lists fill for a recent month."""
    today = datetime.now(UTC).date()
    month = Month(today.year, today.month)
    result = run(workdir, "fetch", str(month))
    assert result.exit_code in (0, 4), result.output
    session = load_session(workdir / "sessions" / f"{month}.yaml")
    assert [len(ranked.entries) for ranked in session.lists] == [10, 10]
    assert all(paper.title for paper in session.papers)
    assert session.window.start < date.today()


@pytest.mark.live
@pytest.mark.parametrize("name", ["hf", "hn", "s2", "alphaxiv"])
def test_live_source_answers_in_the_expected_shape(name: str) -> None:
    """Each real service still answers in the shape its adapter reads (alphaXiv may not)."""
    from readinggroup.adapters.sources.alphaxiv import AlphaxivSource
    from readinggroup.adapters.sources.hf import HfSource
    from readinggroup.adapters.sources.hn import HnSource
    from readinggroup.adapters.sources.s2 import S2Source
    from readinggroup.adapters.transport.sessions import PoliteSession
    from readinggroup.months import Window

    session = PoliteSession()
    made = {
        "hf": lambda: HfSource(session=session),
        "hn": lambda: HnSource(session=session),
        "s2": lambda: S2Source(session=session),
        "alphaxiv": lambda: AlphaxivSource(session=session),
    }
    today = datetime.now(UTC).date()
    month = Month(today.year, today.month)
    window = Window.parse("previous-month", month)
    ranked = made[name]().rank(month=month, window=window, limit=5)
    assert ranked
    assert all(candidate.score is not None for candidate in ranked)
