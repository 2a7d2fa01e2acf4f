"""The deck's text blocks: written as slides are made, sized once all are known.

Each block is fitted with the metrics of the font it will be drawn in; at the end every role
(paper titles, abstracts, summary lines…) gets one size across the deck, the one three blocks in
four can take, and only the blocks that need it shrink further.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from readinggroup.builtin_deck import EMU_PER_INCH
from readinggroup.plan import PICKUP_BADGE
from readinggroup.render.metrics import LINE_PITCH, TextMetrics, text_metrics
from readinggroup.render.regions import Rect, shape_rect
from readinggroup.render.runs import RunFonts, Style, Written, apply_size, fill, theme_color
from readinggroup.render.textfit import (
    Box,
    largest_fitting,
    line_breaks,
    measure,
    needed_height,
)

INSET_IN = (0.1, 0.05)  # left/right and top/bottom inner margins of every text frame
Sizes = tuple[float, float]  # the largest and smallest size (pt) a block may take
# Blocks that each take the largest size they fit rather than their role's common one: a short
# list or abstract is not held down to the size of the longest (SPEC §5: the slide's space is used).
OWN_SIZE = frozenset({"list.lines", "paper.abstract"})


class Blocks:
    """Text written with *fonts*, measured in *latin* (by weight: major/minor), *scale*d; the
    metrics kept under *metrics_cache* (None: read from the font files every run)."""

    def __init__(
        self,
        fonts: RunFonts,
        latin: Mapping[str, str],
        scale: float,
        metrics_cache: Path | None = None,
    ) -> None:
        self._fonts = fonts
        self._metrics_cache = metrics_cache
        self._latin = latin
        self._scale = scale
        self._written: list[Written] = []

    def metrics(self, weight: str, *, bold: bool) -> TextMetrics:
        latin, east_asian = self._latin[weight], self._fonts.east_asian
        return text_metrics(latin, east_asian, bold=bold, cache_dir=self._metrics_cache)

    def text_box(
        self,
        page: Any,
        rect: Rect,
        texts: Sequence[str],
        role: str,
        sizes: Sizes,
        style: Style,
        kept: Sequence[Sequence[str]] = (),
    ) -> None:
        """A text box at *rect* holding *texts* (see `into` for *kept*); bold only when
        *style* says so, which is what a text box does and what is measured."""
        from pptx.util import Inches

        if style.bold is None:
            style = replace(style, bold=False)

        shape = page.shapes.add_textbox(
            Inches(rect.left), Inches(rect.top), Inches(rect.width), Inches(rect.height)
        )
        self.into(shape, rect, texts, role, sizes, style, kept=kept)

    def into(
        self,
        shape: Any,
        rect: Rect | None,
        texts: Sequence[str],
        role: str,
        sizes: Sizes,
        style: Style,
        weight: str = "minor",
        *,
        kept: Sequence[Sequence[str]] = (),
    ) -> None:
        """*texts* in *shape* (a placeholder keeps its position, font and colour); *kept* holds,
        per text, the spans a line break must not cut (the plan's marks)."""

        rect = rect or shape_rect(shape) or Rect(0, 0, 1, 1)
        frame = shape.text_frame
        across, down = (inset * self._scale for inset in INSET_IN)
        _set_insets(frame, across, down)
        metrics = self.metrics(weight, bold=style.bold is not False)
        first = style.hang if style.bullet else 0.0
        spans = [*kept, *[()] * (len(texts) - len(kept))]  # texts without marks keep nothing
        measured = [
            measure(
                text,
                metrics,
                kept=[text] if style.keep_all else text_spans,
                first=first,
                rest=style.hang,
            )
            for text, text_spans in zip(texts, spans, strict=True)
        ]
        box = Box((rect.width - 2 * across) * 72, (rect.height - 2 * down) * 72)
        fit = largest_fitting(
            measured,
            box,
            line_height=LINE_PITCH,
            largest=sizes[0] * self._scale,
            smallest=sizes[1] * self._scale,
        )
        breaks = [line_breaks(text, box.width_pt, fit) for text in measured]
        written = fill(frame, texts, style, self._fonts, role, breaks)
        written.fit = fit
        needed = needed_height(measured, box.width_pt, written.fit, LINE_PITCH)
        if box.height_pt < needed < float("inf") and shape.is_placeholder:
            _grow(shape, rect, needed / 72 + 2 * down)  # a template's small title box
        self._written.append(written)

    def badge(self, page: Any, rect: Rect, fill_slot: str, text_slot: str) -> None:
        """The Pickup badge: a rounded box in the *fill_slot* colour."""
        from pptx.enum.shapes import MSO_SHAPE
        from pptx.util import Inches

        shape = page.shapes.add_shape(
            MSO_SHAPE.ROUNDED_RECTANGLE,
            Inches(rect.left),
            Inches(rect.top),
            Inches(rect.width),
            Inches(rect.height),
        )
        shape.fill.solid()
        shape.fill.fore_color.theme_color = theme_color(fill_slot)
        shape.line.fill.background()
        style = Style(center=True, bold=True, color=text_slot, keep_all=True)
        self.into(shape, rect, [PICKUP_BADGE], "badge", (16, 8), style)

    def finish(self) -> None:
        """One size per role: what three in four of its blocks can take; longer ones shrink
        (the `OWN_SIZE` roles keep each block's own)."""
        fits: dict[str, list[float]] = {}
        for block in self._written:
            fits.setdefault(block.role, []).append(block.fit)
        common = {role: sorted(sizes)[len(sizes) // 4] for role, sizes in fits.items()}
        for block in self._written:
            own = block.role in OWN_SIZE
            apply_size(block, block.fit if own else min(block.fit, common[block.role]))


# The text frame's insets in python-pptx's order, each with the default it leaves out of the XML
_INSETS = (("lIns", 91440), ("rIns", 91440), ("tIns", 45720), ("bIns", 45720))


def _set_insets(frame: Any, across: float, down: float) -> None:
    """*frame*'s left/right insets *across* and top/bottom ones *down* (inches), written as
    python-pptx's four margin setters write them (they cost a fiftieth of a 200-paper render)."""
    properties = frame._txBody.bodyPr
    for (name, default), inches in zip(_INSETS, (across, across, down, down), strict=True):
        emu = int(inches * EMU_PER_INCH)  # as pptx.util.Inches rounds
        if emu == default:
            properties.attrib.pop(name, None)
        else:
            properties.set(name, str(emu))


def _grow(shape: Any, rect: Rect, height: float) -> None:
    """Make *shape* *height* inches tall, keeping its place (what follows is laid out below it)."""
    from pptx.util import Inches

    shape.left, shape.top = Inches(rect.left), Inches(rect.top)
    shape.width, shape.height = Inches(rect.width), Inches(height)
