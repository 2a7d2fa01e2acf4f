"""Reading a session file an editor may be writing right now: read again until it settles.

An editor that saves in place (truncate, then write) shows a reader an empty or half-written
file for a moment. The reader takes a file at once when it ends its last line or has not been
written for SETTLE_QUIET_SECONDS, and otherwise looks again, at most SETTLE_TRIES times. The
clock (tests/session_races.py) passes only when the code sleeps: these tests wait for nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from readinggroup.errors import SessionFileError
from readinggroup.models import Session
from readinggroup.session import load_session, save_session
from readinggroup.session.read import SETTLE_QUIET_SECONDS, SETTLE_SECONDS, SETTLE_TRIES
from tests.session_races import FakeClock, edited

EXAMPLE = Path(__file__).parent.parent / "sessions" / "2021-10.yaml"
WHOLE = EXAMPLE.read_text("utf-8")
# Cut at the end of a line but before the file's last one: it parses, without the last field.
CUT = WHOLE[: WHOLE.rindex("\n  figure: none")]


@pytest.fixture
def example() -> Session:
    return load_session(EXAMPLE)


def test_a_cut_file_parses_as_a_different_session(example: Session, tmp_path: Path) -> None:
    """What the tests below rely on: the cut file is a valid session, not the example."""
    path = tmp_path / "cut.yaml"
    path.write_text(CUT, "utf-8")
    assert not CUT.endswith("\n")
    assert load_session(path).papers[-1].figure != example.papers[-1].figure


def test_a_whole_file_written_just_now_is_read_at_once(
    example: Session, tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(WHOLE, "utf-8")
    clock.date(path, 0.0)
    assert load_session(path) == example
    assert clock.sleeps == []


def test_a_file_written_just_now_without_its_last_line_end_is_read_again_until_whole(
    example: Session, tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(CUT, "utf-8")  # the editor's first write; the rest comes a moment later
    clock.date(path, 0.0)
    clock.on_sleep = lambda: path.write_text(WHOLE, "utf-8")
    assert load_session(path) == example
    assert clock.sleeps == [SETTLE_SECONDS]


def test_a_file_without_its_last_line_end_quiet_for_the_settle_time_is_taken_as_it_is(
    example: Session, tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(CUT, "utf-8")
    clock.date(path, SETTLE_QUIET_SECONDS)  # exactly: quiet enough
    assert load_session(path).papers[-1].figure == ""
    assert clock.sleeps == []


def test_a_broken_file_quiet_for_the_settle_time_is_refused_at_once(
    tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(WHOLE.replace("month: 2021-10", "month: [2021-10", 1), "utf-8")
    clock.date(path, SETTLE_QUIET_SECONDS)
    with pytest.raises(SessionFileError, match="line 5: broken YAML"):
        load_session(path)
    assert clock.sleeps == []


def test_a_broken_file_written_just_now_is_read_again_until_it_is_quiet(
    tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(WHOLE.replace("month: 2021-10", "month: [2021-10", 1), "utf-8")
    clock.date(path, 0.0)
    with pytest.raises(SessionFileError, match="line 5: broken YAML"):
        load_session(path)
    assert clock.sleeps == [SETTLE_SECONDS] * 3  # quiet from 0.3 s on: 0.25 s is enough


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (CUT.encode("utf-8") + b"\xe3", "{path}: not UTF-8 text (unexpected end of data)"),
        (CUT.replace("month: 2021-10", "month: [2021-10", 1).encode("utf-8"), "{path}, line 5:"),
    ],
    ids=["cut-inside-a-character", "broken-yaml"],
)
def test_a_file_that_keeps_being_written_is_read_as_it_is_after_the_last_try(
    tmp_path: Path, clock: FakeClock, content: bytes, message: str
) -> None:
    """An editor that never stops writing: after SETTLE_TRIES looks the file is what it is,
    and what is wrong with it is said with the file's name."""
    path = tmp_path / "s.yaml"
    path.write_bytes(content)
    clock.on_sleep = lambda: clock.date(path, 0.0)
    with pytest.raises(SessionFileError) as caught:
        load_session(path)
    assert str(caught.value).startswith(message.format(path=path))
    assert clock.sleeps == [SETTLE_SECONDS] * SETTLE_TRIES


def test_a_file_that_is_not_utf8_is_refused_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_bytes(b"\xff" + WHOLE.encode("utf-8"))
    with pytest.raises(SessionFileError) as caught:
        load_session(path)
    assert str(caught.value) == f"{path}: not UTF-8 text (invalid start byte); save it as UTF-8"


def test_a_save_over_a_file_without_its_last_line_end_left_alone_merges_it(
    example: Session, tmp_path: Path
) -> None:
    """A person's editor that saves without a final newline: the save reads that file (open)
    as it is once it has been quiet, and keeps its text."""
    path = tmp_path / "s.yaml"
    path.write_text(CUT, "utf-8")
    os.utime(path, (0, 0))  # long ago
    ours = edited(example, example.papers[0].id, notes="段階のメモ")
    written = save_session(ours, path, base=example)
    assert written.papers[0].notes == "段階のメモ"
    assert written.papers[-1].figure == ""  # the file's change (the figure taken out) is kept
    assert load_session(path) == written


def test_a_save_over_a_file_grown_past_the_size_cap_refuses_it_as_a_load_does(
    example: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file grew past MAX_SESSION_BYTES after the stage loaded it (a paste gone wrong): the
    save says so as loading it would, and leaves the file as it is (it does not save what it
    read of the first MAX_SESSION_BYTES)."""
    path = tmp_path / "s.yaml"
    path.write_text(WHOLE, "utf-8")
    monkeypatch.setattr("readinggroup.session.read.MAX_SESSION_BYTES", path.stat().st_size - 1)
    with pytest.raises(SessionFileError) as refused:
        load_session(path)
    with pytest.raises(SessionFileError) as caught:
        save_session(edited(example, example.papers[0].id, notes="段階のメモ"), path, base=example)
    assert str(caught.value) == str(refused.value)
    assert path.read_text("utf-8") == WHOLE


def test_a_save_over_a_file_of_exactly_the_size_cap_merges_it(
    example: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(WHOLE, "utf-8")
    monkeypatch.setattr("readinggroup.session.read.MAX_SESSION_BYTES", path.stat().st_size)
    ours = edited(example, example.papers[0].id, notes="段階のメモ")
    assert save_session(ours, path, base=example) == ours
