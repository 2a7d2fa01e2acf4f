"""A session file YAML cannot read as meant, said in words: the line where the broken construct
starts, what YAML saw, and the likely fix.

A person editing the file types text after a key: ``notes: see: the appendix`` or
``notes: @alice asked``. YAML reads a colon followed by a space as a new key and a leading ``@``,
`` ` ``, ``*``, ``!``, ``|``, ``>``, ``#`` … as its own signs, so such a value breaks the file (or,
after ``#``, is dropped as a comment). The fix is always the same: put the value in quotes, and
the message shows the line so written.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

import yaml

from readinggroup.text.script import JAPANESE_CLASS

Location = tuple[Any, ...]

# libyaml's scanner where installed (fast on any size)
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Above this size the pure-Python parser (better wording) would take seconds to re-read a file.
_REPARSE_LIMIT = 200_000
_FIX_IT = "fix it there"


class DocumentProblem(ValueError):
    """A problem in the YAML text, at a 1-based *line* (None when unknown), and what to do."""

    def __init__(self, line: int | None, message: str, hint: str = _FIX_IT) -> None:
        super().__init__(message)
        self.line = line
        self.hint = hint


# key: value (the key may open a list item); the value is what the person typed
_KEY_VALUE = re.compile(
    r"^\s*(?:-\s+)?(?P<key>[^\s:#'\"{}\[\],-][^:#{}\[\],]*?):[ \t]+(?P<value>\S.*?)\s*$"
)
_CLOSED_THEN_TEXT = re.compile(r"\[[^\[\]]*\]\s*[^\s#,\]}]|\{[^{}]*\}\s*[^\s#,\]}]")
_SHOWN = 80  # a longer value is not repeated in the message
_WHOLE_QUOTE = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"\\]|\\.)*\"")
# signs YAML reads at the start of a value
_LEADING = "@`%!*&|>#"


def quoted(value: str) -> str:
    """*value* in YAML's single quotes, which keep every character as it is but ``'`` (doubled)."""
    return "'" + value.replace("'", "''") + "'"


def likely_fix(line: str) -> str | None:
    """What to do about *line* (a line of the file YAML could not read as meant), or None
    when it does not look like a value that wants quotes."""
    if "\t" in line[: len(line) - len(line.lstrip())]:
        return "YAML indents with spaces only: replace the tab at the start of the line"
    match = _KEY_VALUE.match(line)
    if match is None or _WHOLE_QUOTE.fullmatch(match["value"]):
        return None
    value = match["value"]
    fixed = f"write {match['key']}: {quoted(value)}"
    if len(value) > _SHOWN:
        fixed = f"put the value of {match['key']} in single quotes ('…')"
    if value[0] in "'\"":
        return (
            f"a value starting with a quote must be one quoted whole: {fixed} (inside '…' a "
            "' is written twice)"
        )
    if value[0] in _LEADING or _CLOSED_THEN_TEXT.match(value):  # an open [ is a list
        return f"a value starting with {value[0]} must be quoted: {fixed}"
    if value.startswith(("- ", "? ")):
        return f"a value starting with '{value[:2]}' must be quoted: {fixed}"
    if ": " in value or value.endswith(":"):
        return f"a value with ': ' must be quoted: {fixed}"
    if " #" in value:
        return f"a value with ' #' must be quoted: {fixed}"
    return None


def broken_yaml(text: str, err: yaml.YAMLError) -> DocumentProblem:
    """The problem at the line where the broken construct starts, in the clearest wording."""
    deep = "nesting depth" in str(err)  # the Python parser would recurse for seconds
    if len(text) <= _REPARSE_LIMIT and not deep:
        err = _python_parser_error(text) or err  # it words problems better than libyaml
    if isinstance(err, yaml.reader.ReaderError):
        return DocumentProblem(
            text.count("\n", 0, err.position) + 1,
            f"character U+{err.character:04X} is not allowed in a session file",
            "delete it",
        )
    if isinstance(err, yaml.composer.ComposerError) and "single document" in str(err.context):
        second = err.problem_mark.line + 1 if err.problem_mark else None
        return DocumentProblem(
            second,
            "a second YAML document starts here (after '---'); a session file is one document",
            "delete the second one, or the '---' line",
        )
    quote = _unclosed_quote(text, err)
    if quote is not None:
        return DocumentProblem(quote, "broken YAML (the quote opened here is never closed)")
    if not isinstance(err, yaml.MarkedYAMLError):
        return DocumentProblem(None, f"broken YAML ({str(err).splitlines()[0]})")
    problem, problem_mark = err.problem or "unreadable", err.problem_mark
    context, context_mark = err.context or "", err.context_mark
    line: int | None = problem_mark.line + 1 if problem_mark is not None else None
    if context_mark is not None and not context.startswith("while parsing a block"):
        start = context_mark.line + 1  # a flow list, a quote, a block scalar: where it opened
        if start != line and line is not None:
            problem = f"{problem} on line {line}"
        line = start
    return DocumentProblem(line, f"broken YAML ({problem[:200]})", fix_at(text, line) or _FIX_IT)


def fix_at(text: str, line: int | None) -> str | None:
    """The likely fix of *line* of *text* in words (yaml_hints), if it looks like a value that
    wants quotes."""
    return likely_fix(text.split("\n", line)[line - 1]) if line else None


def _python_parser_error(text: str) -> yaml.YAMLError | None:
    try:
        yaml.load(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as err:
        return err
    except RecursionError:  # lists nested thousands deep: libyaml's own words will do
        return None
    return None


@functools.cache
def _key_line() -> re.Pattern[str]:
    """A line starting with a key (compiled on the first broken file, not at every start)."""
    ja = JAPANESE_CLASS  # the summary lines' keys: 目的:, 著者所属:
    return re.compile(rf"^\s*(?:-\s+)?[A-Za-z_{ja}][\w{ja}]*:(?:\s|$)", re.M)


def _unclosed_quote(text: str, err: yaml.YAMLError) -> int | None:
    """The line of a quoted text that ran on over following keys: its closing quote is missing."""
    if not isinstance(err, yaml.MarkedYAMLError) or err.problem_mark is None:
        return None
    if err.context and "quoted scalar" in err.context and err.context_mark is not None:
        start = err.context_mark
        if _key_line().search(text, start.index, err.problem_mark.index):
            return int(start.line) + 1
        return None
    last = None
    for token in _tokens_before(text, err.problem_mark.index):
        quoted = isinstance(token, yaml.ScalarToken) and token.style in ("'", '"')
        if quoted and _key_line().search(text, token.start_mark.index, token.end_mark.index):
            last = token.start_mark.line + 1
    return last


def _tokens_before(text: str, end: int) -> Iterator[yaml.Token]:
    try:
        for token in yaml.scan(text, Loader=_LOADER):  # libyaml's scanner: fast on any size
            if token.start_mark.index >= end:
                return
            yield token
    except yaml.YAMLError:
        return


def format_location(location: Location) -> str:
    """``papers[3].summary.目的`` for the key path *location*."""
    text = ""
    for part in location:
        name = str(part) if len(str(part)) <= 40 else f"{str(part)[:37]}..."  # messages stay short
        text += f"[{part}]" if isinstance(part, int) else (f".{name}" if text else name)
    return text


def closest_line(lines: dict[Location, int], location: Location) -> int | None:
    """The line of *location*, or of its nearest enclosing key."""
    for length in range(len(location), 0, -1):
        if location[:length] in lines:
            return lines[location[:length]]
    return None
