"""``pickup``, ``render`` and ``export``: the commands that work from the session file alone
(the exporter aside), and the deck writer ``review`` shares."""

from __future__ import annotations

import logging
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from readinggroup.errors import InputError
from readinggroup.models import Session
from readinggroup.months import Month
from readinggroup.session import load_session
from readinggroup.session.run import SessionRun
from readinggroup.stages import listed_papers
from readinggroup.workspace import Outcome, Workspace

if TYPE_CHECKING:
    from collections.abc import Sequence

    from readinggroup.config import Config
    from readinggroup.figure_files import ShownFigure
    from readinggroup.plan import Slide
    from readinggroup.services import Services


log = logging.getLogger(__name__)


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
    return Outcome(render_session(session, workspace, config))


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


def ready_to_show(session: Session, path: Path) -> None:
    """Stop when *session* (read from *path*) has no lists to show; say that no pickup is
    chosen yet (the deck and the post alike)."""
    if not session.lists:
        raise InputError(f"{path} has no lists; run fetch first")
    if session.pickup is None:
        log.warning("no pickup chosen yet; run `readinggroup pickup %s ID`", session.month)


def render_session(session: Session, workspace: Workspace, config: Config) -> Path:
    from readinggroup.cache_dir import default_cache_dir
    from readinggroup.conversions_kept import conversions_kept
    from readinggroup.plan import TitleSlide, plan_deck

    ready_to_show(session, workspace.session_path(session.month))
    with conversions_kept(default_cache_dir()):
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

    template = template_of(config, workspace)
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


def template_of(config: Config, workspace: Workspace) -> Path | None:
    from readinggroup.preflight import template_path

    return template_path(config, workspace.root)


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

    from readinggroup.config_file import CONFIG_FILE
    from readinggroup.render.template import deck_is_current, render_stamp

    deck = workspace.deck_path(month)
    template = template_of(config, workspace)
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
