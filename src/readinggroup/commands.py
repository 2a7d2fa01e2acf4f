"""The one orchestrator: each command loads the session once, runs the stages it needs, and
saves after every stage that changed something, so an error later in the run loses nothing.

The CLI only parses arguments and reports; the stages (``stages/``) never touch files; the
session is loaded and saved through ``session.run.SessionRun``. Every stage is imported by the
command that runs it, so a command loads no more than it uses (``show`` is in ``views.py``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, replace
from pathlib import Path
from typing import TYPE_CHECKING

from readinggroup import progress
from readinggroup.errors import InputError
from readinggroup.models import Month, Paper, Session, Window, WindowSpec
from readinggroup.session import load_session
from readinggroup.session.lock import month_held
from readinggroup.session.run import SessionRun
from readinggroup.stages import (
    StageReport,
    Track,
    affiliations_to_fill,
    fields_to_translate,
    figure_wanted,
    listed_papers,
    no_progress,
    summary_lines_to_fill,
)
from readinggroup.workspace import Outcome, Workspace

if TYPE_CHECKING:
    from collections.abc import Sequence

    from readinggroup.config import Config
    from readinggroup.figure_files import ShownFigure
    from readinggroup.plan import Slide
    from readinggroup.services import Services
    from readinggroup.stages.lists import ListRequest

log = logging.getLogger(__name__)
RENDERER_AFTER_SECONDS = 2.0  # a build prepares the renderer this long after the stages start


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


def _for_run(services: Services) -> Services:
    """*services* with this run's retry budget: each service's failed requests and pauses may
    cost one command 120 s in all, counted from here (every command gets its whole budget)."""
    from readinggroup.adapters.transport.budget import RunBudget

    return services.for_run(RunBudget())


def _window_spec(config: Config, override: WindowSpec | None) -> WindowSpec:
    """The window a run ranks: ``--window`` if given, else the config's."""
    return override or WindowSpec.parse(config.window)


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
    spec = _window_spec(config, window)
    with month_held(path):
        new = None if path.exists() else _new_session(month, config, spec)
        run = SessionRun(workspace, path, new)
        before = run.session
        _fetch_into(
            run,
            month,
            workspace=workspace,
            config=config,
            services=_for_run(services),
            spec=spec,
            refresh=refresh,
        )
    return _outcome(run, before)


def _outcome(
    run: SessionRun, before: Session, path: Path | None = None, *, whole_month: bool = False
) -> Outcome:
    """The run's outcome with what it did, counted from the session *before* and after."""
    from readinggroup.run_summary import what_the_run_did

    did = tuple(what_the_run_did(before, run.session))
    return replace(run.outcome(path), did=did, whole_month=whole_month)


def _new_session(month: Month, config: Config, spec: WindowSpec) -> Session:
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


