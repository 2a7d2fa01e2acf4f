"""The session file's write lock, held and waited for within one process (threads), so every
line of the lock runs here: who holds it is said, and it is free again after."""

from __future__ import annotations

import os
import socket
import threading
from pathlib import Path

import pytest
from filelock import FileLock

from readinggroup.errors import SessionFileError
from readinggroup.session.lock import lock_path, session_lock


def _refusal(path: Path, *, wait: float | None) -> str:
    """The error a second writer gets, trying from another thread while this one holds."""
    caught: list[BaseException] = []

    def second_writer() -> None:
        try:
            with session_lock(path, wait=wait):
                pass
        except SessionFileError as err:
            caught.append(err)

    thread = threading.Thread(target=second_writer)
    thread.start()
    thread.join(timeout=30)
    assert len(caught) == 1
    return str(caught[0])


def test_a_held_lock_names_this_process_and_its_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "2021-10.yaml"
    monkeypatch.setattr("sys.argv", ["/usr/local/bin/readinggroup", "build", "2021 10"])
    with session_lock(path):
        note = path.with_name(".2021-10.yaml.lock.holder")
        assert note.is_file()
        refusal = _refusal(path, wait=0.2)
    assert refusal == (
        f"{path} is being written by readinggroup process {os.getpid()} on "
        f"{socket.gethostname()} (`readinggroup build '2021 10'`) and stayed locked for 0.2 s; "
        "let that run finish and run again"
    )
    assert not note.exists()  # the note goes with the lock
    with session_lock(path, wait=0.2):  # free again
        pass


def test_the_default_wait_is_the_module_s(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "2021-10.yaml"
    monkeypatch.setattr("readinggroup.session.lock.WAIT_SECONDS", 0.3)
    with session_lock(path):
        assert "stayed locked for 0.3 s" in _refusal(path, wait=None)


@pytest.mark.parametrize(
    ("note", "named"),
    [
        (None, "another readinggroup process"),  # no note (a holder killed mid-write)
        ("", "another process"),
        ("  \n", "another process"),
    ],
)
def test_a_holder_without_a_readable_note(tmp_path: Path, note: str | None, named: str) -> None:
    path = tmp_path / "2021-10.yaml"
    assert lock_path(path) == tmp_path / ".2021-10.yaml.lock"
    with FileLock(str(lock_path(path))):
        if note is not None:
            path.with_name(".2021-10.yaml.lock.holder").write_text(note, "utf-8")
        refusal = _refusal(path, wait=0.1)
    assert refusal.startswith(f"{path} is being written by {named} and stayed locked for 0.1 s")


def test_a_note_that_is_not_text_is_no_name(tmp_path: Path) -> None:
    path = tmp_path / "2021-10.yaml"
    path.with_name(".2021-10.yaml.lock.holder").write_bytes(b"\xff\xfe")
    with FileLock(str(lock_path(path))):
        assert "written by another readinggroup process and" in _refusal(path, wait=0.1)


def test_a_holder_without_a_command_line_is_named_as_python(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "2021-10.yaml"
    monkeypatch.setattr("sys.argv", [])  # an embedding interpreter may leave argv empty
    with session_lock(path):
        refusal = _refusal(path, wait=0.1)
    assert f"readinggroup process {os.getpid()} on {socket.gethostname()} (`python`)" in refusal
