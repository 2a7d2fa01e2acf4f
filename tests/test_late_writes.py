"""An editor that saves in place into a file a save replaced: its edit is merged back, and the
merge itself keeps an edit that lands while it runs (in-process, no timing races)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from readinggroup.models import Session
from readinggroup.session import load_session, save_session
from readinggroup.session import write as session_write
from readinggroup.session.write import catch_late_writes
from tests.catalogue.runner import EXAMPLE
from tests.session_races import edited


def _edit_in_place(handle: int, notes_of: str, notes: str) -> None:
    """What an editor that saves in place does, through a file it opened before: one
    paper's notes changed, the whole text written over the file."""
    text = os.pread(handle, 10**7, 0).decode("utf-8")
    start = text.index(f"- id: '{notes_of}'\n")
    line = text.index("\n  notes: ", start) + 1
    end = text.index("\n", line)
    edited = f"{text[:line]}  notes: {notes}{text[end:]}".encode()
    os.ftruncate(handle, 0)
    os.pwrite(handle, edited, 0)


@pytest.fixture
def saved_twice(tmp_path: Path) -> tuple[Path, int, Session]:
    """The example saved, opened by an "editor", then saved again by a run (a merge that
    replaces the file the editor holds open): the path, the editor's handle, the run's text."""
    path = tmp_path / "sessions" / "2021-10.yaml"
    path.parent.mkdir()
    first = load_session(EXAMPLE)
    save_session(first, path)
    editor = os.open(path, os.O_RDWR)
    second = edited(first, first.papers[0].id, notes="機械の追記")
    save_session(second, path, base=first)
    assert os.fstat(editor).st_ino != path.stat().st_ino  # the editor's file was replaced
    return path, editor, second


def test_an_edit_written_into_the_replaced_file_is_merged_back(
    saved_twice: tuple[Path, int, Session],
) -> None:
    path, editor, second = saved_twice
    late = second.papers[1].id
    _edit_in_place(editor, late, "edit 1")
    os.close(editor)
    caught = catch_late_writes(path)
    assert caught is not None
    saved = load_session(path)
    assert saved.paper(late).notes == "edit 1"  # type: ignore[union-attr]
    assert saved.paper(second.papers[0].id).notes == "機械の追記"  # type: ignore[union-attr]
    assert catch_late_writes(path) is None  # merged once: nothing is left to catch


def test_an_edit_landing_while_the_late_write_is_merged_is_kept(
    saved_twice: tuple[Path, int, Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The merge of a late write is a save: an edit that lands in the session file between
    its reading and its rename is read again, not written over."""
    path, editor, second = saved_twice
    late, meanwhile = second.papers[1].id, second.papers[2].id
    _edit_in_place(editor, late, "edit 1")
    os.close(editor)
    write = session_write.write_text_atomically
    landed = []

    def edit_then_write(*args: object, **kwargs: object) -> bool:
        if not landed:  # the editor saves again, in place, just before the rename
            handle = os.open(path, os.O_RDWR)
            _edit_in_place(handle, meanwhile, "edit 2")
            os.close(handle)
            landed.append(True)
        return write(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(session_write, "write_text_atomically", edit_then_write)
    catch_late_writes(path)
    saved = load_session(path)
    assert saved.paper(late).notes == "edit 1"  # type: ignore[union-attr]
    assert saved.paper(meanwhile).notes == "edit 2"  # type: ignore[union-attr]


def test_an_edit_into_the_file_the_catch_replaced_is_caught_too(
    saved_twice: tuple[Path, int, Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The catch replaces the file as well: an editor that opened it just before writes into
    the file the catch replaced, and the catch looks again."""
    path, editor, second = saved_twice
    late, later = second.papers[1].id, second.papers[3].id
    _edit_in_place(editor, late, "edit 1")
    os.close(editor)
    write = session_write.write_text_atomically
    opened: list[int] = []

    def open_then_write(*args: object, **kwargs: object) -> bool:
        if not opened:
            opened.append(os.open(path, os.O_RDWR))  # opened before the catch's rename
        return write(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(session_write, "write_text_atomically", open_then_write)
    from readinggroup.session import replaced

    looks = replaced.written_late
    writes = []

    def written_late(at: Path) -> bool:
        if opened and not writes:  # … and writes after the rename
            _edit_in_place(opened[0], later, "edit 2")
            os.close(opened[0])
            writes.append(True)
        return looks(at)

    monkeypatch.setattr(replaced, "written_late", written_late)
    catch_late_writes(path)
    saved = load_session(path)
    assert saved.paper(late).notes == "edit 1"  # type: ignore[union-attr]
    assert saved.paper(later).notes == "edit 2"  # type: ignore[union-attr]
