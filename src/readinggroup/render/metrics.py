"""Glyph widths and line heights from the font files this machine will really render with.

``fc-match`` names the file LibreOffice (and most Linux programs) will use for a family; fontTools
reads its advance widths. A family that is not installed is measured with the widest of the
likely fallbacks, so text fitted here never overflows whichever one the renderer picks. Full-width
characters take the East Asian font, whose glyphs are 1 em wide; only its line height is read.
"""

from __future__ import annotations

import functools
import logging
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from readinggroup.render import font_cache
from readinggroup.text.script import estimated_width, is_wide

log = logging.getLogger(__name__)

# What LibreOffice and fontconfig substitute for a missing Latin family on a typical Linux machine.
LIKELY_FALLBACKS = ("DejaVu Sans", "Liberation Sans", "Noto Sans")
_ESTIMATED_LINE_HEIGHT = 1.45  # Noto Sans CJK's ascent + descent, when no font file can be read
# How far apart single-spaced lines are drawn, in em: PowerPoint's 1.2 whatever the font, which
# LibreOffice's PPTX import copies (measured: Noto Sans CJK, DejaVu, Liberation Serif all 1.2 em,
# though their ascent + descent run from 1.16 to 1.45 em). Fitting with the fonts' own line height
# left a dense abstract a line and more of its box empty.
LINE_PITCH = 1.2


@dataclass(frozen=True, slots=True)
class FontFace:
    """One font file's advances (em per code point) and its line height (em)."""

    widths: Mapping[int, float] = field(default_factory=dict)
    line_height: float = _ESTIMATED_LINE_HEIGHT


@dataclass(frozen=True, slots=True)
class TextMetrics:
    """How wide a character is and how tall a line is, for one latin + East Asian pairing."""

    latin: FontFace
    east_asian_line_height: float
    known: dict[str, float] = field(default_factory=dict, compare=False, repr=False)

    @property
    def line_height(self) -> float:
        return max(self.latin.line_height, self.east_asian_line_height)

    def char_width(self, char: str) -> float:
        """Advance of *char* in em (remembered: a deck repeats the same few hundred)."""
        width = self.known.get(char)
        if width is None:
            width = self.latin.widths.get(ord(char))
            if width is None or is_wide(char):
                width = estimated_width(char)
            self.known[char] = width
        return width


@functools.lru_cache(maxsize=32)
def text_metrics(
    latin: str, east_asian: str, *, bold: bool = False, cache_dir: Path | None = None
) -> TextMetrics:
    """Metrics for runs in *latin* / *east_asian* (family names), bold or not; kept under
    *cache_dir* (see `font_cache`) so later runs read no font file."""
    key = f"{latin}\0{east_asian}\0{int(bold)}"
    if cache_dir is not None:
        stored = font_cache.load(cache_dir, key)
        if stored is not None:
            widths = dict(zip(stored["codes"], stored["widths"], strict=True))
            face = FontFace(widths, stored["line_height"])
            return TextMetrics(face, stored["east_asian_line_height"])
    metrics, files = _read_metrics(latin, east_asian, bold)
    if cache_dir is not None:
        values = {
            "codes": list(metrics.latin.widths),
            "widths": list(metrics.latin.widths.values()),
            "line_height": metrics.latin.line_height,
            "east_asian_line_height": metrics.east_asian_line_height,
        }
        font_cache.store(cache_dir, key, files, values)
    return metrics


def _read_metrics(latin: str, east_asian: str, bold: bool) -> tuple[TextMetrics, list[str]]:
    """The metrics from the font files themselves, and the files read."""
    names = [latin]
    face = _face(latin, bold)
    if face is None:
        names = [*LIKELY_FALLBACKS]
        faces = [f for f in (_face(name, bold) for name in names) if f is not None]
        log.debug("font %r is not installed; measuring with %d fallbacks", latin, len(faces))
        face = _widest(faces) if faces else FontFace()
    east = _face(east_asian, bold, widths=False)
    files = [found[0] for name in [*names, east_asian] if (found := _match(name, bold=bold))]
    return TextMetrics(face, east.line_height if east else _ESTIMATED_LINE_HEIGHT), files


def is_installed(family: str) -> bool:
    """Whether fontconfig has *family* itself (not a substitute)."""
    return _match(family, bold=False) is not None


def _widest(faces: list[FontFace]) -> FontFace:
    widths: dict[int, float] = {}
    for face in faces:
        for code, width in face.widths.items():
            widths[code] = max(width, widths.get(code, 0.0))
    return FontFace(widths, max(face.line_height for face in faces))


@functools.lru_cache(maxsize=32)
def _match(family: str, *, bold: bool) -> tuple[str, int] | None:
    """The (file, index) fontconfig gives *family*, or None when it would substitute another."""
    import subprocess  # only when the metrics are not in the cache

    fc_match = shutil.which("fc-match")
    if fc_match is None or not family:
        return None
    pattern = f"{family}:bold" if bold else family
    done = subprocess.run(
        [fc_match, "-f", "%{family}\n%{file}\n%{index}\n", pattern],
        capture_output=True,
        text=True,
        check=False,
    )
    lines = done.stdout.splitlines()
    if done.returncode != 0 or len(lines) < 3:
        return None
    families = {name.strip().casefold() for name in lines[0].split(",")}
    if family.casefold() not in families:
        return None
    return lines[1], int(lines[2] or 0)


@functools.lru_cache(maxsize=32)
def _face(family: str, bold: bool, *, widths: bool = True) -> FontFace | None:
    found = _match(family, bold=bold)
    if found is None:
        return None
    from fontTools.ttLib import TTFont, TTLibError

    path, index = found
    try:
        font = TTFont(path, fontNumber=index, lazy=True)
        units = font["head"].unitsPerEm
        hhea = font["hhea"]
        line_height = (hhea.ascent - hhea.descent) / units
        advances: dict[int, float] = {}
        if widths:
            metrics = font["hmtx"].metrics
            advances = {code: metrics[glyph][0] / units for code, glyph in _cmap(font).items()}
    except (OSError, TTLibError, KeyError) as err:
        log.debug("cannot read %s (%s); estimating its widths", path, err)
        return None
    return FontFace(advances, line_height)


def _cmap(font: object) -> Mapping[int, str]:
    best = font.getBestCmap()  # type: ignore[attr-defined]
    return best if best is not None else {}
