"""``translate`` and ``summarize`` (with the key figures), and the two stages side by side in
a ``build``."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from readinggroup import progress
from readinggroup.commands.plumbing import for_run, run_outcome
from readinggroup.models import Paper, Session
from readinggroup.months import Month
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
    from readinggroup.config import Config
    from readinggroup.services import Services


log = logging.getLogger(__name__)
RENDERER_AFTER_SECONDS = 2.0  # a build prepares the renderer this long after the stages start


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
            services=for_run(services),
            force=force,
            use_cache=use_cache,
            concurrency=concurrency,
        )
    return run_outcome(run, before)


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
        run_services = for_run(services)  # one run: 著者所属 and figures share arXiv's pages
        _summarize(run, config=config, services=run_services, force=force)
        find_key_figures(
            run, config=config, services=run_services, force=force, track=progress.tracked
        )
    return run_outcome(run, before)


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


def find_key_figures(
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


def translate_and_summarize(run: SessionRun, *, config: Config, services: Services) -> None:
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
