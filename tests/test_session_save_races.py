"""A save while someone else writes the session file: nobody's edit is lost, nobody waits long.

A save reads the file under the lock, merges and renames a new file over it. An editor may save
in place between the read and the rename (the save reads and merges again, SAVE_TRIES times at
most), may have written the file just before (the save waits for it to be quiet, at most
SETTLE_WAIT_SECONDS), or may write into the file the rename replaced (``catch_late_writes``
merges that). Everything runs in this process; the clock (tests/session_races.py) moves only
when the code sleeps.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from readinggroup.atomic_files import FileState, write_text_atomically
from readinggroup.errors import SessionFileError
from readinggroup.models import Session
from readinggroup.session import dump_session, load_session, save_session
from readinggroup.session.read import SETTLE_SECONDS
from readinggroup.session.replaced import GRACE_SECONDS
from readinggroup.session.write import SAVE_TRIES, catch_late_writes
from tests.session_races import FakeClock, edited

EXAMPLE = Path(__file__).parent.parent / "sessions" / "2021-10.yaml"
FIRST, SECOND = "2106.10860", "2109.00301"
LONG_AGO = 3600.0


@pytest.fixture
def base() -> Session:
    return load_session(EXAMPLE)


@pytest.fixture
def path(tmp_path: Path, base: Session) -> Path:
    """The session file as this process saved it last."""
    session_file = tmp_path / "2021-10.yaml"
    save_session(base, session_file)
    return session_file


def _ours(base: Session) -> Session:
    return edited(base, FIRST, notes="段階のメモ")


def _theirs(base: Session, note: str = "人のメモ") -> Session:
    return edited(base, SECOND, notes=note)


def _notes(session: Session) -> tuple[str, str]:
    return tuple(session.paper(i).notes for i in (FIRST, SECOND))  # type: ignore[return-value,union-attr]


def _editor_saves_before_each_rename(
    monkeypatch: pytest.MonkeyPatch, path: Path, base: Session, *, times: int
) -> list[FileState]:
    """An editor that saves the file in place just before each of the save's first *times*
    renames; returns each rename's ``unless_changed_from``."""
    asked: list[FileState] = []

    def write(target: Path, text: str, *, unless_changed_from: FileState = None) -> bool:
        asked.append(unless_changed_from)
        if len(asked) <= times:
            path.write_text(dump_session(_theirs(base, f"edit {len(asked)}")), "utf-8")
        return write_text_atomically(target, text, unless_changed_from=unless_changed_from)

    monkeypatch.setattr("readinggroup.session.write.write_text_atomically", write)
    return asked


def test_an_edit_saved_between_the_save_s_read_and_rename_is_merged_on_a_second_try(
    monkeypatch: pytest.MonkeyPatch, path: Path, base: Session, clock: FakeClock
) -> None:
    """The rename is refused because the file changed since it was read; the second try reads
    the editor's text and merges into it, without waiting for the editor's file to settle."""
    asked = _editor_saves_before_each_rename(monkeypatch, path, base, times=1)
    written = save_session(_ours(base), path, base=base)
    assert _notes(load_session(path)) == ("段階のメモ", "edit 1")
    assert load_session(path) == written
    assert len(asked) == 2
    assert None not in asked  # neither try was the last: both renames were conditional
    assert clock.sleeps == []


def test_the_last_of_save_tries_writes_whatever_happens(
    monkeypatch: pytest.MonkeyPatch, path: Path, base: Session, clock: FakeClock
) -> None:
    """An editor saving before every rename: SAVE_TRIES - 1 conditional tries, then the last
    writes, merged with the editor's last edit it read."""
    asked = _editor_saves_before_each_rename(monkeypatch, path, base, times=SAVE_TRIES - 1)
    save_session(_ours(base), path, base=base)
    assert len(asked) == SAVE_TRIES
    assert None not in asked[:-1]
    assert asked[-1] is None
    assert _notes(load_session(path)) == ("段階のメモ", f"edit {SAVE_TRIES - 1}")


