"""``fetch``: rank the lists and look up the papers; the same steps start a ``build`` with no
session yet."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from readinggroup.commands.plumbing import for_run, new_session, run_outcome, window_spec
from readinggroup.errors import InputError
from readinggroup.models import Session
from readinggroup.months import Month, Window, WindowSpec
from readinggroup.session.lock import month_held
from readinggroup.session.run import SessionRun
from readinggroup.stages import StageReport
from readinggroup.workspace import Outcome, Workspace

if TYPE_CHECKING:
    from readinggroup.config import Config
    from readinggroup.services import Services
    from readinggroup.stages.lists import ListRequest


def _list_requests(
    config: Config, services: Services, workspace: Workspace, month: Month, spec: WindowSpec
) -> list[ListRequest]:
    from readinggroup.stages.lists import ListRequest

    window = spec.for_month(month)
    return [
        ListRequest(
            label=listed.label,
            sources={
                name: services.ranking(name, listed, config, workspace.root)
                for name in listed.sources
            },
            size=listed.size,
            window=window,
            categories=tuple(listed.categories),
            skips_repeats=config.repeats == "skip",
        )
        for listed in config.lists
    ]


def fetch(
    month: Month,
    *,
    workspace: Workspace,
    config: Config,
    services: Services,
    window: WindowSpec | None = None,
    refresh: bool = False,
) -> Outcome:
    """Rank the lists and look up the papers; keep every edit of an existing session.

    The services' answers of the last day are reused unless *refresh* asks them again. Nothing
    is written when a ranking service fails: the session on disk stays as it was.
    """
    path = workspace.session_path(month)
    spec = window_spec(config, window)
    with month_held(path):
        new = None if path.exists() else new_session(month, config, spec)
        run = SessionRun(workspace, path, new)
        before = run.session
        fetch_into(
            run,
            month,
            workspace=workspace,
            config=config,
            services=for_run(services),
            spec=spec,
            refresh=refresh,
        )
    return run_outcome(run, before)


def fetch_into(
    run: SessionRun,
    month: Month,
    *,
    workspace: Workspace,
    config: Config,
    services: Services,
    spec: WindowSpec,
    refresh: bool = False,
) -> None:
    from readinggroup.archive import repeats_decider
    from readinggroup.preflight import check_window, say_defaults
    from readinggroup.stages.lists import fetch_lists, filter_categories
    from readinggroup.stages.metadata import fill_metadata

    window = spec.for_month(month)
    say_defaults(workspace.root, config)
    check_window(month, window, config)
    if refresh:
        services.forget_responses()
    requests = _list_requests(config, services, workspace, month, spec)
    ranked, _ = fetch_lists(replace(run.session, window=window), requests=requests, month=month)
    decide_repeats = repeats_decider(month, workspace=workspace, config=config)
    ranked = decide_repeats(ranked)
    try:
        looked_up, report = fill_metadata(ranked, metadata=services.metadata(config))
    except BaseException:
        # The ranks are worth keeping when the lookup fails; the file gets lists of their size
        # (the extra candidates a category filter needs stay in memory for the lookup).
        run.keep((filter_categories(ranked, ()), StageReport("rank")))
        raise
    # an id arXiv does not know stops the run before anything is saved when a person wrote it
    looked_up = without_unknown_ids(looked_up, config, services, workspace, month, window)
    cut = filter_categories(looked_up, requests)  # candidates that moved up are decided too
    run.keep((decide_repeats(cut), report))


def without_unknown_ids(
    session: Session,
    config: Config,
    services: Services,
    workspace: Workspace,
    month: Month,
    window: Window,
) -> Session:
    """*session* with the ids arXiv does not know left out of its lists; InputError naming
    the list file and line of one the organiser wrote."""
    from readinggroup.stages.lists import MAX_CANDIDATES
    from readinggroup.stages.metadata import papers_without_metadata, settle_unknown

    if not papers_without_metadata(session):
        return session
    origins: dict[str, str] = {}
    for listed in config.lists:  # the pasted lists say where each id was written (no request)
        if "file" in listed.sources:
            source = services.ranking("file", listed, config, workspace.root)
            try:
                candidates = source.rank(month=month, window=window, limit=MAX_CANDIDATES)
            except InputError:
                continue  # the file is gone since the lists were made
            origins.update((c.ref.id, c.origin) for c in candidates if c.origin)
    return settle_unknown(session, origins=origins)
