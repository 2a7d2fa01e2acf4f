"""The messages a newcomer meets on a first month, through the real CLI: each one sentence with
its exit code, said before any request that would be wasted, nothing written that was not
wanted."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from readinggroup.cli import cli
from readinggroup.errors import SourceError
from readinggroup.months import Month, Window
from readinggroup.protocols import Candidate, RankingSource
from tests.fakes import FakeMetadata, example_papers, fake_services

RECENT = ["2109.00301", "2109.01652", "2109.04454", "2109.99999", "2109.03814"]
FILE_LISTS = """\
translator = "none"
[[lists]]
label = "Top recent"
sources = ["file"]
file = "lists/{meeting}-recent.txt"
size = 10
"""


@dataclass
class RecordingSource:
    """A ranking service that says what it was asked and answers *candidates* (or fails)."""

    name: str
    fail: bool = False
    asked: list[Window] = field(default_factory=list)

    def rank(self, *, month: Month, window: Window, limit: int) -> Sequence[Candidate]:
        self.asked.append(window)
        if self.fail:
            raise SourceError(self.name, "answered HTTP 503", "try again later")
        return []


def run(*args: str, ranking: dict[str, RankingSource] | None = None) -> Result:
    services = fake_services(metadata=FakeMetadata(example_papers()), ranking=ranking)
    return CliRunner().invoke(cli, list(args), obj=services)


@pytest.fixture
def newcomer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working folder: no session, no config."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_an_id_arxiv_does_not_know_names_the_list_file_and_line(newcomer: Path) -> None:
    (newcomer / "readinggroup.toml").write_text(FILE_LISTS, "utf-8")
    (newcomer / "lists").mkdir()
    (newcomer / "lists" / "2021-10-recent.txt").write_text("\n".join(RECENT) + "\n", "utf-8")

    result = run("build", "2021-10")

    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines()[-1] + "\n" == (
        "Error: arXiv does not know 2109.99999 (lists/2021-10-recent.txt, line 4); "
        "remove or fix it\n"
    )
    # nothing half-made: no session with a paper that cannot have a slide, no deck
    assert not (newcomer / "sessions" / "2021-10.yaml").exists()
    assert not (newcomer / "output").exists()

    # fixed as the sentence says: the build goes through, the paper is not on any slide
    fixed = [paper_id for paper_id in RECENT if paper_id != "2109.99999"]
    (newcomer / "lists" / "2021-10-recent.txt").write_text("\n".join(fixed) + "\n", "utf-8")
    result = run("build", "2021-10")
    assert result.exit_code == 0, result.output
    assert "2109.99999" not in (newcomer / "sessions" / "2021-10.yaml").read_text("utf-8")


def test_an_id_a_ranking_service_gave_that_arxiv_does_not_know_is_left_out(
    newcomer: Path,
) -> None:
    (newcomer / "readinggroup.toml").write_text(
        'translator = "none"\n[[lists]]\nlabel = "Top hype"\nsources = ["hn"]\nsize = 3\n',
        "utf-8",
    )

    @dataclass
    class Hn:
        name: str = "hn"

        def rank(self, *, month: Month, window: Window, limit: int) -> Sequence[Candidate]:
            from readinggroup.ids import ArxivRef

            return [Candidate(ArxivRef(i), 10.0 - n) for n, i in enumerate(RECENT[2:])]

    result = run("fetch", "2021-10", ranking={"hn": Hn()})

    assert result.exit_code == 0, result.output
    assert (
        "WARNING: arXiv does not know 2109.99999 (Top hype #2 from hn); it is left out of the "
        "list\n"
    ) in result.stderr
    text = (newcomer / "sessions" / "2021-10.yaml").read_text("utf-8")
    assert "2109.99999" not in text
    assert "{rank: 2, id: '2109.03814'" in text


def test_without_a_config_the_defaults_are_said_before_the_first_request(newcomer: Path) -> None:
    hf, hn = RecordingSource("Hugging Face", fail=True), RecordingSource("HN")

    result = run("build", "2021-10", ranking={"hf": hf, "hn": hn})

    assert hf.asked  # the first request was made, and failed …
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [  # … after the defaults were said
        f"WARNING: no readinggroup.toml in {newcomer.resolve()}: using the defaults (lists "
        "Top recent (hf), Top hype (hn), translator google, extractive summaries, the built-in "
        "look); run `readinggroup init` to write one you can edit",
        "Error: Hugging Face: answered HTTP 503; try again later",
    ]


def test_a_month_whose_window_has_not_begun_is_refused_before_any_request(
    newcomer: Path,
) -> None:
    hf, hn = RecordingSource("hf"), RecordingSource("hn")
    (newcomer / "readinggroup.toml").write_text('translator = "none"\n', "utf-8")

    result = run("build", "2099-02", ranking={"hf": hf, "hn": hn})

    assert result.exit_code == 2
    assert result.stderr == (
        "Error: 2099-02's papers come from 2099-01-01..2099-01-31, which has not begun; build "
        "2099-02 after 2099-01-31, or give --window for days that have passed\n"
    )
    assert hf.asked == hn.asked == []
    assert not (newcomer / "sessions").exists()


def test_a_month_whose_window_has_not_ended_is_warned_about_and_fetched(newcomer: Path) -> None:
    hf, hn = RecordingSource("hf"), RecordingSource("hn")
    (newcomer / "readinggroup.toml").write_text('translator = "none"\n', "utf-8")
    this_month = Month.parse(datetime.now(UTC).strftime("%Y-%m"))
    meetup = Month.parse(
        f"{this_month.year + this_month.month // 12}-{this_month.month % 12 + 1:02d}"
    )
    window = Window(this_month.first_day, this_month.last_day)

    result = run("fetch", str(meetup), ranking={"hf": hf, "hn": hn})

    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == (
        f"WARNING: {meetup}'s window {window} has not ended: the lists rank what is known "
        f"today; run `readinggroup fetch {meetup} --refresh` after {window.end} for the whole "
        "month"
    )
    assert hf.asked == hn.asked == [window]


def test_a_window_of_pasted_lists_only_is_never_refused(newcomer: Path) -> None:
    (newcomer / "readinggroup.toml").write_text(FILE_LISTS, "utf-8")
    (newcomer / "lists").mkdir()
    (newcomer / "lists" / "2099-02-recent.txt").write_text("2109.00301\n", "utf-8")

    result = run("fetch", "2099-02")

    assert result.exit_code == 0, result.output
    assert "WARNING" not in result.stderr


@pytest.mark.parametrize("command", [["render", "2021-10"], ["export", "2021-10", "--pdf"]])
def test_render_or_export_before_any_session_names_build(
    newcomer: Path, command: list[str]
) -> None:
    result = run(*command)

    assert result.exit_code == 1
    assert result.stderr == (
        "Error: sessions/2021-10.yaml: no session for 2021-10 yet; run `readinggroup build "
        "2021-10` to make it and the deck\n"
    )


def test_a_missing_template_from_the_config_names_readinggroup_toml(newcomer: Path) -> None:
    (newcomer / "readinggroup.toml").write_text('template = "ours.pptx"\n', "utf-8")

    result = run("build", "2021-10")  # no session: a request would be the next step

    assert result.exit_code == 1
    assert result.stderr == (
        "Error: readinggroup.toml: template 'ours.pptx' not found; fix the path in "
        "readinggroup.toml (relative to its folder) or leave template empty for the built-in "
        "look\n"
    )
    assert not (newcomer / "sessions").exists()


def test_a_missing_template_given_on_the_command_line_is_a_bad_argument(newcomer: Path) -> None:
    result = run("render", "2021-10", "--template", "nope.pptx")

    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--template': nope.pptx not found in the working folder; "
        "give the path of a .pptx or .potx"
    )
