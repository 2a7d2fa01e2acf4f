"""The command line's typed values: a month, a window, an arXiv id, and shared options.

Each is checked before any I/O; a bad value is click's usage error (exit 2) with one sentence.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import click

from readinggroup.errors import InputError

if TYPE_CHECKING:
    from readinggroup.months import Month, WindowSpec


class MonthType(click.ParamType):  # type: ignore[type-arg]
    """``YYYY-MM``, refused before any I/O when it is not a real month."""

    name = "YYYY-MM"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> Month:
        from readinggroup.months import Month

        if isinstance(value, Month):
            return value
        try:
            return Month.parse(str(value))
        except InputError as err:
            self.fail(str(err), param, ctx)


class WindowType(click.ParamType):  # type: ignore[type-arg]
    """``previous-month``, ``same-month`` or ``YYYY-MM-DD..YYYY-MM-DD``."""

    name = "WINDOW"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> WindowSpec:
        from readinggroup.months import WindowSpec

        if isinstance(value, WindowSpec):
            return value
        try:
            return WindowSpec.parse(str(value))
        except InputError as err:
            self.fail(str(err), param, ctx)


class ArxivIdType(click.ParamType):  # type: ignore[type-arg]
    name = "ARXIV_ID"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from readinggroup.ids import parse_arxiv_ref

        try:
            return parse_arxiv_ref(str(value)).versioned
        except InputError as err:
            self.fail(str(err), param, ctx)


class FolderType(click.Path):
    """A folder that exists (``-C``): a missing one is a usage error like any other bad value."""

    def __init__(self) -> None:
        super().__init__(file_okay=False)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from pathlib import Path

        folder = super().convert(value, param, ctx)  # a file where the folder should be: refused
        if not Path(str(value)).is_dir():
            self.fail(f"{value}: no such folder; check the path, or create the folder", param, ctx)
        return folder


MONTH = MonthType()

window_option = click.option(
    "--window",
    type=WindowType(),
    default=None,
    help="Days to rank: previous-month, same-month or "
    "YYYY-MM-DD..YYYY-MM-DD (default: from the config).",
)
translator_option = click.option(
    "--translator",
    type=click.Choice(["google", "deepl", "llm", "none"]),
    default=None,
    help="Translation backend for this run.",
)


def _existing_template(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--template names a file in the working folder (``-C``), as the config's key does."""
    if value is None:
        return None
    from pathlib import Path

    root = Path(ctx.find_root().params.get("directory") or ".")
    path = Path(value) if Path(value).is_absolute() else root / value
    if not os.path.lexists(path):  # what is there but is no plain file, the render names
        raise click.BadParameter(
            f"{value} not found in the working folder; give the path of a .pptx or .potx"
        )
    return value


template_option = click.option(
    "--template",
    type=click.Path(dir_okay=False),
    callback=_existing_template,
    default=None,
    help="Your own .pptx or .potx whose layouts and theme replace the built-in look.",
)
