"""The run plumbing every command shares: the run's retry budget, the window it ranks, a new
session, and the outcome counted from the session before and after."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from readinggroup.models import Session
from readinggroup.months import Month, WindowSpec
from readinggroup.session.run import SessionRun
from readinggroup.workspace import Outcome

if TYPE_CHECKING:
    from readinggroup.config import Config
    from readinggroup.services import Services


def for_run(services: Services) -> Services:
    """*services* with this run's retry budget: each service's failed requests and pauses may
    cost one command 120 s in all, counted from here (every command gets its whole budget)."""
    from readinggroup.adapters.transport.budget import RunBudget

    return services.for_run(RunBudget())


def window_spec(config: Config, override: WindowSpec | None) -> WindowSpec:
    """The window a run ranks: ``--window`` if given, else the config's."""
    return override or WindowSpec.parse(config.window)


def run_outcome(
    run: SessionRun, before: Session, path: Path | None = None, *, whole_month: bool = False
) -> Outcome:
    """The run's outcome with what it did, counted from the session *before* and after."""
    from readinggroup.run_summary import what_the_run_did

    did = tuple(what_the_run_did(before, run.session))
    return replace(run.outcome(path), did=did, whole_month=whole_month)


def new_session(month: Month, config: Config, spec: WindowSpec) -> Session:
    from readinggroup.stages.lists import new_session

    return new_session(
        month,
        title=config.title,
        window=spec.for_month(month),
        group=config.group,
        event_url=config.event_url,
        settings={
            "translator": config.translator,
            "summarizer": config.summarizer,
            "duplicates": config.duplicates,
        },
    )
