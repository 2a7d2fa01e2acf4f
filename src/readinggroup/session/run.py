"""One command's session: loaded once, saved after each stage that changed it (merged with
edits made to the file meanwhile)."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from readinggroup.models import Session
from readinggroup.session.read import load_session
from readinggroup.session.write import save_session
from readinggroup.stages import StageReport
from readinggroup.workspace import Outcome, Workspace

if TYPE_CHECKING:
    from readinggroup.text.glossary import Glossary

CHECKPOINT_SECONDS = 1.0  # a long stage saves what it finished at most this often


class SessionRun:
    """One command's session: loaded once, saved after each stage that changed it."""

    def __init__(self, workspace: Workspace, path: Path, session: Session | None = None) -> None:
        self.workspace = workspace
        self.path = path
        self.session = session if session is not None else load_session(path)
        self.base = self.session  # what the running stage started from: saves merge against it
        self.reports: list[StageReport] = []
        self._saved_at = float("-inf")
        self._pending: Session | None = None
        self._glossary: Glossary | None = None
        # the last save of the running stage: what it handed over, against which base
        self._sent: tuple[Session, Session] | None = None

    def checkpoint(self, session: Session, *, base: Session) -> None:
        """Save a stage's work so far (at most once a second), so a killed run keeps it;
        *base* is what the stage started from (edits made to the file meanwhile are kept)."""
        self._pending = session
        if time.monotonic() - self._saved_at >= CHECKPOINT_SECONDS:
            self.flush(base=base)

    def flush(self, *, base: Session) -> None:
        """Save the last checkpoint not saved yet (a stage stopped by Ctrl-C keeps its work)."""
        pending, self._pending = self._pending, None
        if pending is not None and pending != self.session:
            self.save(pending, base=base)
            self.base = self.session
            self._saved_at = time.monotonic()

    def run_stage(
        self, stage: Callable[[Session, Callable[[Session], None]], tuple[Session, StageReport]]
    ) -> StageReport:
        """Run a *stage* that hands back its work as it goes (``stage(session, checkpoint)``):
        each hand-back is saved at most once a second, and whatever was handed back is saved
        when the stage stops early (Ctrl-C, a setting every paper fails on)."""
        start = self.session  # the stage's changes are always applied against what it started
        try:
            result = stage(start, functools.partial(self.checkpoint, base=start))
        except BaseException:
            self.flush(base=start)
            self._catch_late_writes()
            raise
        return self.keep(result, base=start)

    def _catch_late_writes(self) -> None:
        """An editor's in-place save that landed in a file this run's save replaced is merged
        into the session file (see ``session.replaced``)."""
        from readinggroup.session.write import catch_late_writes

        caught = catch_late_writes(self.path)
        if caught is not None:
            self.session = caught

    def glossary(self) -> Glossary:
        """The workspace's glossary, read on first use and at most once per command."""
        if self._glossary is None:
            self._glossary = self.workspace.glossary()
        return self._glossary

    def keep(
        self, result: tuple[Session, StageReport], *, base: Session | None = None
    ) -> StageReport:
        """Take a stage's result: save the session if it changed, remember the report.
        *base*: what the stage started from, if not the session as last saved."""
        session, report = result
        if session != self.session:
            self.save(session, base=base)
        self._catch_late_writes()
        self.base = self.session  # the next stage starts from the file as it is now
        self._sent = None
        self.reports.append(report)
        return report

    def save(self, session: Session, *, base: Session | None = None) -> None:
        """Save a stage's work (also part of it, mid-stage), merged with the edits made to the
        file since the stage began; the base stays the stage's start until :meth:`keep`.

        A later save of the same stage merges against what the run last wrote, not the
        stage's start: only what the stage changed since its last save is applied to that.
        Else an edit made after the first save that put a field back as it was at the start
        would look unchanged, and the stage's older text would replace it."""
        base = base or self.base
        handed = session
        if self._sent is not None and self._sent[1] is base:
            from readinggroup.session.merge import merge_sessions, say_skipped

            rebased = merge_sessions(self._sent[0], session, self.session)
            say_skipped(self.path, rebased)  # a field edited in the file since the last save
            session, base = rebased.session, self.session
        self.session = save_session(session, self.path, base=base)
        self._sent = (handed, base if self._sent is None else self._sent[1])

    def outcome(self, path: Path | None = None) -> Outcome:
        return Outcome(path or self.path, tuple(self.reports), self.path)
