"""The built-in deck's geometry and fonts: one value each, below text/, render/ and the config.

The geometry is the built-in page in inches, its side margins (a template's page is scaled
against it) and the one summary line drafting budgets for (text/); the fonts are what a deck
without a template or configured fonts is written in. Units convert with Office's own constants
(EMU: English Metric Units).
"""

from __future__ import annotations

from dataclasses import dataclass

EMU_PER_INCH = 914400
EMU_PER_POINT = 12700


@dataclass(frozen=True, slots=True)
class DeckGeometry:
    """The built-in slide's size and side margins (inches); *summary_line_em* is one line of
    the summary box (16 pt, 12.1 in wide: 54 em) less its bullet and "目的：" label."""

    width_in: float
    height_in: float
    margin_in: float
    summary_line_em: float


DECK = DeckGeometry(width_in=13.333, height_in=7.5, margin_in=0.5, summary_line_em=48.0)


@dataclass(frozen=True, slots=True)
class Fonts:
    """The Latin and East Asian font families a deck is written in."""

    latin: str
    east_asian: str


BUILT_IN_FONTS = Fonts("Noto Sans", "Noto Sans CJK JP")
