"""The likely fix of a line YAML misreads, in words, with the line as it should be.

A person editing the session file types text after a key: ``notes: see: the appendix`` or
``notes: @alice asked``. YAML reads a colon followed by a space as a new key and a leading ``@``,
`` ` ``, ``*``, ``!``, ``|``, ``>``, ``#`` … as its own signs, so such a value breaks the file (or,
after ``#``, is dropped as a comment). The fix is always the same: put the value in quotes.
"""

from __future__ import annotations

import re

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