def test_an_edit_saved_just_after_the_save_read_the_file_is_not_written_over(
    monkeypatch: pytest.MonkeyPatch, path: Path, base: Session
) -> None:
    """What the save compares the file with before its rename is what it read and merged, not
    the file as it is a moment later."""
    from readinggroup.session import write

    real_read = write.read_open_session
    reads = []

    def read_then_editor_saves(at: Path, handle: int) -> tuple[Session, bytes]:
        read = real_read(at, handle)
        reads.append(at)
        if len(reads) == 1:
            path.write_text(dump_session(_theirs(base)), "utf-8")
        return read

    monkeypatch.setattr(write, "read_open_session", read_then_editor_saves)
    save_session(_ours(base), path, base=base)
    assert _notes(load_session(path)) == ("段階のメモ", "人のメモ")
    assert len(reads) == 2


def test_a_save_right_after_this_process_s_own_save_does_not_wait(
    path: Path, base: Session, clock: FakeClock
) -> None:
    path.write_text(dump_session(_theirs(base)), "utf-8")
    clock.date(path, LONG_AGO)  # an edit of long ago: nothing to wait for
    saved = save_session(_ours(base), path, base=base)  # merged and written by this process
    save_session(edited(saved, FIRST, notes="また段階のメモ"), path, base=saved)
    assert _notes(load_session(path)) == ("また段階のメモ", "人のメモ")
    assert clock.sleeps == []


def test_a_save_waits_for_a_file_someone_wrote_just_now_until_it_is_quiet(
    path: Path, base: Session, clock: FakeClock
) -> None:
    path.write_text(dump_session(_theirs(base)), "utf-8")  # just now, by an editor
    clock.on_sleep = lambda: clock.date(path, LONG_AGO) if len(clock.sleeps) == 2 else None
    save_session(_ours(base), path, base=base)
    assert clock.sleeps == [SETTLE_SECONDS] * 2
    assert catch_late_writes(path) is None
    assert clock.sleeps == [SETTLE_SECONDS] * 2  # quiet when saved: no grace at the end


def test_a_file_quiet_for_exactly_the_settle_time_is_not_waited_for(
    path: Path, base: Session, clock: FakeClock
) -> None:
    path.write_text(dump_session(_theirs(base)), "utf-8")
    clock.date(path, 0.25)
    save_session(_ours(base), path, base=base)
    assert clock.sleeps == []


def test_an_editor_that_stays_busy_is_waited_for_at_most_the_settle_wait_then_given_a_grace(
    path: Path, base: Session, clock: FakeClock
) -> None:
    """The save goes on after SETTLE_WAIT_SECONDS; the stage's end then gives the editor seen
    busy GRACE_SECONDS to finish a write into the replaced file before it looks."""
    path.write_text(dump_session(_theirs(base)), "utf-8")  # and it keeps looking just written
    save_session(_ours(base), path, base=base)
    assert clock.sleeps == [SETTLE_SECONDS] * 3
    assert _notes(load_session(path)) == ("段階のメモ", "人のメモ")
    assert catch_late_writes(path) is None
    assert clock.sleeps == [SETTLE_SECONDS] * 3 + [GRACE_SECONDS]


def _write_into(handle: int, text: str) -> None:
    """An editor's in-place save through the file it opened: truncate, write, and done long
    ago (so nobody waits for it to settle)."""
    os.ftruncate(handle, 0)
    os.pwrite(handle, text.encode("utf-8"), 0)
    os.utime(handle, (0, 0))


def test_an_edit_saved_into_the_file_a_save_replaced_is_merged_at_the_stage_s_end(
    path: Path, base: Session
) -> None:
    editor = os.open(path, os.O_RDWR)  # the editor opens the file before the stage's save …
    try:
        save_session(_ours(base), path, base=base)
        _write_into(editor, dump_session(_theirs(base)))  # … and saves into it after
    finally:
        os.close(editor)
    assert _notes(load_session(path)) == ("段階のメモ", "")  # not in the session file yet
    caught = catch_late_writes(path)
    assert caught == load_session(path)
    assert _notes(caught) == ("段階のメモ", "人のメモ")
    assert catch_late_writes(path) is None  # merged once


