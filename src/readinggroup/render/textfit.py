"""Choosing a font size at which text fits its box, measured once per paragraph.

python-pptx's ``fit_text`` breaks lines on spaces only (a Japanese paragraph is one "word") and
PowerPoint ignores ``normAutofit`` until the text is edited, so the size is chosen here. Each
paragraph is cut into break-free tokens whose widths (in em, from real font metrics) are computed
once; trying a size is then a greedy wrap over those numbers. Latin breaks at spaces, CJK anywhere,
a word longer than a line anywhere, and a *kept* span (a marker such as ``（重複 → …）``) never: one
that does not fit the rest of its line starts the next (the writer puts a line break before it, see
:meth:`Measured.breaks`, as a renderer would cut it), and a size at which one is wider than a
whole line is rejected.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import attrgetter

from readinggroup.render.metrics import TextMetrics
from readinggroup.text.script import BREAKS_ANYWHERE, estimated_width, is_wide

# Renderers' widths and kinsoku shifts differ a little from ours: keep some room on every line
# (2 %: with the space between Japanese and Latin text counted, LibreOffice's lines of the
# example's abstracts and lists were never longer than ours at 98 %, some longer at 99 %).
WIDTH_SLACK = 0.98
# LibreOffice spaces Japanese from Latin letters and digits next to it by about a quarter em
# (measured: 5.7-5.8 pt at 24 pt, each side of "Transformer" in "探索し、Transformerの"); a line
# mixing the two many times came out 5 % wider than its advances.
AUTOSPACE_EM = 0.25
_TOKEN = re.compile(f"[^\\s{BREAKS_ANYWHERE}]+\\s*|\\s+|.", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Box:
    """A text box's usable area in points (after its internal margins)."""

    width_pt: float
    height_pt: float


@dataclass(frozen=True, slots=True)
class _Token:
    width: float  # em, without trailing spaces
    space: float  # em of trailing spaces, which hang past the line end
    chars: tuple[float, ...]  # per character, to break a word longer than a line
    kept: bool  # a marker that must stay on one line
    widest: float  # em of its widest character
    length: int  # characters of text, trailing spaces included


@dataclass(frozen=True, slots=True)
class Measured:
    """One paragraph's tokens; *first* and *rest* are the line starts' indents in em."""

    tokens: tuple[_Token, ...]
    first: float = 0.0
    rest: float = 0.0
    ink: float = 0.0  # em of all tokens without their trailing spaces
    widest: float = 0.0  # em of the widest character

    def breaks(self, width_em: float) -> tuple[int, ...]:
        """Offsets of the text at which a line break must be written at *width_em* so that no
        kept span is cut (a renderer fills a line before breaking it)."""
        found: list[int] = []
        self.lines(width_em, found)
        return tuple(found)

    def fewest_lines(self, width_em: float) -> int:
        """A floor under :meth:`lines` (no line holds more than its width, or one character
        wider than that), found without wrapping: sizes far too large are passed over."""
        room = max(width_em, self.widest) - min(0.0, self.first, self.rest)
        return max(1, math.ceil(self.ink / room - 1e-9)) if room > 0 else 1

    def lines(self, width_em: float, breaks: list[int] | None = None) -> int | None:
        """Lines taken at *width_em*, or None when a kept span is wider than a line; where a
        kept span starts a line the text would not have broken, its offset goes to *breaks*."""
        lines, used, start, offset = 1, self.first, self.first, 0
        for token in self.tokens:
            offset += token.length
            if used + token.width <= width_em:
                used += token.width + token.space
                continue
            if token.kept and used > start:
                if token.width > width_em - self.rest:
                    return None
                if breaks is not None:
                    breaks.append(offset - token.length)
                lines, used = lines + 1, self.rest + token.width + token.space
                start = self.rest
                continue
            if token.width > width_em - self.rest:
                if token.kept:
                    return None
                for char in token.chars:  # a word longer than the line breaks anywhere
                    if used + char > width_em:
                        lines, used, start = lines + 1, self.rest, self.rest
                    used += char
                continue
            if used > start:
                lines += 1
            used = start = self.rest
            used += token.width + token.space
        return lines


def measure(
    text: str,
    metrics: TextMetrics | None = None,
    *,
    kept: Sequence[str] = (),
    first: float = 0.0,
    rest: float = 0.0,
) -> Measured:
    """Cut *text* into tokens measured with *metrics* (estimates when None).

    Spans listed in *kept* become single tokens, glued to the word before them when no space
    separates them (a renderer may not break between a letter and an opening bracket).
    """
    width = metrics.char_width if metrics is not None else estimated_width
    known = _known_tokens(metrics)
    tokens: list[_Token] = []
    after: bool | None = None  # whether the character just before is wide (None: a space)
    for piece, is_kept in _pieces(text, kept):
        seen = known.get((piece, after)) if not is_kept else None
        if seen is None:
            body = piece.rstrip()
            chars = _char_widths(body, width, after)
            space = sum(map(width, piece[len(body) :]))
            widest = max(chars, default=0.0)
            token = _Token(sum(chars), space, chars, is_kept, widest, len(piece))
            ends_wide = is_wide(body[-1]) if body and body == piece else None
            if not is_kept:
                known[piece, after] = (token, ends_wide)
        else:
            token, ends_wide = seen
        after = ends_wide
        if is_kept and tokens and not tokens[-1].space and token.chars:
            glued = tokens.pop()
            chars = glued.chars + token.chars
            widest = max(glued.widest, token.widest)
            length = glued.length + token.length
            token = _Token(sum(chars), token.space, chars, True, widest, length)
        tokens.append(token)
    ink = sum(map(_WIDTH, tokens))
    return Measured(tuple(tokens), first, rest, ink, max(map(_WIDEST, tokens), default=0.0))


