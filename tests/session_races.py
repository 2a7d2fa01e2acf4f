"""For the tests of a session file read or saved while someone else writes it: a clock that
passes only when the code sleeps, and an editor's edits.

The clock stands in for the ``time`` module of the session's read, write and replaced code, so
the waits for an editor's file to settle are tested by what they slept, without sleeping. It
starts long before any real file's time: a file written for real looks written just now until a
test dates it with :meth:`FakeClock.date`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from readinggroup.models import Session

START = 1000.0


@dataclass
class FakeClock:
    """``time.time``, ``time.monotonic`` and ``time.sleep`` on a clock moved only by sleeps."""

    now: float = START
    sleeps: list[float] = field(default_factory=list)
    on_sleep: Callable[[], object] | None = None  # what happens meanwhile (an editor saving)

    def time(self) -> float:
        return self.now

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        if self.on_sleep is not None:
            self.on_sleep()

    def date(self, file: Path | int, seconds_ago: float) -> None:
        """Make *file* (a path or an open descriptor) last written *seconds_ago* on this clock
        (to the nanosecond, so a quiet of exactly SETTLE_QUIET_SECONDS is exact)."""
        written = round((self.now - seconds_ago) * 10**9)
        os.utime(file, ns=(written, written))


def edited(session: Session, paper_id: str, **changes: object) -> Session:
    """*session* with the paper *paper_id*'s fields *changes* replaced."""
    return session.with_papers(
        tuple(
            replace(p, **changes) if p.id == paper_id else p  # type: ignore[arg-type]
            for p in session.papers
        )
    )
