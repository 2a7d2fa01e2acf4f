"""The progress of one command on stderr (``progress.py`` is what the stages report): on a
terminal a live display, one line per running task with its count and what it waits for; off
a terminal (CI, a pipe) a plain line when a task starts and when it ends, no control codes;
nothing under ``-q``. Log lines (``-v``) print above the live display, not through it."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

from readinggroup import progress

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from readinggroup.progress import Task


class PlainLines:
    """A line on stderr when a task starts (what it will do) and when it ends (what it did)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def started(self, task: Task) -> None:
        if task.total:
            self._say(f"{task.label}: {task.total} {task.unit} to do")

    def changed(self, task: Task) -> None:
        pass

    def finished(self, task: Task) -> None:
        if task.total:
            self._say(f"{task.label}: {task.done}/{task.total} {task.unit}")

    def _say(self, line: str) -> None:
        with self._lock:
            click.echo(line, err=True)


class LiveLines:
    """rich's live display: one line per running task, redrawn as it changes; a finished
    task leaves its last line printed above the display."""

    def __init__(self, bar: Progress) -> None:
        self._bar = bar
        self._ids: dict[int, TaskID] = {}
        self._lock = threading.Lock()

    def started(self, task: Task) -> None:
        with self._lock:
            self._ids[id(task)] = self._bar.add_task(task.text, total=task.total or None)

    def changed(self, task: Task) -> None:
        with self._lock:
            shown = self._ids.get(id(task))
        if shown is not None:
            self._bar.update(shown, description=task.text, completed=task.done, total=task.total)

    def finished(self, task: Task) -> None:
        with self._lock:
            shown = self._ids.pop(id(task), None)
        if shown is not None:
            self._bar.remove_task(shown)
            if task.total:
                self._bar.console.print(task.text, highlight=False, markup=False)


@contextmanager
def progress_shown(*, quiet: bool) -> Iterator[None]:
    """Show the tasks the command's stages report, as stderr allows (see the module)."""
    if quiet:
        yield
        return
    if not sys.stderr.isatty():
        with progress.showing(PlainLines()):
            yield
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn

    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}", markup=False),
        BarColumn(bar_width=24),
        console=Console(stderr=True, highlight=False),
        transient=True,
        redirect_stderr=True,
    )
    handlers = [
        handler
        for handler in logging.getLogger("readinggroup").handlers
        if isinstance(handler, logging.StreamHandler)
    ]
    with bar:
        # the log's handler writes to the stream it was given: point it at rich's stderr,
        # which prints above the live lines instead of through them
        previous = [handler.setStream(sys.stderr) for handler in handlers]
        try:
            with progress.showing(LiveLines(bar)):
                yield
        finally:
            for handler, stream in zip(handlers, previous, strict=True):
                if stream is not None:
                    handler.setStream(stream)
