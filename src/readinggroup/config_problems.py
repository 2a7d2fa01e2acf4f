"""What ``readinggroup.toml``'s problems are called: one per key, with its line and key path
(``readinggroup.toml, line 12: lists.0.size: …``), as the session file's are.

tomllib gives values, not positions. The file is short (tens of lines) and a problem is rare,
so the line is found with tomllib itself: the first prefix of the file's lines that parses
and holds the key. No second TOML grammar is written here.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic_core import ValidationError

Location = Sequence[str | int]


def describe_config_error(path: Path, text: str, err: ValidationError) -> str:
    """One sentence: each problem with its line and key path (in the file's order), then what
    to do."""
    problems: list[tuple[int, str]] = []
    for error in err.errors():
        location = error["loc"] or _named_in(error["msg"])
        line = key_line(text, location) if location else None
        where = f"{path}, line {line}" if line else str(path)
        key = ".".join(str(part) for part in location)
        if error["type"] == "extra_forbidden":
            problems.append((line or 0, f"{where}: {key}: unknown key (a typo?)"))
        else:
            message = error["msg"].removeprefix("Value error, ")
            if error["loc"]:
                message = f"{key}: {message}"
            problems.append((line or 0, f"{where}: {message}"))
    return f"{'; '.join(problem for _, problem in sorted(problems))}; fix it and run again"


# A check across keys (``Config.check_across_keys``) names the key it blames first in its
# message: ``lists.1.label: 'A' names two lists``.
_NAMED_KEY = re.compile(r"Value error, ([a-z_]+(?:\.[a-z_0-9]+)+): ")


def _named_in(message: str) -> tuple[str | int, ...]:
    named = _NAMED_KEY.match(message)
    if not named:
        return ()
    return tuple(int(part) if part.isdigit() else part for part in named[1].split("."))


# Finding a line parses every prefix of the file: quadratic, so only for a file of a sane
# length (the template is about 70 lines); a longer one's problems are named without a line.
MAX_LINES_SEARCHED = 400


def key_line(text: str, location: Location) -> int | None:
    """The 1-based line where *location* (``("lists", 0, "size")``) is written, or where its
    nearest enclosing key is when the key itself is missing; None for the whole file (and for
    a file longer than MAX_LINES_SEARCHED)."""
    lines = text.splitlines(keepends=True)
    if len(lines) > MAX_LINES_SEARCHED:
        return None
    for length in range(len(location), 0, -1):
        wanted = location[:length]
        for count in range(1, len(lines) + 1):
            try:
                prefix = tomllib.loads("".join(lines[:count]))
            except tomllib.TOMLDecodeError:
                continue  # cut inside a multi-line value: a longer prefix closes it
            if _holds(prefix, wanted):
                return count
    return None


def _holds(document: Any, location: Location) -> bool:
    for part in location:
        in_table = isinstance(document, dict) and isinstance(part, str) and part in document
        in_array = isinstance(document, list) and isinstance(part, int) and part < len(document)
        if not (in_table or in_array):
            return False
        document = document[part]
    return True
