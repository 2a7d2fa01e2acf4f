"""Separate processes for the concurrency tests: the CLI with the offline fakes, a lock holder,
and a save loop to kill.

``python -m tests.cli_with_fakes cli TAG ARGS...``  the CLI; the translator answers ``TAG:text``
``python -m tests.cli_with_fakes hold PATH``        hold PATH's session lock until killed
``python -m tests.cli_with_fakes save-loop PATH``   save two sessions in turn until killed
``python -m tests.cli_with_fakes hold-month PATH``  hold the month of the session PATH until killed
``python -m tests.cli_with_fakes edit-loop PATH STOP``  edit PATH in place, as an editor saves,
                                                    until the file STOP exists; print each edit
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

from readinggroup.models import Session
from readinggroup.session import load_session, save_session
from readinggroup.session.lock import session_lock
from tests.fakes import FakeMetadata, FakeTranslator, example_papers, fake_services

EXAMPLE = Path(__file__).parent.parent / "sessions" / "2021-10.yaml"


@dataclass
class SlowTranslator(FakeTranslator):
    """Answers ``TAG:text`` after a pause, so two runs overlap."""

    tag: str = "A"

    def translate(self, text: str) -> str:
        time.sleep(0.05)
        return f"{self.tag}:{text}"


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
        time.sleep(chooser.uniform(0.0, 0.08))
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
    if mode == "cli":
        from readinggroup.cli import cli

        tag, args = rest[0], rest[1:]
        services = fake_services(
            metadata=FakeMetadata(example_papers()),
            translator=SlowTranslator(f"fake-{tag}", tag=tag),
        )
        cli.main(args, obj=services, prog_name="readinggroup")
    elif mode == "hold":
        with session_lock(Path(rest[0])):
            print("held", flush=True)
            time.sleep(600)
    elif mode == "hold-month":
        from readinggroup.month_lock import month_held

        with month_held(Path(rest[0])):
            print("held", flush=True)
            time.sleep(600)
    elif mode == "edit-loop":
        edit_in_place_until(Path(rest[0]), Path(rest[1]))
    elif mode == "save-loop":
        sessions = two_sessions()
        path = Path(rest[0])
        save_session(sessions[0], path)
        print("saving", flush=True)
        turn = 0
        while True:
            turn += 1
            save_session(sessions[turn % 2], path, base=sessions[(turn + 1) % 2])


if __name__ == "__main__":
    main(sys.argv[1:])
