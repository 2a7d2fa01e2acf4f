"""Markdown that reads the same on CommonMark with GFM tables (Qiita, Zenn, connpass, note).

Text from a session goes in through :func:`inline`, so a title such as ``*Attention* | [x]`` or a
summary line starting with ``#`` is shown as written instead of being read as emphasis, a table
column, a link or a heading. URLs go in through :func:`destination`, so one with parentheses
stays one link.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# The ASCII characters CommonMark or GFM (tables, strikethrough) read as syntax anywhere in a
# line; a backslash before ASCII punctuation is always a literal. `$` is math on Qiita and Zenn.
_SIGNIFICANT = re.compile(r"([\\`*_\[\]<>|~$])")
# `&` only where it would start an entity reference (`&amp;`, `&#38;`).
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# What starts a block when it opens a line: a heading, a list item, a quote, a setext underline.
_BLOCK_START = re.compile(r"^(?:([-+=>#])|(\d{1,9})([.)]))")
# Runs of ASCII whitespace; a full-width space (U+3000) inside Japanese text is kept.
_LINE_BREAKS = re.compile(r"[ \t\n\r\f\v]+")
# A heading's closing sequence: `#`s after a space at the end.
_CLOSING = re.compile(r"(?<= )#(?=#*$)")


def inline(text: str) -> str:
    """*text* as one line of literal Markdown text: runs of ASCII whitespace (newlines too)
    become one space, and every character Markdown would read as syntax there is escaped."""
    flat = _LINE_BREAKS.sub(" ", text).strip()
    escaped = _ENTITY.sub(r"\\&", _SIGNIFICANT.sub(r"\\\1", flat))
    return _CLOSING.sub(r"\\#", _BLOCK_START.sub(_escape_block_start, escaped))


def _escape_block_start(match: re.Match[str]) -> str:
    if match[1]:
        return "\\" + match[1]
    return f"{match[2]}\\{match[3]}"


def destination(url: str) -> str:
    """*url* as a link destination: in ``<…>`` when it holds parentheses (which would end a
    plain destination early), with spaces and angle brackets percent-encoded."""
    encoded = url.strip().replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
    return f"<{encoded}>" if "(" in encoded or ")" in encoded else encoded


def link(text: str, url: str) -> str:
    """A link showing *text* (escaped) that leads to *url*."""
    return f"[{inline(text)}]({destination(url)})"


def url_link(url: str) -> str:
    """*url* shown as itself and linked: an autolink ``<…>``, unless it holds what an autolink
    cannot (spaces, angle brackets)."""
    if re.search(r"[\s<>]", url.strip()):
        return link(url, url)
    return f"<{url.strip()}>"


def image(alt: str, path: str) -> str:
    """An image with the alternative text *alt* at the relative *path*."""
    return f"![{inline(alt)}]({destination(path)})"


def heading(level: int, text: str) -> str:
    return f"{'#' * level} {inline(text)}"


def bullets(items: Sequence[str]) -> str:
    """A list, one item per already-formatted Markdown line."""
    return "\n".join(f"- {item}" for item in items)


def table(
    header: Sequence[str], rows: Sequence[Sequence[str]], *, right: Sequence[int] = ()
) -> str:
    """A GFM table of already-formatted cells; columns in *right* are right-aligned.

    A cell holding nothing gets a space so every row keeps its columns.
    """
    rule = ["---:" if column in right else "---" for column in range(len(header))]
    lines = [header, rule, *rows]
    return "\n".join("| " + " | ".join(cell or " " for cell in line) + " |" for line in lines)


def document(blocks: Sequence[str]) -> str:
    """The blocks that say something, a blank line apart, ending in one newline."""
    return "\n\n".join(block for block in blocks if block) + "\n"
