"""The commands that publish beyond the deck: the month as a Markdown post, the year in review.

Like ``commands/`` they load the session once and hand it to pure code (``post/``); the files
are written atomically, so a failed run leaves the previous post as it was.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from readinggroup.atomic_files import write_atomically
from readinggroup.errors import SourceError
from readinggroup.months import Month
from readinggroup.plan import PaperSlide, Slide
from readinggroup.session import load_session
from readinggroup.stages import StageReport
from readinggroup.workspace import Outcome, Workspace

if TYPE_CHECKING:
    from readinggroup.config import Config
    from readinggroup.figure_files import ShownFigure
    from readinggroup.post.month import Figure
    from readinggroup.post.year import Highlight
    from readinggroup.services import Services

log = logging.getLogger(__name__)


def export_markdown(month: Month, *, workspace: Workspace, config: Config) -> Outcome:
    """Write ``output/YYYY-MM.md`` from the session alone (no network, no deck needed)."""
    from readinggroup.commands.deck import ready_to_show
    from readinggroup.figure_files import shown_figures
    from readinggroup.plan import plan_deck
    from readinggroup.post.month import month_post
    from readinggroup.stages import listed_papers

    session_file = workspace.session_path(month)
    session = load_session(session_file)
    ready_to_show(session, session_file)
    shown = (
        shown_figures(listed_papers(session), workspace.root, where=str(session_file))
        if config.figures != "none"
        else {}
    )
    pages = config.sources.arxiv_pages.base_url
    slides = plan_deck(session, duplicates=config.duplicates, arxiv_pages=pages, figures=shown)
    path = workspace.deck_path(month, ".md")
    figures = copied_figures(slides, workspace.deck_path(month, ""))
    write_text(path, month_post(session, slides, arxiv_pages=pages, figures=figures))
    return Outcome(path)


def copied_figures(slides: Sequence[Slide], folder: Path) -> dict[str, Figure]:
    """Each paper slide's figure copied into *folder* beside the post (``output/2021-10/``), so
    the post and its pictures upload together; by paper id, linked relative to the post."""
    from readinggroup.post.month import Figure

    figures: dict[str, Figure] = {}
    for slide in slides:
        if not isinstance(slide, PaperSlide) or slide.figure is None:
            continue
        target = folder / f"{slide.paper_id.replace('/', '_')}{slide.figure.path.suffix.lower()}"
        data = slide.figure.path.read_bytes()
        if not target.is_file() or target.read_bytes() != data:
            write_bytes(target, data)
        figures[slide.paper_id] = Figure(f"{folder.name}/{target.name}", slide.figure_credit)
    return figures


def write_text(path: Path, text: str) -> None:
    """Write *text* (UTF-8) to *path* atomically, creating its folder."""
    write_bytes(path, text.encode("utf-8"))


def write_bytes(path: Path, data: bytes) -> None:
    """Write *data* to *path* atomically, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, lambda stream: stream.write(data))


def review(
    year: int, *, workspace: Workspace, config: Config, services: Services
) -> tuple[Path, Outcome]:
    """Write ``output/YEAR-review.pptx`` and ``output/YEAR-review.md`` from the year's sessions:
    the pickups and the papers listed in more than one month, by theme, with OpenAlex's
    citation counts when ``config.counts_citations``. Returns the deck and the post's outcome
    (a failed citation lookup is a failure of the run; both files are written without it)."""
    from readinggroup.archive import year_sessions
    from readinggroup.commands import render_slides
    from readinggroup.post.review import review_post, review_slides
    from readinggroup.post.year import gather_highlights, review_year

    sessions = year_sessions(year, workspace)
    highlights = gather_highlights(sessions)
    highlights, reports = _cited(highlights, config=config, services=services)
    year_review = review_year(year, sessions, highlights)
    if year_review.missing:
        log.warning("no session for %s", ", ".join(str(month) for month in year_review.missing))
    if not highlights:
        log.warning(
            "%d has no pickup and no paper listed in two months yet; choose pickups with "
            "`readinggroup pickup MONTH ID`",
            year,
        )
    slides = review_slides(
        year_review,
        arxiv_pages=config.sources.arxiv_pages.base_url,
        figures=_highlight_figures(year_review.highlights, workspace=workspace, config=config),
    )
    output = workspace.root / "output"
    deck = render_slides(
        slides,
        output / f"{year}-review.pptx",
        workspace=workspace,
        config=config,
        title=year_review.title,
        author=year_review.group,
    )
    post = output / f"{year}-review.md"
    figures = copied_figures(slides, output / f"{year}-review")
    write_text(post, review_post(year_review, slides, figures=figures))
    return deck, Outcome(post, tuple(reports))


def _highlight_figures(
    highlights: Sequence[Highlight], *, workspace: Workspace, config: Config
) -> dict[str, ShownFigure]:
    """The picture of each highlight that shows one (none with ``figures = "none"``), as the
    session of the last month it was listed in chooses."""
    from readinggroup.figure_files import shown_figure

    if config.figures == "none":
        return {}
    shown = {
        item.paper.id: shown_figure(
            item.paper, workspace.root, where=str(workspace.session_path(item.last_month))
        )
        for item in highlights
    }
    return {paper_id: figure for paper_id, figure in shown.items() if figure is not None}


def _cited(
    highlights: list[Highlight], *, config: Config, services: Services
) -> tuple[list[Highlight], list[StageReport]]:
    """*highlights* with their citation counts, asked in one batch when the config says so."""
    from readinggroup.commands.plumbing import for_run
    from readinggroup.post.year import with_citations

    if not (config.counts_citations and highlights):
        return highlights, []
    ids = [highlight.paper.id for highlight in highlights]
    try:  # with this run's retry budget, as every command's services
        counts = for_run(services).citations(config).cited_by(ids)
    except SourceError as err:
        return highlights, [StageReport("citations", len(ids), 0, (str(err),))]
    return with_citations(highlights, counts), [StageReport("citations", len(ids), len(counts))]
