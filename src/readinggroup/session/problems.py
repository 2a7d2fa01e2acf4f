"""What a session file's problems are called: one sentence per problem with its line and field
(``sessions/2021-10.yaml, line 12: papers[3].titel: unknown key``).

``Problem`` is a check across fields (``schema.to_session``) at a key path; pydantic's
``ValidationError`` is described here in the same words.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from readinggroup.field_rules import renamed_keys
from readinggroup.models import Paper
from readinggroup.session.yaml_problems import Location, closest_line, format_location

if TYPE_CHECKING:
    from pydantic_core import ValidationError


class Problem(ValueError):
    """A check across fields failed at the key path *location*; the message ends with what
    to do."""

    def __init__(self, location: Location, message: str) -> None:
        super().__init__(message)
        self.location = location


def describe_validation_error(path: Path, lines: dict[Location, int], err: ValidationError) -> str:
    """One sentence per problem: ``file, line N: papers[3].titel: unknown key``."""
    aliases = renamed_keys(Paper)
    for at, key_line in list(lines.items()):  # pydantic names renamed keys by field name
        if at and at[-1] in aliases:
            lines.setdefault((*at[:-1], aliases[at[-1]]), key_line)
    problems = []
    for error in err.errors():
        location = tuple(error["loc"])
        line = closest_line(lines, location)
        where = f"{path}, line {line}" if line else str(path)
        if error["type"] == "invalid_key":  # the key is not a name: say where it sits instead
            location = location[:-1]
        problems.append(f"{where}: {format_location(location)}: {_explain(error)}")
    shown = problems[:5]
    more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
    return "; ".join(shown) + more + "; fix it and run again (the file was left untouched)"


_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "date_type": "a date (YYYY-MM-DD)",
    "model_type": "a mapping",
}


def _explain(error: Any) -> str:
    kind, given = error["type"], error.get("input")
    if kind == "extra_forbidden":
        return f"unknown key '{format_location(error['loc'][-1:])}' (a typo?)"
    if kind == "invalid_key":  # `~: x` or `1: x`: YAML read the key as null or a number
        key = error["loc"][-1]  # pydantic names a null key 'None'
        shown = (
            "an empty key (~ or null)" if key in (None, "None") else f"the number {key} as a key"
        )
        return f"{shown}; a key must be a name: write the field's name before the colon"
    if kind == "finite_number":
        return f"must be a number, not {given}; write the score (or null)"
    if kind == "literal_error":
        return f"must be one of {error['ctx']['expected']}, not {_shown(given)}"
    if kind == "missing":
        return "missing"
    if kind == "string_type" and given is None:
        return "empty; write the text after the colon"
    expected = _EXPECTED.get(kind)
    if kind == "string_type" and isinstance(given, int | float) and error["loc"][-1] == "id":
        expected = "text (quote ids like '2109.04454' so YAML does not read a number)"
    if expected:
        return f"must be {expected}, not {_shown(given)}"
    message: str = error["msg"]
    return message.removeprefix("Value error, ")[:300]


def _shown(given: object) -> str:
    """A value as the person wrote it, short: dates as YAML has them, not Python's repr."""
    if isinstance(given, dt.datetime):
        return f"{given.isoformat(' ')} (a date and time)"
    if isinstance(given, dt.date):
        return f"{given.isoformat()} (a date)"
    if given is None:
        return "null"
    if isinstance(given, bool):
        return str(given).lower()
    shown = repr(given)
    return shown if len(shown) <= 60 else f"{shown[:56]} ..."


def mismatch(shown: str, given: object, expected: object, *, source: str) -> str:
    """A value written for people (the url) that does not match the field it is made from."""
    return (
        f"{given} does not match id and {source} ({expected}); change '{source}' instead of "
        f"the {shown}"
    )
