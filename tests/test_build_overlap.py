"""A cold build waits on arXiv's pages and the translation service side by side, saves as it
goes (an edit saved meanwhile survives), and closes with what it did, counted."""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from readinggroup.cli import cli
from readinggroup.models import Paper
from readinggroup.paper_records import AuthorAffiliations, Summary
from readinggroup.protocols import PaperAffiliations, Settled
from readinggroup.session import load_session
from readinggroup.session.lock import session_lock
from readinggroup.stages.overlap import SharedTranslator, merge_stage_results
from tests.fakes import FakeMetadata, FakeTranslator, example_papers, fake_services

IDS = ["2109.00301", "2109.04454", "2109.08668", "2106.10860"]
SESSION = Path("sessions") / "2021-10.yaml"


@pytest.fixture
def pasted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "2021-10-recent.txt").write_text("\n".join(IDS) + "\n", "utf-8")
    (tmp_path / "readinggroup.toml").write_text(
        '[[lists]]\nlabel = "Top recent"\nsources = ["file"]\n'
        'file = "lists/{meeting}-recent.txt"\n',
        "utf-8",
    )
    return tmp_path


class TimedTranslator(FakeTranslator):
    """A FakeTranslator that notes when each text was asked."""

    def __init__(self) -> None:
        super().__init__()
        self.abstracts: list[float] = []  # when each title and abstract (many lines) was asked

    def translate(self, text: str) -> str:
        if "\n" in text:  # a summary line is one line; a paper's title and abstract are many
            self.abstracts.append(time.monotonic())
        return super().translate(text)


class SlowFinder:
    """An affiliation finder as slow as arXiv's pages: it answers each paper *pause* seconds
    apart and notes when it started and ended; *during* runs after the first answer (an
    organiser's edit while the build runs)."""

    def __init__(self, translator: FakeTranslator, pause: float = 0.3, during: object = None):
        self.translator = translator
        self.pause = pause
        self.during = during
        self.started = self.ended = 0.0

    def find(
        self, papers: Sequence[Paper], *, settled: Settled | None = None
    ) -> Mapping[str, PaperAffiliations]:
        self.started = time.monotonic()
        found = {}
        for number, paper in enumerate(papers):
            time.sleep(self.pause)
            entries = (AuthorAffiliations(paper.authors[0], ("Google Research",), "pdf"),)
            found[paper.id] = entries
            if settled is not None:
                settled(paper.id, entries)
            if number == 0 and callable(self.during):
                self.during()
        self.ended = time.monotonic()
        return found


def build(translator: FakeTranslator, finder: SlowFinder, *args: str) -> Result:
    services = dataclasses.replace(
        fake_services(metadata=FakeMetadata(example_papers()), translator=translator),
        affiliations=lambda config: finder,
    )
    return CliRunner().invoke(cli, [*args, "build", "2021-10"], obj=services)


def test_translation_runs_while_the_affiliations_are_waited_on(pasted: Path) -> None:
    translator = TimedTranslator()
    finder = SlowFinder(translator)

    result = build(translator, finder)

    assert result.exit_code == 0, result.output
    # abstracts were translated while the finder waited: the two stages overlapped
    assert any(finder.started < asked < finder.ended for asked in translator.abstracts)
    saved = load_session(pasted / SESSION)
    assert all(paper.title_ja.startswith("JA:") for paper in saved.papers)
    assert all(paper.summary.affiliations == "Google Research" for paper in saved.papers)
    assert result.stderr.splitlines()[-1] == (
        "looked up 4 papers, translated 4 papers, drafted 14 lines, 著者所属 for 4 papers; "
        "nothing else to do"
    )


def test_an_edit_saved_while_the_stages_run_survives(
    pasted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("readinggroup.session.run.CHECKPOINT_SECONDS", 0.0)  # save every paper
    path = pasted / SESSION

    def edit() -> None:  # the organiser, once the file exists, notes something on a paper
        for _ in range(100):
            if path.exists() and "notes: ''" in path.read_text("utf-8"):
                break
            time.sleep(0.02)
        # as another readinggroup process would: between two of the build's saves (a save
        # rereads the file under the lock and merges; an editor racing it inside those few
        # milliseconds is not this test's subject)
        with session_lock(path):
            text = path.read_text("utf-8")
            path.write_text(text.replace("notes: ''", "notes: 読む", 1), "utf-8")

    translator = FakeTranslator()
    result = build(translator, SlowFinder(translator, during=edit))

    assert result.exit_code == 0, result.output
    saved = load_session(path)
    assert [paper.notes for paper in saved.papers].count("読む") == 1
    assert all(paper.title_ja and paper.summary.affiliations for paper in saved.papers)


def test_a_build_that_has_nothing_to_do_counts_nothing(workdir: Path) -> None:
    result = CliRunner().invoke(cli, ["build", "2021-10"], obj=fake_services())

    assert result.exit_code == 0, result.output
    assert "summarised" not in result.stderr
    assert "translated" not in result.stderr
    assert "drafted" not in result.stderr


def test_quiet_build_says_nothing(pasted: Path) -> None:
    translator = FakeTranslator()
    result = build(translator, SlowFinder(translator, pause=0.0), "-q")

    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_the_stages_results_merge_field_by_field() -> None:
    start = load_session(Path(__file__).parent.parent / "sessions" / "2021-10.yaml")
    paper = start.papers[0]
    blank = dataclasses.replace(paper, title_ja="", summary=Summary(), provenance={})
    start = start.with_papers((blank, *start.papers[1:]))
    translated = start.with_papers(
        (blank.with_text("title_ja", "題", writer="google"), *start.papers[1:])
    )
    summarised = start.with_papers(
        (blank.with_text("summary.purpose", "目的", writer="extractive"), *start.papers[1:])
    )

    merged = merge_stage_results(start, [translated, summarised]).papers[0]

    assert (merged.title_ja, merged.summary.purpose) == ("題", "目的")
    assert set(merged.provenance) == {"title_ja", "summary.purpose"}
    assert merged.provenance["title_ja"].startswith("google:")


def test_the_shared_translator_keeps_its_limit_across_threads() -> None:
    inside = 0
    most = 0
    lock = threading.Lock()

    class Slow:
        name = "slow"

        def translate(self, text: str) -> str:
            nonlocal inside, most
            with lock:
                inside += 1
                most = max(most, inside)
            time.sleep(0.05)
            with lock:
                inside -= 1
            return text

    shared = SharedTranslator(Slow(), 3)
    threads = [threading.Thread(target=shared.translate, args=(str(n),)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most == 3
