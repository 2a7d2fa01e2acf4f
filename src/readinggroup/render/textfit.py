"""Choosing a font size at which text fits its box, without a font file.

python-pptx's ``fit_text`` needs a TrueType file and breaks lines on spaces only (a Japanese
paragraph is one "word"), and PowerPoint ignores ``normAutofit`` until the text is edited, so the
size is chosen here by laying the text out with conservative glyph widths: full-width characters
1 em, Latin about 0.6 em, and the tall line height of CJK fonts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

LINE_HEIGHT_EM = 1.45  # Noto Sans CJK's ascent + descent is ~1.45 em at 100 % spacing
_TOKEN = re.compile(r"[^\s\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]+\s*|\s+|.", re.DOTALL)


def char_width_em(char: str) -> float:
    """Estimated advance width of *char* in em (a little wide, to be safe)."""
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    if char == " ":
        return 0.3
    if char.isupper() or char in "mwMW@%":
        return 0.72
    return 0.58


def _width(text: str) -> float:
    return sum(char_width_em(char) for char in text)


def count_lines(paragraph: str, width_em: float) -> int:
    """Lines *paragraph* takes when wrapped at *width_em* (Latin at spaces, CJK anywhere)."""
    lines, used = 1, 0.0
    for token in _TOKEN.findall(paragraph):
        token_width = _width(token)
        if used + _width(token.rstrip()) <= width_em:
            used += token_width
            continue
        if token_width > width_em:  # a word longer than the line is broken anywhere
            for char in token:
                if used + char_width_em(char) > width_em:
                    lines, used = lines + 1, 0.0
                used += char_width_em(char)
            continue
        lines += 1
        used = 0.0 if token.isspace() else token_width
    return lines


@dataclass(frozen=True, slots=True)
class Box:
    """A text box's usable area in points (after its internal margins)."""

    width_pt: float
    height_pt: float


def fitting_size(
    paragraphs: Iterable[str], box: Box, *, largest: float, smallest: float, spacing: float = 0.0
) -> float:
    """The largest font size (pt, in 0.5 steps) at which *paragraphs* fit in *box*.

    *spacing* is extra space after each paragraph, in em. Returns *smallest* if nothing fits.
    """
    texts = list(paragraphs)
    size = largest
    while size > smallest:
        lines = sum(count_lines(text, box.width_pt / size) for text in texts)
        height = lines * size * LINE_HEIGHT_EM + len(texts) * spacing * size
        if height <= box.height_pt:
            return size
        size -= 0.5
    return smallest
