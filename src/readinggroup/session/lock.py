"""One writer at a time per session file: a lock file next to it, and a note of who holds it.

The lock is held only around read-merge-write (milliseconds), never around network work, so a
second process waits a few seconds at most; if it cannot get the lock by then, it says which
process holds it (pid, host, command) from the note the holder wrote beside the lock.
"""

from __future__ import annotations

import os
import shlex
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from readinggroup.errors import SessionFileError

WAIT_SECONDS = 5.0


def lock_path(path: Path) -> Path:
    """The lock file of the session at *path* (hidden, in the same folder)."""
    return path.with_name(f".{path.name}.lock")


def _holder_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock.holder")


@contextmanager
def session_lock(path: Path, *, wait: float | None = None) -> Iterator[None]:
    """Hold the write lock of the session at *path*; SessionFileError after *wait* seconds
    (default WAIT_SECONDS)."""
    wait = WAIT_SECONDS if wait is None else wait
    lock = FileLock(str(lock_path(path)), timeout=wait)
    try:
        lock.acquire()
    except Timeout:
        raise SessionFileError(
            f"{path} is being written by {_holder(path)} and stayed locked for {wait:g} s; "
            "let that run finish and run again"
        ) from None
    holder = _holder_path(path)
    try:
        holder.write_text(_me(), encoding="utf-8")
        yield
    finally:
        holder.unlink(missing_ok=True)
        lock.release()


def _me() -> str:
    command = shlex.join([Path(sys.argv[0]).name, *sys.argv[1:]]) if sys.argv else "python"
    return f"readinggroup process {os.getpid()} on {socket.gethostname()} (`{command}`)"


def _holder(path: Path) -> str:
    try:
        return _holder_path(path).read_text(encoding="utf-8").strip() or "another process"
    except (OSError, UnicodeDecodeError):
        return "another readinggroup process"
