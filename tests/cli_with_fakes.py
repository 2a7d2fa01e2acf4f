"""Separate processes for the concurrency tests: the CLI with the offline fakes, a lock holder,
and a save loop to kill.

``python -m tests.cli_with_fakes cli TAG ARGS...``  the CLI; the translator answers ``TAG:text``
``python -m tests.cli_with_fakes hold PATH``        hold PATH's session lock until killed
``python -m tests.cli_with_fakes save-loop PATH``   save two sessions in turn until killed
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
