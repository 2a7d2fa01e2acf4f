"""Who may write a session file, and when: two locks beside the (real) file, each with a note
of its holder.

The write lock is held only around read-merge-write (milliseconds), never around network work,
so a second process waits a few seconds at most; if it cannot get the lock by then, it says
which process holds it (pid, host, command) from the note the holder wrote beside the lock.

The month lock is held by a command that asks services (fetch, translate, summarize, build) for
its whole run: two builds of one month started together would both rank, look up and translate
everything. The second one says who holds the month, waits, and then reads the session the
first one saved, so what the first did is not done again. The OS frees the locks of a killed
process. A session file that is a link has its locks beside the file it points to.
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

from readinggroup.atomic_files import real_file
from readinggroup.errors import SessionFileError

log = logging.getLogger(__name__)

WAIT_SECONDS = 5.0
# A run's waits are bounded (each service's budget, the deadlines), so a month held this long
# belongs to a run that is stuck: say so rather than wait for ever.
MONTH_WAIT_SECONDS = 30 * 60.0


def lock_path(path: Path) -> Path:
    """The write lock of the session at *path* (hidden, beside the real file)."""
    real = real_file(path)
    return real.with_name(f".{real.name}.lock")


def month_lock_path(path: Path) -> Path:
    """The lock a run holds for the month of the session file at *path*."""
    real = real_file(path)
    return real.with_name(f".{real.name}.run.lock")


@contextmanager
def session_lock(path: Path, *, wait: float | None = None) -> Iterator[None]:
    """Hold the write lock of the session at *path*; SessionFileError after *wait* seconds
    (default WAIT_SECONDS)."""
    wait = WAIT_SECONDS if wait is None else wait
    lock = lock_path(path)
    with _held(lock, path, wait=wait) as acquired:
        if not acquired:
            raise SessionFileError(
                f"{path} is being written by {_holder(lock)} and stayed locked for {wait:g} s; "
                "let that run finish and run again"
            )
        yield


@contextmanager
def month_held(path: Path, *, wait: float | None = None) -> Iterator[None]:
    """Hold the month of the session file at *path* for a whole command; a second command
    waits up to *wait* seconds (default MONTH_WAIT_SECONDS), saying who it waits for."""
    wait = MONTH_WAIT_SECONDS if wait is None else wait
    lock = month_lock_path(path)
    made_folder = not lock.parent.exists()
    lock.parent.mkdir(parents=True, exist_ok=True)
    try:
        with _held(lock, path, wait=0) as free:
            if free:
                yield
                return
        log.warning(
            "%s: %s is working on this month; waiting for it to finish", path, _holder(lock)
        )
        with _held(lock, path, wait=wait) as acquired:
            if not acquired:
                raise SessionFileError(
                    f"{path}: {_holder(lock)} has held this month for {_duration(wait)}; let it "
                    "finish (or stop it) and run again"
                )
            yield
    finally:
        if made_folder and not path.exists():  # a fetch that failed leaves no sessions/
            with contextlib.suppress(OSError):  # someone else's file arrived: it stays
                lock.unlink()
                lock.parent.rmdir()


@contextmanager
def _held(lock: Path, session: Path, *, wait: float) -> Iterator[bool]:
    """Try *lock* (of the session file *session*) for *wait* seconds; hold it while the block
    runs and say whether it was got, with a note of who holds it."""
    from filelock import FileLock, Timeout  # here: the commands that only read take no lock

    held = FileLock(str(lock), timeout=wait)
    try:
        held.acquire()
    except Timeout:
        yield False
        return
    except IsADirectoryError:
        raise SessionFileError(
            f"{lock} is a folder, but readinggroup keeps the lock of {session.name} there; "
            "remove or rename that folder"
        ) from None
    note = _note_path(lock)
    try:
        note.write_text(_me(), encoding="utf-8")
        yield True
    finally:
        note.unlink(missing_ok=True)
        held.release()


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