def test_an_edit_saved_into_the_file_a_save_replaced_is_merged_by_the_next_save(
    path: Path, base: Session
) -> None:
    editor = os.open(path, os.O_RDWR)
    try:
        saved = save_session(_ours(base), path, base=base)
        _write_into(editor, dump_session(_theirs(base)))
    finally:
        os.close(editor)
    save_session(edited(saved, FIRST, title_ja="段階の題"), path, base=saved)
    after = load_session(path)
    assert _notes(after) == ("段階のメモ", "人のメモ")
    assert after.paper(FIRST).title_ja == "段階の題"  # type: ignore[union-attr]
    assert catch_late_writes(path) is None


def test_a_late_write_that_changes_nothing_is_let_go_and_the_file_left_alone(
    path: Path, base: Session
) -> None:
    editor = os.open(path, os.O_RDWR)
    try:
        save_session(_ours(base), path, base=base)
        _write_into(editor, dump_session(base) + "# the same session, saved again\n")
    finally:
        os.close(editor)
    before = path.read_bytes()
    assert catch_late_writes(path) == load_session(path)  # the session, as the file holds it
    assert path.read_bytes() == before
    from readinggroup.session import replaced

    assert not replaced.written_late(path)  # no longer watched


def test_a_late_write_is_only_looked_for_when_the_session_file_is_still_there(
    path: Path, base: Session
) -> None:
    editor = os.open(path, os.O_RDWR)
    try:
        save_session(_ours(base), path, base=base)
        _write_into(editor, dump_session(_theirs(base)))
    finally:
        os.close(editor)
    path.unlink()
    assert catch_late_writes(path) is None
    assert not path.exists()


def _open_files() -> int:
    return len(list(Path("/proc/self/fd").iterdir()))


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts /proc/self/fd")
def test_a_save_that_replaced_nothing_keeps_no_file_open(path: Path, base: Session) -> None:
    """Only a file a save replaced stays open (watched for late writes): a save with nothing
    to add, or one written in place through a second hard link, closes what it opened."""
    path.write_text(dump_session(_theirs(base)), "utf-8")
    os.utime(path, (0, 0))
    before = _open_files()
    save_session(base, path, base=base)  # nothing of ours to add
    assert _open_files() == before
    os.link(path, path.with_name("linked.yaml"))
    save_session(_ours(base), path, base=base)  # written in place: every link sees it
    assert _open_files() == before
    assert _notes(load_session(path.with_name("linked.yaml"))) == ("段階のメモ", "人のメモ")


def test_a_save_over_a_named_pipe_says_what_it_is_without_waiting(
    tmp_path: Path, base: Session
) -> None:
    pipe = tmp_path / "2021-10.yaml"
    os.mkfifo(pipe)
    with pytest.raises(SessionFileError) as caught:
        save_session(_ours(base), pipe, base=base)
    assert str(caught.value) == (
        f"{pipe} is a named pipe (FIFO), not a file; the session file must be a plain file: "
        "fix the path"
    )


def test_a_save_with_base_drops_unshowable_characters_and_says_where(
    path: Path, base: Session, caplog: pytest.LogCaptureFixture
) -> None:
    path.write_text(dump_session(_theirs(base)), "utf-8")
    os.utime(path, (0, 0))
    ours = base.with_papers(
        tuple(
            p.with_text("title_ja", "機械\x0b訳", writer="deepl") if p.id == FIRST else p
            for p in base.papers
        )
    )
    with caplog.at_level(logging.WARNING, logger="readinggroup"):
        written = save_session(ours, path, base=base)
    assert written.paper(FIRST).title_ja == "機械訳"  # type: ignore[union-attr]
    assert [r.getMessage() for r in caplog.records] == [
        f"{path}: {FIRST}: characters slides cannot show were dropped"
    ]


def test_a_new_ranking_over_lists_edited_by_hand_replaces_them_and_says_so(
    path: Path, base: Session, caplog: pytest.LogCaptureFixture
) -> None:
    from dataclasses import replace

    theirs = replace(base, lists=(replace(base.lists[0], label="人の見出し"), *base.lists[1:]))
    ours = replace(base, lists=(replace(base.lists[0], size=3), *base.lists[1:]))
    save_session(theirs, path)
    with caplog.at_level(logging.WARNING, logger="readinggroup"):
        written = save_session(ours, path, base=base)
    assert written.lists == ours.lists
    assert [r.getMessage() for r in caplog.records] == [
        f"{path}: the lists were edited while this ran; the new ranking replaces them"
    ]


