"""Running one bad-input case through the real CLI in a fresh copy of the shipped example."""

from __future__ import annotations

import builtins
import dataclasses
import errno
import io
import os
import signal
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from readinggroup.cli import cli
from readinggroup.services import real_services
from tests.catalogue.bad_input import Case
from tests.fakes import FakeMetadata, FakeTranslator, example_papers, fake_services

REPO = Path(__file__).resolve().parent.parent.parent
EXAMPLE = REPO / "sessions" / "2021-10.yaml"
SESSION = Path("sessions") / "2021-10.yaml"


@dataclass(frozen=True)
class Ran:
    code: int
    last_line: str
    stderr: str
    session_before: bytes | None
    session_after: bytes | None


def prepare(case: Case, root: Path) -> None:
    """The example working directory with *case*'s files and session edit."""
    (root / "sessions").mkdir(parents=True)
    text = EXAMPLE.read_text("utf-8")
    if isinstance(case.session, bytes):
        (root / SESSION).write_bytes(case.session)
    else:
        edited = case.session(text) if case.session is not None else text
        assert case.session is None or edited != text, f"{case.name}: the edit changed nothing"
        (root / SESSION).write_text(edited, "utf-8")
    for name, target in case.links.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).unlink(missing_ok=True)
        (root / name).symlink_to(target)
    for name in case.fifos:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).unlink(missing_ok=True)
        os.mkfifo(root / name)
    for name, content in case.files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if content is None:
            path.mkdir(exist_ok=True)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, "utf-8")


def refuse_writes(monkeypatch: pytest.MonkeyPatch, folder: Path, code: int) -> None:
    """Every attempt to write under *folder* fails with *code* (EACCES, ENOSPC), as it would
    in a read-only folder or on a full disk; reading still works."""
    folder = folder.resolve()
    real_open, real_os_open = builtins.open, os.open

    def inside(path: object) -> bool:
        if not isinstance(path, str | os.PathLike):
            return False
        return Path(os.fspath(path)).resolve().is_relative_to(folder)

    def refuse(path: object) -> OSError:
        return OSError(code, os.strerror(code), os.fspath(path))  # type: ignore[arg-type]

    def guarded_open(file: object, mode: str = "r", *args: object, **kwargs: object) -> object:
        if any(flag in mode for flag in "wax+") and inside(file):
            raise refuse(file)
        return real_open(file, mode, *args, **kwargs)  # type: ignore[call-overload]

    def guarded_os_open(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and inside(path):
            raise refuse(path)
        return real_os_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(io, "open", guarded_open)
    monkeypatch.setattr(os, "open", guarded_os_open)


FAULTS = {
    "output": ("output", errno.EACCES),
    "sessions": ("sessions", errno.EACCES),
    "nospace": ("output", errno.ENOSPC),
}


def cache_fault(monkeypatch: pytest.MonkeyPatch, fault: str) -> None:
    """The translation cache opened read-only (as a file the user may not write is), or unable
    to grow (SQLite's own "database or disk is full", as on a full disk)."""
    from readinggroup.adapters.translators import cache

    connect = sqlite3.connect

    def read_only(path: object, **kwargs: object) -> sqlite3.Connection:
        return connect(f"file:{path}?mode=ro", uri=True, **kwargs)  # type: ignore[arg-type]

    def full(path: object, **kwargs: object) -> sqlite3.Connection:
        database = connect(path, **kwargs)  # type: ignore[arg-type]
        database.execute("PRAGMA max_page_count = 1")
        return database

    monkeypatch.setattr(cache.sqlite3, "connect", read_only if fault == "cache-readonly" else full)


# Anything that waits (a named pipe read as a file) fails the case instead of hanging the run.
CASE_TIMEOUT_SECONDS = 30


class Hung(BaseException):
    """Raised into a command that ran too long: a BaseException, so that neither the CLI's
    error edge nor CliRunner turns it into an exit code."""


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    def give_up(signum: int, frame: object) -> None:
        raise Hung(f"the command was still running after {seconds} s (it hangs)")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run(case: Case, root: Path, monkeypatch: pytest.MonkeyPatch) -> Ran:
    prepare(case, root)
    monkeypatch.chdir(root)
    for name, value in case.env.items():
        monkeypatch.setenv(name, value)
    if case.fault.startswith("cache-"):
        cache_fault(monkeypatch, case.fault)
    elif case.fault:
        folder, code = FAULTS[case.fault]
        (root / folder).mkdir(exist_ok=True)
        refuse_writes(monkeypatch, root / folder, code)
    session = root / SESSION
    before = session.read_bytes() if session.is_file() else None
    cache = case.env.get("READINGGROUP_CACHE_DIR")
    services = fake_services(
        metadata=FakeMetadata(example_papers()),
        translator=FakeTranslator(),
        cache_dir=Path(cache) if cache else root / "cache",
    )
    if case.real_translators:
        services = dataclasses.replace(services, translator=real_services().translator)
    with time_limit(CASE_TIMEOUT_SECONDS):
        result = CliRunner().invoke(cli, list(case.args), obj=services)
    monkeypatch.undo()
    after = session.read_bytes() if session.is_file() else None
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    lines = result.stderr.strip().splitlines()
    return Ran(result.exit_code, lines[-1] if lines else "", result.stderr, before, after)
