"""One run per month at a time: the commands that ask services hold the month while they run.

Two builds of one month started together would both rank, look up and translate everything
(twice the requests, and each one's answers merged over the other's). The first run holds
``sessions/.YYYY-MM.yaml.run.lock`` (beside the real file when the session is a link) for as
long as it runs; a second one says who holds it, waits, and then reads the session the first
one saved: what the first did is not done again. The OS frees the lock of a killed run.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shlex
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from readinggroup.atomic_files import real_file
from readinggroup.errors import SessionFileError

log = logging.getLogger(__name__)

# A run's waits are bounded (each service's budget, the deadlines), so a month held this long
# belongs to a run that is stuck: say so rather than wait for ever.
MONTH_WAIT_SECONDS = 30 * 60.0


def month_lock_path(session: Path) -> Path:
    """The lock a run holds for the month of the session file *session*."""
    real = real_file(session)
    return real.with_name(f".{real.name}.run.lock")


@contextmanager
def month_held(session: Path, *, wait: float | None = None) -> Iterator[None]:
    """Hold the month of the session file *session* for a whole command; a second command
    waits up to *wait* seconds (default MONTH_WAIT_SECONDS), saying who it waits for."""
    wait = MONTH_WAIT_SECONDS if wait is None else wait
    path = month_lock_path(session)
    made_folder = not path.parent.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(path))
    try:
        try:
            lock.acquire(timeout=0)
        except Timeout:
            log.warning(
                "%s: %s is working on this month; waiting for it to finish", session, _holder(path)
            )
            lock.acquire(timeout=wait)
    except Timeout:
        raise SessionFileError(
            f"{session}: {_holder(path)} has held this month for {_duration(wait)}; let it "
            "finish (or stop it) and run again"
        ) from None
    except IsADirectoryError:
        raise SessionFileError(
            f"{path} is a folder, but readinggroup keeps the lock of {session.name} there; "
            "remove or rename that folder"
        ) from None
    note = _note_path(path)
    try:
        note.write_text(_me(), encoding="utf-8")
        yield
    finally:
        note.unlink(missing_ok=True)
        lock.release()
        if made_folder and not session.exists():  # a fetch that failed leaves no sessions/
            _remove_folder_made_for(path)


def _remove_folder_made_for(lock: Path) -> None:
    with contextlib.suppress(OSError):  # someone else's file arrived meanwhile: it stays
        lock.unlink()
        lock.parent.rmdir()


def _duration(seconds: float) -> str:
    return f"{seconds:g} s" if seconds < 120 else f"{seconds / 60:g} minutes"


def _note_path(lock: Path) -> Path:
    return lock.with_name(lock.name + ".holder")


def _me() -> str:
    command = shlex.join([Path(sys.argv[0]).name, *sys.argv[1:]]) if sys.argv else "python"
    return f"readinggroup process {os.getpid()} on {socket.gethostname()} (`{command}`)"


def _holder(lock: Path) -> str:
    try:
        return _note_path(lock).read_text(encoding="utf-8").strip() or "another process"
    except (OSError, UnicodeDecodeError):
        return "another readinggroup process"
