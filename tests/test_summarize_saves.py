"""The summarize stage hands back each finished paper and the orchestrator saves it, as for
translate: Ctrl-C keeps the papers finished, and an edit saved mid-stage survives."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from readinggroup.cli import cli
from readinggroup.models import Session
from readinggroup.protocols import SummaryLines
from readinggroup.session import load_session, save_session
from readinggroup.stages import listed_papers
from tests.fakes import FakeTranslator, fake_services
from tests.test_concurrency import _edit_file
from tests.test_summarize_example import blanked

SESSION = Path("sessions") / "2021-10.yaml"
CONFIG = 'summarizer = "llm"\n[llm]\nbase_url = "http://127.0.0.1:9/v1"\nmodel = "fake"\n'


class ScriptedSummarizer:
    """Numbered lines per paper; *on_call* runs before answering call number n (1-based)."""

    name = "llm:fake"

    def __init__(self, on_call: dict[int, object] | None = None) -> None:
        self.titles: list[str] = []
        self.on_call = on_call or {}

    def summarize(self, *, title: str, **paper: object) -> SummaryLines:
        self.titles.append(title)
        action = self.on_call.get(len(self.titles))
        if isinstance(action, BaseException):
            raise action
        if callable(action):
            action()
        number = len(self.titles)
        return SummaryLines(f"目的その{number}", f"成果その{number}", f"方法その{number}")


def _blank_workdir(workdir: Path) -> Session:
    (workdir / "readinggroup.toml").write_text(CONFIG, "utf-8")
    session = blanked()
    save_session(session, workdir / SESSION)
    return session


def _summarize(summarizer: ScriptedSummarizer) -> Result:
    services = dataclasses.replace(
        fake_services(translator=FakeTranslator()), summarizer=lambda config: summarizer
    )
    return CliRunner().invoke(cli, ["summarize", "2021-10"], obj=services)


def _purposes(session: Session) -> list[str]:
    return [paper.summary.purpose for paper in listed_papers(session)]


def test_ctrl_c_during_summarize_keeps_the_papers_finished(workdir: Path) -> None:
    asked = [paper for paper in listed_papers(_blank_workdir(workdir)) if paper.abstract.strip()]
    interrupted = _summarize(ScriptedSummarizer({4: KeyboardInterrupt()}))
    assert interrupted.exit_code == 1  # click's "Aborted!"
    saved = load_session(workdir / SESSION)
    assert _purposes(saved)[:4] == ["目的その1", "目的その2", "目的その3", ""]
    assert sum(1 for purpose in _purposes(saved) if purpose) == 3
    # 著者所属 is settled before the lines: every paper's is on disk already
    assert all(paper.summary.affiliations for paper in listed_papers(saved))
    again = ScriptedSummarizer()
    assert _summarize(again).exit_code == 0
    assert len(again.titles) == len(asked) - 3  # the finished papers are not asked again
    assert again.titles == [paper.title for paper in asked[3:]]


def test_an_edit_saved_mid_summarize_survives(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("readinggroup.session.run.CHECKPOINT_SECONDS", 0.0)  # save every paper
    session = _blank_workdir(workdir)
    path = workdir / SESSION
    first, _, third = listed_papers(session)[:3]

    def edit() -> None:
        assert load_session(path).paper(first.id).summary.purpose == "目的その1"  # type: ignore[union-attr]
        _edit_file(path, "  notes: ''", "  notes: 要約中に書いたメモ", after=f"- id: '{third.id}'")
        _edit_file(path, "    目的: ''", "    目的: 人が書いた目的", after=f"- id: '{third.id}'")

    result = _summarize(ScriptedSummarizer({2: edit}))
    assert result.exit_code == 0, result.output
    saved = load_session(path)
    edited = saved.paper(third.id)
    assert edited is not None
    assert edited.notes == "要約中に書いたメモ"
    assert edited.summary.purpose == "人が書いた目的"
    assert edited.is_human_text("summary.purpose")
    assert edited.summary.result == "成果その3"  # the stage's other lines for it are kept
    assert _purposes(saved)[:2] == ["目的その1", "目的その2"]
    assert (
        f"WARNING: {SESSION}: {third.id} summary.purpose was changed in the file while this ran; "
        "the file's text is kept and this run's is not saved"
    ) in result.stderr.splitlines()
