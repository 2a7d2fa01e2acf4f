"""Progress that tells the truth: each running task with its count and what it waits for,
live on a terminal, plain lines elsewhere; -v says every wait with its reason and length."""

from __future__ import annotations

import io
import logging
import re

import pytest
import responses
from rich.console import Console
from rich.progress import Progress, TextColumn

from readinggroup import progress
from readinggroup.adapters.affiliations.arxiv_pages import ArxivPages
from readinggroup.adapters.affiliations.chain import AffiliationChain
from readinggroup.adapters.affiliations.pdf_page import PdfFirstPageSource
from readinggroup.adapters.transport.sessions import PoliteSession
from readinggroup.cli_progress import LiveLines, PlainLines
from readinggroup.models import Paper
from tests.fixtures.affiliations.fake_services import FakeClock

PAPERS = [Paper(f"2109.0000{n}", version=1, title="t", authors=("A B",)) for n in range(1, 4)]


def test_a_task_says_what_it_waits_for_and_how_far_it_is() -> None:
    task = progress.Task("arXiv pages", 20, "pages", None)
    task.advance(5)
    assert task.text == "arXiv pages: 5/20 pages"
    task.waiting("arXiv asks 3 s between requests")
    assert task.text == "arXiv asks 3 s between requests: 5/20 pages"


def test_the_live_display_shows_one_line_per_running_task() -> None:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100)
    bar = Progress(TextColumn("{task.description}", markup=False), console=console)
    with bar, progress.showing(LiveLines(bar)):
        pages = progress.task("arXiv pages", total=20, unit="pages")
        translating = progress.task("Google Translate", total=16)
        pages.advance(5)
        pages.waiting("arXiv asks 3 s between requests")
        translating.advance(12)
        shown = [task.description for task in bar.tasks]
        assert shown == [
            "arXiv asks 3 s between requests: 5/20 pages",
            "Google Translate: 12/16 papers",
        ]
        translating.advance(4)
        translating.finish()
        assert [task.description for task in bar.tasks] == [shown[0]]
    assert "Google Translate: 16/16 papers" in screen.getvalue()  # printed once it ended


def test_off_a_terminal_a_task_is_a_plain_line_when_it_starts_and_ends(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with progress.showing(PlainLines()):
        task = progress.task("Google Translate", total=16)
        task.advance(15)
        task.finish()
    err = capsys.readouterr().err
    assert err == "Google Translate: 16 papers to do\nGoogle Translate: 15/16 papers\n"
    assert "\x1b" not in err


def test_the_page_count_waits_on_arxivs_politeness_and_v_says_each_wait(
    http: responses.RequestsMock, caplog: pytest.LogCaptureFixture
) -> None:
    http.add(responses.GET, re.compile(r"https://arxiv\.org/pdf/.*"), status=404)
    clock = FakeClock()
    pages = ArxivPages(
        session=PoliteSession(retries=0, timeout=2), sleep=clock.sleep, clock=clock.monotonic
    )
    seen: list[str] = []

    class Watch(PlainLines):
        def changed(self, task: progress.Task) -> None:
            seen.append(task.text)

    with caplog.at_level(logging.INFO, "readinggroup"), progress.showing(Watch()):
        AffiliationChain([PdfFirstPageSource(pages)]).find(PAPERS)

    assert seen[-1] == "arXiv asks 3 s between requests: 3/3 pages"
    waits = [r.getMessage() for r in caplog.records if "waiting" in r.getMessage()]
    assert waits == [
        "arXiv pages: waiting 3.0 s before /pdf/2109.00002v1 (arXiv asks 3 s between requests)",
        "arXiv pages: waiting 3.0 s before /pdf/2109.00003v1 (arXiv asks 3 s between requests)",
    ]
    requests = [r.getMessage() for r in caplog.records if r.getMessage().startswith("GET ")]
    assert len(requests) == 3  # each request with its time
    assert all(re.search(r": HTTP 404, \d+ bytes in \d+\.\d\d s$", line) for line in requests)
