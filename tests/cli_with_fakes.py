"""Separate processes for the concurrency tests: the CLI with the offline fakes, a lock holder,
and a save loop to kill.

``python -m tests.cli_with_fakes cli TAG ARGS...``  the CLI; the translator answers ``TAG:text``
``python -m tests.cli_with_fakes cli-held TAG ARGS...``  the same, but its translator marks the
    run as translating (the file ``translating-TAG``) and waits until the file ``go`` exists
    (after 60 s the run exits with 3)
``python -m tests.cli_with_fakes hold PATH``        hold PATH's session lock until killed
``python -m tests.cli_with_fakes stop-in-save PATH WHERE``  save the two sessions, then stop in
    the third save at WHERE (``mid-write``: half its bytes in the temp file; ``before-rename``:
    all of them), print ``stopped`` and wait to be killed
``python -m tests.cli_with_fakes hold-month PATH``  hold the month of the session PATH until killed
``python -m tests.cli_with_fakes edit-loop PATH STOP``  edit PATH in place, as an editor saves,
                                                    until the file STOP exists; print each edit
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO

from readinggroup.models import Session
from readinggroup.session import load_session, save_session
from readinggroup.session.lock import session_lock
from tests.fakes import FakeMetadata, FakeTranslator, example_papers, fake_services

EXAMPLE = Path(__file__).parent.parent / "sessions" / "2021-10.yaml"


def write_pasted_lists(root: Path) -> None:
    """Two pasted lists for 2021-10 in *root* (one paper in both) and the config that reads them."""
    (root / "lists").mkdir()
    (root / "lists" / "2021-10-recent.txt").write_text(
        "2109.00301\n2109.04454\n2109.08668\n", "utf-8"
    )
    (root / "lists" / "2021-10-hype.txt").write_text("2109.08668\n2106.10860\n", "utf-8")
    (root / "readinggroup.toml").write_text(
        'window = "previous-month"\n'
        "[[lists]]\n"
        'label = "Top recent"\nsources = ["file"]\nfile = "lists/{meeting}-recent.txt"\n'
        "[[lists]]\n"
        'label = "Top hype"\nsources = ["file"]\nfile = "lists/{meeting}-hype.txt"\n',
        "utf-8",
    )


def start_driver(*args: str, cwd: Path) -> subprocess.Popen[str]:
    """This module in a child process, run in *cwd* with *args* (one of the commands above)."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.cli_with_fakes", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@dataclass
class SlowTranslator(FakeTranslator):
    """Answers ``TAG:text`` after a pause, so two runs overlap."""

    tag: str = "A"

    held: bool = False  # wait for the file "go" before translating

    def translate(self, text: str) -> str:
        if self.held:
            _hold(self.tag)
        time.sleep(0.05)
        return f"{self.tag}:{text}"


def _hold(tag: str) -> None:
    """Mark run *tag* as translating (a file in the working folder), then wait for "go"."""
    Path(f"translating-{tag}").touch()
    deadline = time.monotonic() + 60
    while not Path("go").exists():
        if time.monotonic() > deadline:  # end the whole run, not one translation the stage
            # would report and carry on from
            print(f"run {tag} was never let go", file=sys.stderr, flush=True)
            os._exit(3)
        time.sleep(0.01)


def two_sessions() -> tuple[Session, Session]:
    """Two different versions of the example, both valid."""
    first = load_session(EXAMPLE)
    second = first.with_papers(
        tuple(replace(paper, notes=f"メモ {paper.id} " * 40) for paper in first.papers)
    )
    return first, second


def edit_in_place_until(path: Path, stop: Path) -> None:
    """What a person's editor does, over and over: read the file, change one paper's notes,
    save in place (truncate, then write in two parts, as editors with ``backupcopy=yes`` do),
    without readinggroup's lock. Each edit is printed as ``NUMBER ID``: the last edit of each
    paper must be in the file at the end."""
    import random
    import re

    chooser = random.Random()
    number = 0
    while not stop.exists():
        time.sleep(chooser.uniform(0.02, 0.25))  # a save every few tenths of a second
        text = path.read_text("utf-8")
        ids = re.findall(r"^- id: '([^']+)'\n", text, flags=re.MULTILINE)
        if not ids:
            continue  # caught the file mid-write (another editor's half): read again
        number += 1
        paper = chooser.choice(ids)
        start = text.index(f"- id: '{paper}'\n")
        notes = text.index("\n  notes: ", start) + 1
        end = text.index("\n", notes)
        edited = f"{text[:notes]}  notes: edit {number}{text[end:]}".encode()
        half = chooser.randrange(len(edited))
        with path.open("r+b") as stream:
            stream.truncate(0)
            stream.write(edited[:half])
            stream.flush()
            time.sleep(chooser.uniform(0.0, 0.01))
            stream.write(edited[half:])
        print(number, paper, flush=True)


def main(argv: list[str]) -> None:
    mode, rest = argv[0], argv[1:]
    if mode in ("cli", "cli-held"):
        from readinggroup.cli import cli

        tag, args = rest[0], rest[1:]
        services = fake_services(
            metadata=FakeMetadata(example_papers()),
            translator=SlowTranslator(f"fake-{tag}", tag=tag, held=mode == "cli-held"),
        )
        cli.main(args, obj=services, prog_name="readinggroup")
    elif mode == "hold":
        with session_lock(Path(rest[0])):
            print("held", flush=True)
            time.sleep(600)
    elif mode == "hold-month":
        from readinggroup.session.lock import month_held

        with month_held(Path(rest[0])):
            print("held", flush=True)
            time.sleep(600)
    elif mode == "edit-loop":
        edit_in_place_until(Path(rest[0]), Path(rest[1]))
    elif mode == "stop-in-save":
        first, second = two_sessions()
        path, where = Path(rest[0]), rest[1]
        save_session(first, path)
        save_session(second, path, base=first)
        _stop_in_next_write(where)
        save_session(first, path, base=second)
        raise AssertionError(f"the third save never reached {where}")


def _stop_in_next_write(where: str) -> None:
    """Make the next atomic write stop at *where*: announce ``stopped``, wait to be killed."""

    def stop() -> None:
        print("stopped", flush=True)
        time.sleep(600)

    if where == "before-rename":  # the temp file is whole and synced, the rename not yet done
        real_fsync = os.fsync

        def fsync(handle: int) -> None:
            real_fsync(handle)
            stop()

        os.fsync = fsync
    elif where == "mid-write":
        real_fdopen: Callable[..., Any] = os.fdopen

        def fdopen(handle: int, *args: Any, **kwargs: Any) -> BinaryIO:
            stream: BinaryIO = real_fdopen(handle, *args, **kwargs)
            whole = stream.write

            def half_then_stop(data: bytes) -> int:
                whole(data[: len(data) // 2])
                stream.flush()
                stop()
                return 0

            stream.write = half_then_stop  # type: ignore[method-assign]
            return stream

        os.fdopen = fdopen
    else:
        raise ValueError(f"unknown place {where!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
