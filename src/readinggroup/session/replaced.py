"""Files a save replaced, watched for late writes by an editor that saves in place.

A save writes a new file and renames it over the session. An editor that saves in place
(truncate, then write) and opened the file just before that rename writes into the file the
save replaced, which no name points to any more: its edit would be lost without a word. So a
save keeps the file it replaced open; the next save of the same process (and the end of each
stage, after a short grace) looks whether it was written after the rename, and merges what
was written into the session file.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from readinggroup.atomic_files import FileState, file_state, real_file
from readinggroup.models import Session
from readinggroup.session.read import (
    SETTLE_QUIET_SECONDS,
    SETTLE_SECONDS,
    quiet_for,
    read_open_session,
)

KEPT = 4  # replaced files watched per session file (the oldest are let go)
# An editor seen writing shortly before a save gets this long after the stage's last save to
# finish a write it began before the rename (a loaded machine can pause it that long).
GRACE_SECONDS = 0.5
# How long a late write may keep going before it is read as it is.
SETTLE_WAIT_SECONDS = 1.0


@dataclass(frozen=True, slots=True)
class Replaced:
    """A file a save replaced: open, its state then, and the session it held."""

    handle: int
    state: FileState
    held: Session


_WATCHED: dict[Path, list[Replaced]] = {}
_EDITOR_SEEN: dict[Path, bool] = {}  # someone else wrote the file shortly before the last save


def watch(path: Path, replaced: Replaced, *, editor_seen: bool) -> None:
    """Keep *replaced* (its handle now owned here) to look for late writes into it."""
    key = real_file(path)
    watched = _WATCHED.setdefault(key, [])
    watched.append(replaced)
    while len(watched) > KEPT:
        os.close(watched.pop(0).handle)
    _EDITOR_SEEN[key] = editor_seen


def written_late(path: Path) -> bool:
    """Whether a watched file of *path* was written since it was replaced."""
    watched = _WATCHED.get(real_file(path), [])
    return any(file_state(replaced.handle) != replaced.state for replaced in watched)


def late_writes(path: Path) -> list[tuple[Replaced, Session]]:
    """Each watched file of *path* written since it was replaced, with what was written into
    it; :func:`forget` them once that is saved."""
    found = []
    for replaced in _WATCHED.get(real_file(path), []):
        if file_state(replaced.handle) != replaced.state:
            wait_quiet(replaced.handle)
            found.append((replaced, read_open_session(path, replaced.handle)[0]))
    return found


def forget(path: Path, done: list[tuple[Replaced, Session]]) -> None:
    """Stop watching the replaced files whose late writes are saved now."""
    key = real_file(path)
    gone = {id(replaced) for replaced, _ in done}
    for replaced, _ in done:
        os.close(replaced.handle)
    _WATCHED[key] = [kept for kept in _WATCHED.get(key, []) if id(kept) not in gone]


def grace(path: Path) -> None:
    """Give an editor seen busy at the last save the time to finish a write it began."""
    if _EDITOR_SEEN.get(real_file(path)):
        time.sleep(GRACE_SECONDS)


def wait_quiet(handle: int) -> None:
    """Wait (at most SETTLE_WAIT_SECONDS) until the open file has not been written for
    SETTLE_QUIET_SECONDS."""
    deadline = time.monotonic() + SETTLE_WAIT_SECONDS
    while quiet_for(handle) < SETTLE_QUIET_SECONDS and time.monotonic() < deadline:
        time.sleep(SETTLE_SECONDS)