def _fetch_into(
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
    looked_up = _settle_unknown(looked_up, config, services, workspace, month, window)
    cut = filter_categories(looked_up, requests)  # candidates that moved up are decided too
    run.keep((decide_repeats(cut), report))


def _settle_unknown(
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


def translate(
    month: Month,
    *,
    workspace: Workspace,
    config: Config,
    services: Services,
    force: bool = False,
    use_cache: bool = True,
    concurrency: int | None = None,
) -> Outcome:
    """Fill the empty Japanese titles and abstracts of the listed papers.

    Terms in ``glossary.yaml`` (working directory) are kept or given their fixed Japanese;
    *use_cache* False asks the service even for text it answered before (and stores nothing);
    *concurrency* None lets the stage choose.
    """
    with month_held(workspace.session_path(month)):
        run = SessionRun(workspace, workspace.session_path(month))
        before = run.session
        _translate(
            run,
            config=config,
            services=_for_run(services),
            force=force,
            use_cache=use_cache,
            concurrency=concurrency,
        )
    return _outcome(run, before)


def _translate(
    run: SessionRun,
    *,
    config: Config,
    services: Services,
    force: bool = False,
    use_cache: bool = True,
    concurrency: int | None = None,
) -> None:
    has_work = any(fields_to_translate(paper, force=force) for paper in listed_papers(run.session))
    if not has_work:
        return
    from readinggroup.stages.translate import DEFAULT_CONCURRENCY, translate_session

    with services.translation(config, use_cache=use_cache, lazy=False) as translator:
        run.run_stage(
            lambda start, checkpoint: translate_session(
                start,
                translator=translator,
                glossary=run.glossary(),
                force=force,
                concurrency=concurrency or DEFAULT_CONCURRENCY,
                checkpoint=checkpoint,
            )
        )


def summarize(
    month: Month,
    *,
    workspace: Workspace,
    config: Config,
    services: Services,
    force: bool = False,
) -> Outcome:
    """Draft the empty summary lines and find the papers' key figures."""
    with month_held(workspace.session_path(month)):
        run = SessionRun(workspace, workspace.session_path(month))
        before = run.session
        run_services = _for_run(services)  # one run: 著者所属 and figures share arXiv's pages
        _summarize(run, config=config, services=run_services, force=force)
        _figures(run, config=config, services=run_services, force=force, track=progress.tracked)
    return _outcome(run, before)


def _summarize(run: SessionRun, *, config: Config, services: Services, force: bool = False) -> None:
    summarizer = services.summarizing(config)  # a missing endpoint is said even with no work
    papers = listed_papers(run.session)
    if not any(
        summary_lines_to_fill(paper, force=force) or affiliations_to_fill(paper, force=force)
        for paper in papers
    ):
        return  # a complete session: the stage (and its cue patterns) is not even loaded
    from readinggroup.stages.background import drafting_concurrency
    from readinggroup.stages.summarize import summarize_session

    with services.translation(config) as translator:
        run.run_stage(
            lambda start, checkpoint: summarize_session(
                start,
                translator=translator,
                summarizer=summarizer,
                affiliations=services.finding_affiliations(config),
                glossary=run.glossary(),
                force=force,
                checkpoint=checkpoint,
                concurrency=drafting_concurrency(summarizer),
            )
        )


def _prepare_renderer(config: Config) -> None:
    """Import the renderer and read the fonts' metrics while the run waits on arXiv, so the
    deck is written the moment the last answer is in (python-pptx's imports alone take a
    third of a second). Any problem is left for the render itself to say."""
    try:
        import readinggroup.render.pptx_deck  # noqa: F401  (python-pptx and lxml)
        from readinggroup.cache_dir import default_cache_dir
        from readinggroup.config import Fonts as FontsConfig
        from readinggroup.render.metrics import text_metrics

        if config.template:  # its theme's fonts are known once it is opened
            return
        fonts = config.fonts or FontsConfig()
        for bold in (False, True):
            text_metrics(fonts.latin, fonts.east_asian, bold=bold, cache_dir=default_cache_dir())
    except Exception:
        log.debug("preparing the renderer failed; the render will say why", exc_info=True)


def _figures(
    run: SessionRun,
    *,
    config: Config,
    services: Services,
    force: bool = False,
    track: Track[Paper] = no_progress,
) -> None:
    """Find the key figures the session still needs (``figures = "first"``), in the same run
    as 著者所属: both read arXiv's HTML page, which the run fetches once."""
    if config.figures == "none":
        return
    from readinggroup.figure_files import FigureFolder

    store = FigureFolder(run.workspace.root)
    if not any(figure_wanted(paper, store, force=force) for paper in listed_papers(run.session)):
        return  # every figure found or chosen: the finder is not even built
    finder = services.figures(config)
    if finder is None:
        return
    from readinggroup.stages.figures import find_figures

    run.run_stage(
        lambda start, checkpoint: find_figures(
            start, finder=finder, store=store, force=force, track=track, checkpoint=checkpoint
        )
    )


def choose(month: Month, paper: str, *, workspace: Workspace) -> Outcome:
    """Mark *paper* (any id form) as the month's pickup."""
    from readinggroup.stages.pickup import choose_pickup

    run = SessionRun(workspace, workspace.session_path(month))
    run.keep(choose_pickup(run.session, paper))
    return Outcome(run.path)


def render(month: Month, *, workspace: Workspace, config: Config) -> Outcome:
    """Write ``output/YYYY-MM.pptx`` from the session alone (no network)."""
    path = _made_session(workspace, month)
    session = load_session(path)
    _every_listed_paper_has_a_title(session, path)
    return Outcome(_render(session, workspace, config))


def _made_session(workspace: Workspace, month: Month) -> Path:
    """The month's session file, which ``build`` makes: InputError saying so when there is
    none (``render`` and ``export`` come after ``build``)."""
    path = workspace.session_path(month)
    if not path.exists():
        raise InputError(
            f"{path}: no session for {month} yet; run `readinggroup build {month}` to make it "
            "and the deck"
        )
    return path


def _every_listed_paper_has_a_title(session: Session, path: Path) -> None:
    """A listed paper with no English title would be a slide without its title: the session
    may hold one (added by id, to be looked up), the deck may not."""
    listed = {paper.id for paper in listed_papers(session)}
    for index, paper in enumerate(session.papers):
        if not paper.title.strip() and paper.id in listed:
            raise InputError(
                f"{path}: papers[{index}].title: {paper.id} has no English title; run "
                f"`readinggroup build {session.month}` to look it up on arXiv, or write it"
            )


def _render(session: Session, workspace: Workspace, config: Config) -> Path:
    from readinggroup.plan import TitleSlide, plan_deck

    if not session.lists:
        raise InputError(f"{workspace.session_path(session.month)} has no lists; run fetch first")
    if session.pickup is None:
        log.warning("no pickup chosen yet; run `readinggroup pickup %s ID`", session.month)
    slides = plan_deck(
        session,
        duplicates=config.duplicates,
        arxiv_pages=config.sources.arxiv_pages.base_url,
        figures=_shown_figures(session, workspace, config),
    )
    title = slides[0].title if isinstance(slides[0], TitleSlide) else session.title
    return render_slides(
        slides,
        workspace.deck_path(session.month),
        workspace=workspace,
        config=config,
        title=title,
        author=session.group,
    )


def render_slides(
    slides: Sequence[Slide],
    path: Path,
    *,
    workspace: Workspace,
    config: Config,
    title: str,
    author: str,
) -> Path:
    """Write *slides* to *path* with the config's template, fonts and layouts (the month's deck
    and the year in review alike)."""
    from readinggroup.builtin_deck import Fonts
    from readinggroup.cache_dir import default_cache_dir
    from readinggroup.render.pptx_deck import render_deck
    from readinggroup.render.template import render_stamp

    template = _template_path(config, workspace)
    fonts = config.fonts
    return render_deck(
        slides,
        path,
        stamp=render_stamp(config, template),
        fonts=Fonts(fonts.latin, fonts.east_asian) if fonts else None,
        template=template,
        layouts=asdict(config.layouts),
        title=title,
        author=author,
        metrics_cache=default_cache_dir(),
    )


def _shown_figures(
    session: Session, workspace: Workspace, config: Config
) -> dict[str, ShownFigure]:
    """The picture each listed paper's full slide shows (none with ``figures = "none"``)."""
    if config.figures == "none":
        return {}
    from readinggroup.figure_files import shown_figures

    return shown_figures(
        listed_papers(session), workspace.root, where=str(workspace.session_path(session.month))
    )


def _template_path(config: Config, workspace: Workspace) -> Path | None:
    from readinggroup.preflight import template_path

    return template_path(config, workspace.root)


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

    _template_path(config, workspace)  # a template that is not there is said before any request
    services = _for_run(services)
    path = workspace.session_path(month)
    # held to the end: a second build waits, then finds the session complete and only renders
    with month_held(path):
        if path.exists():
            run = SessionRun(workspace, path)
            before = run.session
            if papers_without_metadata(run.session):
                looked_up, report = fill_metadata(run.session, metadata=services.metadata(config))
                kept = run.session.window
                looked_up = _settle_unknown(looked_up, config, services, workspace, month, kept)
                run.keep((looked_up, report))
        else:
            spec = _window_spec(config, window)
            run = SessionRun(workspace, path, _new_session(month, config, spec))
            before = run.session
            _fetch_into(
                run, month, workspace=workspace, config=config, services=services, spec=spec
            )
        _translate_and_summarize(run, config=config, services=services)
        _figures(run, config=config, services=services, track=progress.tracked)
        deck = _render(run.session, workspace, config)
        return _outcome(run, before, deck, whole_month=True)


def _translate_and_summarize(run: SessionRun, *, config: Config, services: Services) -> None:
    """The translate and summarize stages at the same time (``stages/overlap.py``): the
    translation service and arXiv's pages are waited on side by side, one translator (and
    its concurrency) shared; each stage's work is saved as it comes, merged with the other's."""
    papers = listed_papers(run.session)
    translating = any(fields_to_translate(paper) for paper in papers)
    summarizing = any(summary_lines_to_fill(p) or affiliations_to_fill(p) for p in papers)
    summarizer = services.summarizing(config)  # a missing endpoint is said before any work
    if not (translating and summarizing):  # one stage or none: nothing to overlap
        _translate(run, config=config, services=services)
        _summarize(run, config=config, services=services)
        return
    import threading

    from readinggroup.stages.background import drafting_concurrency
    from readinggroup.stages.overlap import SharedTranslator, Stage, run_together
    from readinggroup.stages.summarize import summarize_session
    from readinggroup.stages.translate import DEFAULT_CONCURRENCY, translate_session

    glossary = run.glossary()
    with services.translation(config, lazy=False) as translator:
        shared = SharedTranslator(translator, DEFAULT_CONCURRENCY) if translator else None
        # summarize first: its affiliation lookups lead to arXiv's pages, the longest wait
        stages: list[Stage] = [
            lambda start, checkpoint: summarize_session(
                start,
                translator=shared,
                summarizer=summarizer,
                affiliations=services.finding_affiliations(config),
                glossary=glossary,
                checkpoint=checkpoint,
                concurrency=drafting_concurrency(summarizer),
            ),
            lambda start, checkpoint: translate_session(
                start, translator=shared, glossary=glossary, checkpoint=checkpoint
            ),
        ]
        later: list[StageReport] = []
        # once the lookups are under way (imports compete for the interpreter's one lock)
        preparing = threading.Timer(RENDERER_AFTER_SECONDS, _prepare_renderer, args=(config,))
        preparing.daemon = True
        preparing.start()

        def together(
            start: Session, checkpoint: Callable[[Session], None]
        ) -> tuple[Session, StageReport]:
            merged, (summarized, translated) = run_together(start, stages, checkpoint)
            later.append(summarized)  # reported in the pipeline's order: translate, summarize
            return merged, translated

        run.run_stage(together)
        run.reports.extend(later)


def export_pdf(
    month: Month,
    *,
    workspace: Workspace,
    config: Config,
    services: Services,
    pdf: bool = True,
    png: bool = False,
) -> Outcome:
    """Render the deck unless an up-to-date one is there, then export it with LibreOffice:
    ``output/YYYY-MM.pdf`` (*pdf*) and/or ``output/YYYY-MM/slide-NN.png`` and a contact sheet
    (*png*). The outcome's path is the PDF, else the contact sheet."""
    import tempfile

    from readinggroup.config import CONFIG_FILE
    from readinggroup.render.template import deck_is_current, render_stamp

    deck = workspace.deck_path(month)
    template = _template_path(config, workspace)
    _made_session(workspace, month)
    session_file = workspace.session_path(month)
    inputs = [session_file, workspace.root / CONFIG_FILE, template]
    if deck.exists() and session_file.exists():  # a replaced picture makes the deck stale too
        session = load_session(session_file)
        inputs.extend(shown.path for shown in _shown_figures(session, workspace, config).values())
    if deck_is_current(deck, [path for path in inputs if path], render_stamp(config, template)):
        log.info("%s is up to date; exporting it as it is", deck)
    else:
        deck = render(month, workspace=workspace, config=config).path
    exporter = services.exporter()
    with tempfile.TemporaryDirectory(prefix="readinggroup-export-") as scratch:
        target = workspace.deck_path(month, ".pdf") if pdf else Path(scratch) / f"{month}.pdf"
        written = exporter.to_pdf(deck, target)
        if png:
            sheet = exporter.to_png(written, workspace.deck_path(month, "").with_suffix(""))
            return Outcome(written if pdf else sheet)
    return Outcome(written)
