"""``build``: fetch, translate, summarise and render, doing only what is missing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from readinggroup import progress
from readinggroup.commands.deck import render_session, template_of
from readinggroup.commands.drafting import find_key_figures, translate_and_summarize
from readinggroup.commands.fetching import fetch_into, without_unknown_ids
from readinggroup.commands.plumbing import for_run, new_session, run_outcome, window_spec
from readinggroup.months import Month, WindowSpec
from readinggroup.session.lock import month_held
from readinggroup.session.run import SessionRun
from readinggroup.workspace import Outcome, Workspace

if TYPE_CHECKING:
    from readinggroup.config import Config
    from readinggroup.services import Services


def build(
    month: Month,
    *,
    workspace: Workspace,
    config: Config,
    services: Services,
    window: WindowSpec | None = None,
) -> Outcome:
    """Fetch, translate, summarise and render, doing only what is missing."""
    from readinggroup.stages.metadata import fill_metadata, papers_without_metadata

    template_of(config, workspace)  # a template that is not there is said before any request
    services = for_run(services)
    path = workspace.session_path(month)
    # held to the end: a second build waits, then finds the session complete and only renders
    with month_held(path):
        if path.exists():
            run = SessionRun(workspace, path)
            before = run.session
            if papers_without_metadata(run.session):
                looked_up, report = fill_metadata(run.session, metadata=services.metadata(config))
                kept = run.session.window
                looked_up = without_unknown_ids(looked_up, config, services, workspace, month, kept)
                run.keep((looked_up, report))
        else:
            spec = window_spec(config, window)
            run = SessionRun(workspace, path, new_session(month, config, spec))
            before = run.session
            fetch_into(run, month, workspace=workspace, config=config, services=services, spec=spec)
        translate_and_summarize(run, config=config, services=services)
        find_key_figures(run, config=config, services=services, track=progress.tracked)
        deck = render_session(run.session, workspace, config)
        return run_outcome(run, before, deck, whole_month=True)
