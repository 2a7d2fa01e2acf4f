"""Where the built-in grid may put text: clear of every shape the layout and master draw.

Logos, bands and static text are drawn on every slide that uses a layout; placeholders are not
(only the slide's own copies are). The free area is the content area cut, obstacle by obstacle, on
the side that keeps the most of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from readinggroup.builtin_deck import DECK, EMU_PER_INCH

BACKGROUND_SHARE = 0.6  # a shape covering more of the slide than this is background art
# A plain text box of a layout covering more of the slide than this, or lying over one of its
# placeholders, is sample text ("Title / No more than two lines"), not a footer line or a caption.
SAMPLE_SHARE = 0.04
_FOOTERS = {"DATE", "FOOTER", "SLIDE_NUMBER"}
# Rows of the built-in grid on its 7.5 in tall slide, per slide role: (top, height) in inches.
# The first row holds the heading, which goes into a title placeholder where the layout has one.
BUILT_IN_GRID: dict[str, list[tuple[float, float]]] = {
    "title": [(2.0, 1.4), (3.6, 1.2), (4.9, 0.6)],
    "list": [(0.3, 0.9), (1.3, 5.9)],
    "paper": [(0.25, 1.05), (1.3, 0.4), (1.75, 3.05), (4.85, 0.45), (5.3, 2.1)],
    # the pointer back under the link; below it the 目的 line and the figure drawn small
    "duplicate": [(0.25, 1.05), (1.3, 0.4), (1.85, 0.45), (2.5, 4.7)],
}


@dataclass(frozen=True, slots=True)
class Rect:
    """A rectangle in inches."""

    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def area(self) -> float:
        return max(self.width, 0.0) * max(self.height, 0.0)

    def overlaps(self, other: Rect) -> bool:
        return (
            self.left < other.right
            and other.left < self.right
            and self.top < other.bottom
            and other.top < self.bottom
        )

    def grown(self, by: float) -> Rect:
        return Rect(self.left - by, self.top - by, self.right + by, self.bottom + by)


def shape_rect(shape: Any) -> Rect | None:
    """*shape*'s extent, or None when it has no position."""
    if shape.left is None or shape.top is None or shape.width is None or shape.height is None:
        return None
    left, top = shape.left / EMU_PER_INCH, shape.top / EMU_PER_INCH
    return Rect(left, top, left + shape.width / EMU_PER_INCH, top + shape.height / EMU_PER_INCH)


def drawn_shapes(layout: Any) -> list[Any]:
    """The shapes *layout* and (unless it hides them) its master draw on every slide made from
    it; placeholders are not drawn (only a slide's own copies are)."""
    owners = [layout]
    if layout._element.get("showMasterSp") != "0":
        owners.append(layout.slide_master)
    return [shape for owner in owners for shape in owner.shapes if not shape.is_placeholder]


def obstacles(layout: Any, page: Rect) -> list[Rect]:
    """What *layout* and (unless it hides them) its master draw on every slide, as rectangles."""
    found = []
    for shape in drawn_shapes(layout):
        rect = shape_rect(shape)
        if rect is not None and rect.area() <= BACKGROUND_SHARE * page.area():
            found.append(rect)
    return found


def sample_text(layout: Any, page: Rect) -> list[Rect]:
    """Where *layout* (and its master, unless it hides them) draws sample text on every slide
    made from it: see `SAMPLE_SHARE`."""
    found = []
    held: list[Rect] | None = None  # the placeholders' places, looked up for a small text only
    for shape in drawn_shapes(layout):
        rect = shape_rect(shape)
        if rect is None or not shape.has_text_frame or not shape.text_frame.text.strip():
            continue
        if rect.area() <= SAMPLE_SHARE * page.area():
            held = _placeholder_places(layout) if held is None else held
            if not any(map(rect.overlaps, held)):
                continue
        found.append(rect)
    return found


def _placeholder_places(layout: Any) -> list[Rect]:
    """Where *layout*'s placeholders other than its footers are."""
    return [
        rect
        for placeholder in layout.placeholders
        if getattr(placeholder.placeholder_format.type, "name", "") not in _FOOTERS
        and (rect := shape_rect(placeholder)) is not None
    ]


def free_area(area: Rect, blocked: list[Rect], *, gap: float) -> Rect:
    """The largest part of *area* left after cutting away each of *blocked* (grown by *gap*)."""
    for obstacle in sorted(blocked, key=Rect.area, reverse=True):
        grown = obstacle.grown(gap)
        if not grown.overlaps(area):
            continue
        cuts = [
            Rect(area.left, grown.bottom, area.right, area.bottom),
            Rect(area.left, area.top, area.right, grown.top),
            Rect(grown.right, area.top, area.right, area.bottom),
            Rect(area.left, area.top, grown.left, area.bottom),
        ]
        area = max(cuts, key=Rect.area)
    return area


def grid_rows(
    rows: list[tuple[float, float]],
    layout: Any,
    page: Rect,
    title: Rect | None,
    x_scale: float,
    scale: float,
) -> list[Rect]:
    """*rows* of the built-in grid mapped into the part of *page* that *layout* leaves free.

    Under a *title* placeholder the heading row is dropped and the others fill the space below
    it; *x_scale* scales the side margins, *scale* the gaps.
    """
    gap = 0.1 * scale
    start, reference = 0.0, 0.0
    if title is not None:
        rows = rows[1:]
        start, reference = title.bottom + gap, rows[0][0] - 0.05
    margin = DECK.margin_in * x_scale
    area = Rect(page.left + margin, start, page.right - margin, page.bottom)
    blocked = obstacles(layout, page)
    # bands across the slide move the whole grid; a logo or a note only narrows the rows it meets
    bands = [rect for rect in blocked if rect.width > 0.5 * area.width]
    area = free_area(area, bands, gap=gap)
    others = [rect for rect in blocked if rect not in bands]
    y = area.height / (DECK.height_in - reference)
    return [
        free_area(
            Rect(
                area.left,
                area.top + (top - reference) * y,
                area.right,
                area.top + (top + height - reference) * y,
            ),
            others,
            gap=gap,
        )
        for top, height in rows
    ]
