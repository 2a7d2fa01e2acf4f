"""What each command does, on typed values (the CLI only parses arguments and reports).

Every stage saves the session as soon as it has something new, so an error later in the run
loses nothing fetched or written so far.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from readinggroup import pipeline
from readinggroup.config import Config
from readinggroup.errors import InputError
from readinggroup.ids import ArxivRef
from readinggroup.models import Month, Paper, Session, Window
from readinggroup.pipeline import ListRequest, StageReport, Track, no_progress
from readinggroup.services import Services
from readinggroup.session import load_session, save_session, session_path
from readinggroup.stages.deck import english_title, first_appearances, plan_deck
from readinggroup.stages.translate import DEFAULT_CONCURRENCY, needs_translation, translate_session
from readinggroup.text.glossary import GLOSSARY_FILE, load_glossary

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Workspace:
    """The organiser's working directory: ``sessions/``, ``output/``, ``readinggroup.toml``."""

    root: Path

    def session_path(self, month: Month) -> Path:
        return session_path(self.root / "sessions", month)

    def deck_path(self, month: Month, suffix: str = ".pptx") -> Path:
        return self.root / "output" / f"{month}{suffix}"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a command produced (a path for stdout) and how its stages went."""

    path: Path
    reports: tuple[StageReport, ...] = ()

    @property
    def failures(self) -> tuple[str, ...]:
        return tuple(failure for report in self.reports for failure in report.failures)


def _window(config: Config, month: Month, override: Window | None) -> Window:
    return override or Window.parse(config.window, month)


def _list_requests(
    config: Config, services: Services, workspace: Workspace, window: Window
) -> list[ListRequest]:
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
        )
        for listed in config.lists
    ]


def _load_or_none(path: Path) -> Session | None:
    return load_session(path) if path.exists() else None


def fetch(
    month: Month,
    *,
    workspace: Workspace,
    config: Config,
    services: Services,
    window: Window | None = None,
    refresh: bool = False,
) -> Outcome:
    """Rank the lists and look up the papers; keep every edit of an existing session.

    The services' answers of the last day are reused unless *refresh* asks them again. Nothing
    is written when a ranking service fails: the session on disk stays as it was.
    """
    path = workspace.session_path(month)
    chosen_window = _window(config, month, window)
    session = _load_or_none(path) or pipeline.new_session(
        month,
        title=config.title,
        window=chosen_window,
        group=config.group,
        event_url=config.event_url,
        settings={
            "translator": config.translator,
            "summarizer": config.summarizer,
            "duplicates": config.duplicates,
        },
    )
    if refresh:
        services.forget_responses()
    requests = _list_requests(config, services, workspace, chosen_window)
    session = pipeline.fetch_lists(replace(session, window=chosen_window), requests, month=month)
    # The ranks are worth keeping even if the lookup fails; the file gets lists of their size
    # (the extra candidates a category filter needs stay in memory for the lookup).
    save_session(pipeline.filter_categories(session, ()), path)
    session, report = pipeline.fill_metadata(session, services.metadata(config))
    session = pipeline.filter_categories(session, requests)
    save_session(session, path)
    return Outcome(path, (report,))


def fill_metadata(
    month: Month, *, workspace: Workspace, config: Config, services: Services
) -> Outcome:
    """Look up only the listed papers that have no metadata yet (no request when none)."""
    path = workspace.session_path(month)
    session = load_session(path)
    updated, report = pipeline.fill_metadata(session, _LazyMetadata(services, config))
    if updated != session:
        save_session(updated, path)
    return Outcome(path, (report,))


class _LazyMetadata:
    """Builds the arXiv client only when a lookup is really needed (imports cost time)."""

    def __init__(self, services: Services, config: Config) -> None:
        self._services = services
        self._config = config

    def fetch(self, refs: Sequence[ArxivRef]) -> dict[str, Paper]:
        return dict(self._services.metadata(self._config).fetch(refs))


def translate(
    month: Month,
    *,
    workspace: Workspace,
    config: Config,
    services: Services,
    force: bool = False,
    use_cache: bool = True,
    concurrency: int = DEFAULT_CONCURRENCY,
    track: Track[Paper] = no_progress,
) -> Outcome:
    """Fill the empty Japanese titles and abstracts of the listed papers.

    Terms in ``glossary.yaml`` (working directory) are kept or given their fixed Japanese;
    *use_cache* False asks the service even for text it answered before (and stores nothing).
    """
    path = workspace.session_path(month)
    session = load_session(path)
    todo = [p for p in pipeline.listed_papers(session) if needs_translation(p, force=force)]
    if not todo:
        return Outcome(path, (StageReport("translate"),))
    translator = services.translator(config.translator, config)
    if translator is None:
        log.info("translation is off (translator = none); %d papers wait for Japanese", len(todo))
        return Outcome(path, (StageReport("translate"),))
    glossary = load_glossary(workspace.root / GLOSSARY_FILE)
    cache = None
    if use_cache:
        from readinggroup.adapters.translators.cache import CachedTranslator, TranslationCache

        cache = TranslationCache(services.cache_dir())
        translator = CachedTranslator(translator, cache)
    try:
        updated, report = translate_session(
            session,
            translator,
            glossary=glossary,
            force=force,
            concurrency=concurrency,
            track=track,
        )
    finally:
        if cache is not None:
            cache.close()
    if updated != session:
        save_session(updated, path)
    return Outcome(path, (report,))


def summarize(month: Month, *, workspace: Workspace, force: bool = False) -> Outcome:
    """Draft the empty summary lines."""
    path = workspace.session_path(month)
    session = load_session(path)
    updated, report = pipeline.summarize_session(session, force=force)
    if updated != session:
        save_session(updated, path)
    return Outcome(path, (report,))


def choose_pickup(month: Month, paper: str, *, workspace: Workspace) -> Outcome:
    """Mark *paper* (any id form) as the month's pickup."""
    path = workspace.session_path(month)
    session = load_session(path)
    save_session(pipeline.choose_pickup(session, paper), path)
    return Outcome(path)


