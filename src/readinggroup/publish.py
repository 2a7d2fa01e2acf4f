"""The commands that publish beyond the deck: the month as a Markdown post.

Like ``commands.py`` they load the session once and hand it to pure code (``post/``); the files
are written atomically, so a failed run leaves the previous post as it was.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from readinggroup.atomic_files import write_atomically
from readinggroup.errors import InputError
from readinggroup.models import Month
from readinggroup.plan import PaperSlide
from readinggroup.session import load_session
from readinggroup.workspace import Outcome, Workspace

if TYPE_CHECKING:
    from readinggroup.config import Config

log = logging.getLogger(__name__)


def export_markdown(month: Month, *, workspace: Workspace, config: Config) -> Outcome:
    """Write ``output/YYYY-MM.md`` from the session alone (no network, no deck needed)."""
    from readinggroup.figure_files import shown_figures
    from readinggroup.plan import plan_deck
    from readinggroup.post.month import Figure, month_post
    from readinggroup.stages import listed_papers

    session_file = workspace.session_path(month)
    session = load_session(session_file)
    if not session.lists:
        raise InputError(f"{session_file} has no lists; run fetch first")
    if session.pickup is None:
        log.warning("no pickup chosen yet; run `readinggroup pickup %s ID`", month)
    shown = (
        shown_figures(listed_papers(session), workspace.root, where=str(session_file))
        if config.figures != "none"
        else {}
    )
    slides = plan_deck(session, duplicates=config.duplicates, figures=shown)
    path = workspace.deck_path(month, ".md")
    figures = {  # the post links the picture where it is, relative to output/
        slide.paper_id: Figure(
            Path(os.path.relpath(slide.figure.path, path.parent)).as_posix(), slide.figure_credit
        )
        for slide in slides
        if isinstance(slide, PaperSlide) and slide.figure is not None
    }
    write_text(path, month_post(session, slides, figures=figures))
    return Outcome(path)


def write_text(path: Path, text: str) -> None:
    """Write *text* (UTF-8) to *path* atomically, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, lambda stream: stream.write(text.encode("utf-8")))
