"""A paper's ``figure:`` in the session file: which picture its full slide shows.

The value is a path relative to the working folder, the one holding ``sessions/`` (a found
figure is written under ``figures/YYYY-MM/<id>.<ext>``, for the organiser to replace), the word
``none`` (no picture), or a positive whole number N (the N-th figure of the paper's source).
Empty: not chosen yet, so the figures stage may look one up. The core holds it as text; the
file writes N as a number.
"""

from __future__ import annotations

from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

from readinggroup.errors import InputError

NO_FIGURE = "none"

_FORMS = (
    "a path relative to the working folder (figures/2021-10/2109.00301.png), none, or the "
    "number of the paper's figure to use (1 for its first)"
)


def parse_figure(value: Any) -> str:
    """The core's text for the file's ``figure:`` *value*; InputError saying the forms."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InputError(f"must be {_FORMS}, not {value!r}")
    if isinstance(value, int):
        if value < 1:
            raise InputError(f"{value} is not a figure number; write {_FORMS}")
        return str(value)
    text = value.strip()
    if text.isdigit():
        return parse_figure(int(text))
    if PurePosixPath(text).is_absolute() or PureWindowsPath(text).is_absolute():
        raise InputError(
            f"{text} is a full path; copy the picture into the working folder (the one holding "
            "sessions/) and write its path relative to it (figures/2021-10/2109.00301.png)"
        )
    if text.lower() == NO_FIGURE:
        return NO_FIGURE
    return text


def figure_for_file(text: str) -> str | int:
    """How the core's *text* is written: a figure number as a number, else the text."""
    return int(text) if text.isdigit() else text


def figure_number(text: str) -> int | None:
    """The N of "the N-th figure of the source", if *text* (a parsed ``figure:``) says one."""
    return int(text) if text.isdigit() else None


# figure's place in the session file (field_rules.Stored): unset ones not written at all
FIGURE_IN_FILE = {"omitted_when_unset": True, "read": parse_figure, "written": figure_for_file}