_WIDTH, _WIDEST = attrgetter("width"), attrgetter("widest")
# by text and whether a wide character precedes it: the token, and whether it ends in one
_Known = dict[tuple[str, bool | None], tuple[_Token, bool | None]]
_TOKENS: dict[int, tuple[TextMetrics | None, _Known]] = {}


def _char_widths(body: str, width: Callable[[str], float], after: bool | None) -> tuple[float, ...]:
    """The advance of each character of *body*, plus `AUTOSPACE_EM` where it follows a character
    of the other kind (wide or not) with no space between; *after* is the one before *body*."""
    widths = []
    for char in body:
        wide = is_wide(char)
        widths.append(width(char) + (AUTOSPACE_EM if after is not None and after != wide else 0.0))
        after = wide
    return tuple(widths)


def _known_tokens(metrics: TextMetrics | None) -> _Known:
    """The tokens measured before with *metrics* (a deck repeats its words and characters)."""
    entry = _TOKENS.get(id(metrics))
    if entry is None or entry[0] is not metrics:
        entry = _TOKENS[id(metrics)] = (metrics, {})
    return entry[1]


def _pieces(text: str, kept: Sequence[str]) -> list[tuple[str, bool]]:
    spans = [span for span in kept if span and span in text]
    if not spans:
        return [(token, False) for token in _TOKEN.findall(text)]
    pieces: list[tuple[str, bool]] = []
    position = 0
    while (found := _next_kept(text, spans, position)) is not None:
        start, end = found
        pieces.extend((token, False) for token in _TOKEN.findall(text[position:start]))
        pieces.append((text[start:end], True))
        position = end
    pieces.extend((token, False) for token in _TOKEN.findall(text[position:]))
    return pieces


def _next_kept(text: str, spans: Sequence[str], position: int) -> tuple[int, int] | None:
    """Where the first of *spans* at or after *position* starts and ends, with the spaces after
    it (the first listed wins a tie); no pattern is compiled: each rank label is a new span."""
    best: tuple[int, int] | None = None
    for span in spans:
        start = text.find(span, position)
        if start >= 0 and (best is None or start < best[0]):
            best = (start, start + len(span))
    if best is None:
        return None
    start, end = best
    while end < len(text) and text[end].isspace():
        end += 1
    return start, end


def count_lines(paragraph: str, width_em: float, metrics: TextMetrics | None = None) -> int:
    """Lines *paragraph* takes when wrapped at *width_em*."""
    return measure(paragraph, metrics).lines(width_em) or 1


def largest_fitting(
    paragraphs: Sequence[Measured],
    box: Box,
    *,
    line_height: float,
    largest: float,
    smallest: float,
) -> float:
    """The largest size (pt, in 0.5 steps) at which *paragraphs* fit in *box*; *smallest* if none.

    *line_height* is in em (the fonts' ascent + descent at single spacing).
    """
    size = largest
    while size > smallest:
        if _fits(paragraphs, box, size, line_height):
            return size
        size -= 0.5
    return smallest


def _fits(paragraphs: Sequence[Measured], box: Box, size: float, line_height: float) -> bool:
    width_em = box.width_pt * WIDTH_SLACK / size
    fewest = sum(paragraph.fewest_lines(width_em) for paragraph in paragraphs)
    if fewest * size * line_height > box.height_pt:  # cannot fit: no need to wrap
        return False
    return needed_height(paragraphs, box.width_pt, size, line_height) <= box.height_pt


def needed_height(
    paragraphs: Sequence[Measured], width_pt: float, size: float, line_height: float
) -> float:
    """The height (pt) *paragraphs* take at *size* in a box *width_pt* wide (inf: cannot)."""
    width_em = width_pt * WIDTH_SLACK / size
    total = 0
    for paragraph in paragraphs:
        lines = paragraph.lines(width_em)
        if lines is None:
            return float("inf")
        total += lines
    return total * size * line_height


def fitting_size(
    paragraphs: Sequence[str],
    box: Box,
    *,
    largest: float,
    smallest: float,
    metrics: TextMetrics | None = None,
) -> float:
    """The largest size at which the plain *paragraphs* fit in *box* (see `largest_fitting`)."""
    measured = [measure(text, metrics) for text in paragraphs]
    line_height = metrics.line_height if metrics is not None else 1.45
    return largest_fitting(
        measured, box, line_height=line_height, largest=largest, smallest=smallest
    )


def line_breaks(measured: Measured, width_pt: float, size: float) -> tuple[int, ...]:
    """Where a line break must be written in *measured*'s text at *size* in a box *width_pt*
    wide, so that a kept span starts a new line instead of being cut (see `Measured.breaks`)."""
    return measured.breaks(width_pt * WIDTH_SLACK / size)
