"""The organiser's working directory, and what a command produced in it (one command's
session is ``session.run.SessionRun``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from readinggroup.months import Month
from readinggroup.session import session_path
from readinggroup.stages import StageReport

if TYPE_CHECKING:
    from readinggroup.text.glossary import Glossary


@dataclass(frozen=True, slots=True)
class Workspace:
    """The organiser's working directory: ``sessions/``, ``output/``, ``readinggroup.toml``."""

    root: Path

    def session_path(self, month: Month) -> Path:
        return session_path(self.root / "sessions", month)

    def deck_path(self, month: Month, suffix: str = ".pptx") -> Path:
        return self.root / "output" / f"{month}{suffix}"

    def glossary(self) -> Glossary:
        from readinggroup.text.glossary import GLOSSARY_FILE, load_glossary

        return load_glossary(self.root / GLOSSARY_FILE)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a command produced (a path for stdout) and how its stages went."""

    path: Path
    reports: tuple[StageReport, ...] = ()
    session_path: Path | None = None  # where the work done is saved (named on a failure)
    did: tuple[str, ...] = ()  # what the run did, counted ("translated 3 papers")
    whole_month: bool = False  # every stage ran (build): nothing is left but failures

    @property
    def failures(self) -> tuple[str, ...]:
        return tuple(failure for report in self.reports for failure in report.failures)