def render(month: Month, *, workspace: Workspace, config: Config) -> Outcome:
    """Write ``output/YYYY-MM.pptx`` from the session alone (no network)."""
    from readinggroup.render.pptx_deck import Fonts, render_deck

    session = load_session(workspace.session_path(month))
    if not session.lists:
        raise InputError(f"{workspace.session_path(month)} has no lists; run fetch first")
    if session.pickup is None:
        log.warning("no pickup chosen yet; run `readinggroup pickup %s ID`", month)
    slides = plan_deck(session, duplicates=config.duplicates)
    template = Path(config.template) if config.template else None
    if template is not None and not template.is_absolute():
        template = workspace.root / template
    out = render_deck(
        slides,
        workspace.deck_path(month),
        fonts=Fonts(config.fonts.latin, config.fonts.east_asian),
        template=template,
    )
    return Outcome(out)


def build(
    month: Month,
    *,
    workspace: Workspace,
    config: Config,
    services: Services,
    window: Window | None = None,
    track: Track[Paper] = no_progress,
) -> Outcome:
    """Fetch, translate, summarise and render, doing only what is missing."""
    reports: list[StageReport] = []
    if workspace.session_path(month).exists():
        reports.extend(
            fill_metadata(month, workspace=workspace, config=config, services=services).reports
        )
    else:
        reports.extend(
            fetch(
                month, workspace=workspace, config=config, services=services, window=window
            ).reports
        )
    reports.extend(
        translate(month, workspace=workspace, config=config, services=services, track=track).reports
    )
    reports.extend(summarize(month, workspace=workspace).reports)
    return Outcome(render(month, workspace=workspace, config=config).path, tuple(reports))


@dataclass(frozen=True, slots=True)
class ShowRow:
    list_label: str
    rank: int
    score: float | None
    paper_id: str
    title: str
    duplicate_of: str | None
    pickup: bool
    scores: Mapping[str, float] = field(default_factory=dict)


def show(month: Month, *, workspace: Workspace) -> list[ShowRow]:
    """The lists as rows, duplicates and pickup marked."""
    session = load_session(workspace.session_path(month))
    first = first_appearances(session)
    pickup = session.pickup
    rows = []
    for ranked in session.lists:
        for entry in ranked.entries:
            paper = session.paper(entry.id)
            label = f"{ranked.label} #{entry.rank}"
            rows.append(
                ShowRow(
                    ranked.label,
                    entry.rank,
                    entry.score,
                    entry.id,
                    english_title(paper) if paper and paper.title else "(no metadata yet)",
                    first[entry.id] if first[entry.id] != label else None,
                    pickup is not None and pickup.id == entry.id,
                    dict(entry.scores),
                )
            )
    return rows


def export_pdf(month: Month, *, workspace: Workspace, config: Config) -> Outcome:
    """Render the deck, then convert it to ``output/YYYY-MM.pdf`` with LibreOffice."""
    from readinggroup.adapters.libreoffice import convert_to_pdf

    deck = render(month, workspace=workspace, config=config).path
    return Outcome(convert_to_pdf(deck, workspace.deck_path(month, ".pdf")))