def test_notes_both_sides_changed_are_a_warning_not_news(
    path: Path, base: Session, caplog: pytest.LogCaptureFixture
) -> None:
    """Only unedited machine text kept over ours is said quietly (info): notes are a
    person's, so losing this run's is a warning."""
    save_session(edited(base, FIRST, notes="人のメモ"), path)
    with caplog.at_level(logging.INFO, logger="readinggroup"):
        save_session(_ours(base), path, base=base)
    assert [(r.levelno, r.getMessage()) for r in caplog.records] == [
        (
            logging.WARNING,
            f"{path}: {FIRST} notes was changed in the file while this ran; the file's text is "
            "kept and this run's is not saved",
        )
    ]


def test_the_stage_s_end_with_nothing_written_late_waits_for_nothing(
    path: Path, base: Session, clock: FakeClock
) -> None:
    """The file a save replaced, written by this process a moment ago, is left unread when
    nobody wrote into it since."""
    save_session(_ours(base), path, base=base)
    assert catch_late_writes(path) is None
    assert clock.sleeps == []


def test_the_stage_s_end_waits_for_a_session_file_someone_is_writing_before_merging_into_it(
    path: Path, base: Session, clock: FakeClock
) -> None:
    editor = os.open(path, os.O_RDWR)
    try:
        save_session(_ours(base), path, base=base)
        _write_into(editor, dump_session(_theirs(base)))  # into the replaced file
    finally:
        os.close(editor)
    third = base.papers[2].id
    path.write_text(dump_session(edited(load_session(path), third, notes="別の人")), "utf-8")
    caught = catch_late_writes(path)  # the session file looks written just now, and stays so
    # then, as the catch replaced a file someone was writing, a grace before it looks again
    assert clock.sleeps == [SETTLE_SECONDS] * 3 + [GRACE_SECONDS]
    assert caught is not None
    assert _notes(caught) == ("段階のメモ", "人のメモ")
    assert caught.paper(third).notes == "別の人"  # type: ignore[union-attr]


@pytest.mark.parametrize("merged", [False, True], ids=["plain-save", "merging-save"])
def test_an_edit_saved_right_after_this_process_s_rename_is_not_taken_for_its_own(
    monkeypatch: pytest.MonkeyPatch, path: Path, base: Session, clock: FakeClock, merged: bool
) -> None:
    """What this process wrote is remembered as the text it wrote, not as the file is just
    after: an editor's save a moment later is someone else's, and the next save waits for it."""
    from readinggroup.session import write

    def write_then_editor_saves(target: Path, text: str, **kwargs: FileState) -> bool:
        done = write_text_atomically(target, text, **kwargs)
        path.write_text(dump_session(_theirs(base)), "utf-8")
        return done

    monkeypatch.setattr(write, "write_text_atomically", write_then_editor_saves)
    save_session(_ours(base), path, base=base if merged else None)
    monkeypatch.setattr(write, "write_text_atomically", write_text_atomically)
    save_session(_ours(base), path, base=base)
    assert clock.sleeps == [SETTLE_SECONDS] * 3


def test_a_linked_session_is_written_through_and_known_as_this_process_s_own(
    tmp_path: Path, base: Session, clock: FakeClock
) -> None:
    """A session file that is a symbolic link (to a synced folder): the save writes the file it
    points to, the link stays, and the next save knows the text as its own (no wait)."""
    real = tmp_path / "synced" / "2021-10.yaml"
    real.parent.mkdir()
    link = tmp_path / "2021-10.yaml"
    link.symlink_to(real)
    save_session(base, link)
    saved = save_session(_ours(base), link, base=base)
    save_session(edited(saved, SECOND, notes="段階の二つ目"), link, base=saved)
    assert link.is_symlink()
    assert _notes(load_session(real)) == ("段階のメモ", "段階の二つ目")
    assert clock.sleeps == []
