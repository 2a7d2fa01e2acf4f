"""The one atomic writer: a killed write's hidden temp file is removed by the next write in its
folder once it is stale, and never while it may be another run's live temp file."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from readinggroup.atomic_files import (
    STALE_SECONDS,
    remove_stale_leftovers,
    write_atomically,
    write_text_atomically,
)
from readinggroup.session import load_session, save_session
from tests.cli_with_fakes import two_sessions


def _leftover(folder: Path, name: str, *, age: float) -> Path:
    path = folder / name
    path.write_text("half a file", "utf-8")
    then = time.time() - age
    os.utime(path, (then, then))
    return path


def test_the_next_save_removes_a_stale_leftover_and_keeps_a_live_one(tmp_path: Path) -> None:
    path = tmp_path / "2021-10.yaml"
    stale = _leftover(tmp_path, ".2021-10.yaml.4242.0123456789ab.tmp", age=STALE_SECONDS + 5)
    old_deck = _leftover(tmp_path, f".2021-10.pptx.{'c' * 32}.tmp", age=3600)
    live = _leftover(tmp_path, ".2021-10.yaml.4243.ba9876543210.tmp", age=1)
    others = [
        _leftover(tmp_path, name, age=3600)
        for name in (
            "notes.tmp",
            ".2021-10.yaml.lock",
            ".2021-10.yaml.swp",
            "x.4242.0123456789ab.tmp",
        )
    ]
    session = two_sessions()[0]
    save_session(session, path)
    assert load_session(path) == session
    assert not stale.exists()
    assert not old_deck.exists()
    assert live.exists()  # another run may be writing it right now
    assert all(other.exists() for other in others)  # not ours: never touched


def test_a_deck_written_atomically_cleans_its_folder_too(tmp_path: Path) -> None:
    deck = tmp_path / "2021-10.pptx"
    stale = _leftover(tmp_path, ".2021-10.pptx.99.00000000000f.tmp", age=STALE_SECONDS * 2)
    write_atomically(deck, lambda stream: stream.write(b"PK"))
    assert deck.read_bytes() == b"PK"
    assert [p.name for p in tmp_path.iterdir()] == ["2021-10.pptx"]
    assert not stale.exists()


def test_an_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("old", "utf-8")
    path.chmod(0o664)
    write_text_atomically(path, "新しい")
    assert path.read_text("utf-8") == "新しい"
    assert path.stat().st_mode & 0o777 == 0o664


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path) -> None:
    path = tmp_path / "deck.pptx"

    def failing(stream: object) -> None:
        raise RuntimeError("the writer broke")

    with pytest.raises(RuntimeError, match="the writer broke"):
        write_atomically(path, failing)
    assert list(tmp_path.iterdir()) == []


def test_leftovers_are_judged_by_age_and_a_missing_folder_is_no_error(tmp_path: Path) -> None:
    name = ".2021-10.yaml.1.abcdefabcdef.tmp"
    leftover = _leftover(tmp_path, name, age=30)
    assert remove_stale_leftovers(tmp_path) == []
    assert remove_stale_leftovers(tmp_path, now=time.time() + STALE_SECONDS) == [leftover]
    assert remove_stale_leftovers(tmp_path / "nowhere") == []
