"""How far a run's stages are, reported where the work happens and shown by the command line.

Like logging, reporting is open to every layer and costs nothing when nobody shows it: a stage
or an adapter opens a task (``progress.task("Google Translate", total=16, unit="papers")``),
advances it as items finish and says what it waits for (``task.waiting("arXiv asks 3 s between
requests")``); the CLI installs a display for the length of one command (:func:`showing`): a
live display on a terminal, plain lines elsewhere, none under ``-q``. Tasks of stages that run
at the same time (translation beside arXiv's pages) are shown side by side.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Protocol, TypeVar

T = TypeVar("T")


class Display(Protocol):
    """What shows the tasks: told when one starts, changes and ends (from any thread)."""

    def started(self, task: Task) -> None: ...

    def changed(self, task: Task) -> None: ...

    def finished(self, task: Task) -> None: ...


class Task:
    """One running piece of work: *label* (the service or stage), *done* of *total* *unit*."""

    def __init__(self, label: str, total: int, unit: str, display: Display | None) -> None:
        self.label = label
        self.total = total
        self.unit = unit
        self.done = 0
        self.waiting_for = ""  # what the task waits on now, in words ("" = working)
        self._display = display
        self._lock = threading.Lock()
        if display is not None:
            display.started(self)

    def advance(self, count: int = 1) -> None:
        with self._lock:
            self.done += count
        if self._display is not None:
            self._display.changed(self)

    def waiting(self, reason: str) -> None:
        """Say what the task waits for (shown beside its count until the next change)."""
        self.waiting_for = reason
        if self._display is not None:
            self._display.changed(self)

    def add(self, count: int) -> None:
        """*count* more items than first thought (the PDFs needed once the services answered)."""
        with self._lock:
            self.total += count
        if self._display is not None:
            self._display.changed(self)

    def finish(self) -> None:
        self.waiting_for = ""
        if self._display is not None:
            self._display.finished(self)
            self._display = None

    def __enter__(self) -> Task:
        return self

    def __exit__(self, *exc: object) -> None:
        self.finish()

    @property
    def text(self) -> str:
        """``Google Translate: 12/16 papers`` or ``arXiv asks 3 s between requests: 5/20 pages``."""
        head = self.waiting_for or self.label
        return f"{head}: {self.done}/{self.total} {self.unit}"


_display: Display | None = None


def task(label: str, *, total: int, unit: str = "papers") -> Task:
    """A new task shown on the display the command installed (none: nothing is shown)."""
    return Task(label, total, unit, _display)


@contextmanager
def showing(display: Display | None) -> Iterator[None]:
    """Show the tasks opened in the block on *display* (None shows nothing)."""
    global _display
    previous, _display = _display, display
    try:
        yield
    finally:
        _display = previous


def tracked(items: Sequence[T], label: str) -> Iterator[T]:
    """*items* in turn, each counted on a task named *label* (a stage's ``track``)."""
    with task(label, total=len(items)) as counted:
        for item in items:
            yield item
            counted.advance()
