"""The commands that publish beyond the deck: the month as a Markdown post.

Like ``commands.py`` they load the session once and hand it to pure code (``post/``); the files
are written atomically, so a failed run leaves the previous post as it was.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from readinggroup.atomic_files import write_atomically
from readinggroup.errors import InputError
from readinggroup.models import Month
from readinggroup.session import load_session
from readinggroup.workspace import Outcome, Workspace

if TYPE_CHECKING:
    from readinggroup.config import Config

log = logging.getLogger(__name__)


def export_markdown(month: Month, *, workspace: Workspace, config: Config) -> Outcome:
    """Write ``output/YYYY-MM.md`` from the session alone (no network, no deck needed)."""
    from readinggroup.plan import plan_deck
    from readinggroup.post.month import month_post

    session = load_session(workspace.session_path(month))
    if not session.lists:
        raise InputError(f"{workspace.session_path(month)} has no lists; run fetch first")
    if session.pickup is None:
        log.warning("no pickup chosen yet; run `readinggroup pickup %s ID`", month)
    slides = plan_deck(session, duplicates=config.duplicates)
    path = workspace.deck_path(month, ".md")
    write_text(path, month_post(session, slides))
    return Outcome(path)


def write_text(path: Path, text: str) -> None:
    """Write *text* (UTF-8) to *path* atomically, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, lambda stream: stream.write(text.encode("utf-8")))
