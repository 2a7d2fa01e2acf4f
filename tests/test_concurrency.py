"""Edits made while a command runs survive; two runs of one month, or a kill, never break a file."""

from __future__ import annotations

import signal
import socket
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from readinggroup.cli import cli
from readinggroup.errors import SessionFileError
from readinggroup.models import Session
from readinggroup.session import dump_session, load_session, save_session
from readinggroup.session.lock import session_lock
from readinggroup.stages import listed_papers
from tests.cli_with_fakes import start_driver, two_sessions, write_pasted_lists
from tests.fakes import FakeTranslator, fake_services

SESSION = Path("sessions") / "2021-10.yaml"


def _edit_file(path: Path, old: str, new: str, *, after: str = "") -> None:
    """What an editor does: read, change, write (here between two of readinggroup's saves);
    the first *old* after the text *after* becomes *new*."""
    with session_lock(path):
        text = path.read_text("utf-8")
        start = text.index(after) if after else 0
        at = text.index(old, start)
        path.write_text(text[:at] + new + text[at + len(old) :], "utf-8")


class EditingTranslator(FakeTranslator):
    """Edits the session file, as a person would, while the first text is being translated."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.once = threading.Lock()  # the stage translates several texts at once

    def translate(self, text: str) -> str:
        if self.once.acquire(blocking=False):
            _edit_file(self.path, "  notes: ''", "  notes: 翻訳中に書いたメモ")
            _edit_file(self.path, "  title_ja: ''", "  title_ja: 人が付けた題")
        return super().translate(text)


def test_an_edit_written_while_translate_runs_survives(workdir: Path) -> None:
    path = workdir / SESSION
    example = load_session(path)
    blank = tuple(
        replace(
            p, title_ja="", provenance={k: v for k, v in p.provenance.items() if k != "title_ja"}
        )
        for p in example.papers
    )
    save_session(example.with_papers(blank), path)
    translator = EditingTranslator(path)
    result = CliRunner().invoke(
        cli, ["translate", "2021-10"], obj=fake_services(translator=translator)
    )
    assert result.exit_code == 0, result.output
    session = load_session(path)
    first = session.papers[0]
    assert first.notes == "翻訳中に書いたメモ"
    assert first.title_ja == "人が付けた題"
    assert first.is_human_text("title_ja")
    others = [p for p in listed_papers(session) if p.id != first.id]
    assert len(others) == 15
    assert all(p.title_ja and p.title_ja != first.title_ja for p in others)
    assert (
        f"WARNING: {SESSION}: {first.id} title_ja was changed in the file while this ran; the "
        "file's text is kept and this run's is not saved"
    ) in result.stderr.splitlines()


def test_an_edit_made_while_two_builds_of_one_month_run_is_kept(tmp_path: Path) -> None:
    """The build that has the month is held mid-translation (its translator waits for the
    file "go") while the other waits for the month; the edit is made then, for certain."""
    write_pasted_lists(tmp_path)
    runs = [start_driver("cli-held", tag, "build", "2021-10", cwd=tmp_path) for tag in "AB"]
    path = tmp_path / SESSION
    while not list(tmp_path.glob("translating-*")):
        assert all(run.poll() is None for run in runs), [run.communicate() for run in runs]
        time.sleep(0.01)
    _edit_file(path, "  notes: ''", "  notes: 人のメモ", after="- id: '2109.04454'")
    (tmp_path / "go").touch()
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    [marker] = tmp_path.glob("translating-*")  # the other run found the work done
    tag = marker.name.removeprefix("translating-")
    session = load_session(path)
    edited = session.paper("2109.04454")
    assert edited is not None
    assert edited.notes == "人のメモ"
    listed = [session.paper(e.id) for ranked in session.lists for e in ranked.entries]
    assert len(listed) == 5
    for paper in listed:
        assert paper is not None
        assert paper.title_ja.startswith(f"{tag}:"), paper
        assert paper.abstract_ja, paper
    assert (tmp_path / "output" / "2021-10.pptx").is_file()
    leftovers = [p.name for p in [*path.parent.iterdir(), *(tmp_path / "output").iterdir()]]
    assert not [name for name in leftovers if name.endswith(".tmp")]


@pytest.mark.parametrize("where", ["mid-write", "before-rename"])
def test_kill_9_during_a_save_leaves_the_last_whole_file(tmp_path: Path, where: str) -> None:
    """The third save is stopped at *where* and killed there: the file is still the second
    save's, whole, and the next save in the folder works."""
    path = tmp_path / "2021-10.yaml"
    saver = start_driver("stop-in-save", str(path), where, cwd=tmp_path)
    assert saver.stdout is not None
    assert saver.stdout.readline() == "stopped\n", saver.communicate()
    saver.send_signal(signal.SIGKILL)
    saver.communicate()
    first, second = two_sessions()
    assert load_session(path) == second
    [temporary] = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # killed mid-save
    whole = dump_session(first).encode("utf-8")
    written = temporary.read_bytes()
    assert written == (whole[: len(whole) // 2] if where == "mid-write" else whole)
    save_session(first, path, base=second)
    assert load_session(path) == first


def test_a_held_lock_names_its_holder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "2021-10.yaml"
    session = two_sessions()[0]
    save_session(session, path)
    holder = start_driver("hold", str(path), cwd=tmp_path)
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "held\n"
        monkeypatch.setattr("readinggroup.session.lock.WAIT_SECONDS", 0.2)
        with pytest.raises(SessionFileError) as caught:
            save_session(session, path, base=session)
    finally:
        holder.kill()
        holder.communicate()
    assert str(caught.value) == (
        f"{path} is being written by readinggroup process {holder.pid} on "
        f"{socket.gethostname()} (`cli_with_fakes.py hold {path}`) and stayed locked for 0.2 s; "
        "let that run finish and run again"
    )
    save_session(session, path)  # the lock of a killed holder is free again


def test_saves_mid_stage_keep_an_edit_made_between_them(workdir: Path) -> None:
    """A stage saving its work as it goes merges each time against where it started."""
    from readinggroup.session.run import SessionRun as _Run
    from readinggroup.stages import StageReport
    from readinggroup.workspace import Workspace

    path = workdir / SESSION
    start = load_session(path)
    first, second, third = (p.id for p in start.papers[:3])

    def translated(upto: int) -> Session:
        papers = list(start.papers)
        for index in range(upto):
            papers[index] = papers[index].with_text("title_ja", f"機械訳{index}", writer="google")
        return start.with_papers(tuple(papers))

    run = _Run(Workspace(workdir), path)
    run.save(translated(1))
    _edit_file(path, "  notes: ''", "  notes: 途中のメモ")  # the first paper's notes
    third_title = start.papers[2].title_ja
    _edit_file(path, f"  title_ja: {third_title}", "  title_ja: 人の題")
    run.save(translated(2))
    run.keep((translated(3), StageReport("translate")))
    session = load_session(path)
    assert [session.paper(i).title_ja for i in (first, second, third)] == [  # type: ignore[union-attr]
        "機械訳0",
        "機械訳1",
        "人の題",
    ]
    assert session.papers[0].notes == "途中のメモ"
    assert run.session == session


@pytest.mark.parametrize("seen_first", ["", "schema_version: 1\nmonth: '2021-"])
def test_a_file_read_while_an_editor_writes_it_in_place_is_read_again(
    workdir: Path, seen_first: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor that saves in place shows an empty or half-written file for a moment: the
    reader waits for the whole file instead of calling it broken."""
    # 2 s of quiet before the file counts as saved, not 0.25 s: on a loaded machine the
    # editor's second write (at 0.25 s) can come late
    monkeypatch.setattr("readinggroup.session.read.SETTLE_QUIET_SECONDS", 2.0)
    path = workdir / SESSION
    whole = path.read_text("utf-8")
    path.write_text(seen_first, "utf-8")
    finish = threading.Timer(0.25, path.write_text, (whole, "utf-8"))
    finish.start()
    try:
        session = load_session(path)
    finally:
        finish.join()
    assert len(session.papers) == 16


def test_a_file_that_stays_broken_is_reported_without_waiting_long(workdir: Path) -> None:
    path = workdir / SESSION
    path.write_text("", "utf-8")
    started = time.monotonic()
    with pytest.raises(SessionFileError, match="expected a mapping of session fields"):
        load_session(path)
    assert time.monotonic() - started < 5  # one look again, not the whole settle budget
