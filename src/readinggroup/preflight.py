"""What a run checks and says before its first request: the settings it runs on, the window
it ranks, the template it will draw with. Each problem is one sentence, said before any I/O
that could waste the organiser's time (or arXiv's)."""

from __future__ import annotations

import logging
import os
from datetime import UTC, date, datetime
from pathlib import Path

from readinggroup.config import Config
from readinggroup.config_file import CONFIG_FILE
from readinggroup.errors import ArgumentError, ConfigError
from readinggroup.months import Month, Window

log = logging.getLogger(__name__)


def say_defaults(root: Path, config: Config) -> None:
    """Without ``readinggroup.toml`` in *root*, say which defaults the run uses and how to
    make the file (a warning: ``-q`` hides it)."""
    if (root / CONFIG_FILE).exists():
        return
    lists = ", ".join(f"{listed.label} ({'+'.join(listed.sources)})" for listed in config.lists)
    log.warning(
        "no %s in %s: using the defaults (lists %s, translator %s, %s summaries, the built-in "
        "look); run `readinggroup init` to write one you can edit",
        CONFIG_FILE,
        root.resolve(),
        lists,
        config.translator,
        config.summarizer,
    )


def check_window(
    month: Month, window: Window, config: Config, *, today: date | None = None
) -> None:
    """Refuse a *window* that has not begun (ArgumentError, exit 2) and warn about one that
    has not ended, before the ranking services are asked; lists the organiser pasted (only
    ``file`` sources) do not depend on the window and are never refused."""
    if all(listed.sources == ["file"] for listed in config.lists):
        return
    today = today or datetime.now(UTC).date()  # the windows are UTC days
    if window.start > today:
        raise ArgumentError(
            f"{month}'s papers come from {window}, which has not begun; build {month} after "
            f"{window.end}, or give --window for days that have passed"
        )
    if window.end >= today:
        log.warning(
            "%s's window %s has not ended: the lists rank what is known today; run "
            "`readinggroup fetch %s --refresh` after %s for the whole month",
            month,
            window,
            month,
            window.end,
        )


def template_path(config: Config, root: Path) -> Path | None:
    """The template ``readinggroup.toml`` (or ``--template``) names, relative to *root*;
    ConfigError naming the file when it is not there (said before any request)."""
    if not config.template:
        return None
    template = Path(config.template)
    if not template.is_absolute():
        template = root / template
    if not os.path.lexists(template):  # what is there but is no plain file, the render names
        raise ConfigError(
            f"{CONFIG_FILE}: template '{config.template}' not found; fix the path in "
            f"{CONFIG_FILE} (relative to its folder) or leave template empty for the built-in look"
        )
    return template
