"""The key figure on a full paper slide: beside the abstract, or below it on a portrait slide.

The abstract's row is shared: the picture takes at most :data:`COLUMN_SHARE` of its width (on a
portrait slide :data:`BAND_SHARE` of its height), scaled to fit with its aspect ratio kept, with
the credit line ("図：論文より引用 arXiv:…") under it; whatever the picture does not need goes back
to the abstract. Everything stays inside the row, which the grid already keeps clear of the
layout's decoration, so the picture covers neither text nor the template's shapes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readinggroup.render.blocks import Blocks
from readinggroup.render.regions import Rect
from readinggroup.render.runs import Style

COLUMN_SHARE = 0.42  # of the abstract row's width, beside the abstract
BAND_SHARE = 0.45  # of the abstract row's height, below the abstract (portrait slides)
GAP_IN = 0.2  # between the abstract and the figure, and the picture and its credit
CREDIT_IN = (0.3, 2.6)  # the credit line's height and least width, on the built-in slide
CREDIT_SIZES = (10.0, 7.0)


@dataclass(frozen=True, slots=True)
class FigureAreas:
    """Where the abstract, the picture and its credit line go within the abstract's row."""

    text: Rect
    picture: Rect
    credit: Rect


def figure_areas(
    row: Rect, pixels: tuple[int, int], *, portrait: bool, scale: float
) -> FigureAreas:
    """The abstract's *row* shared with a picture of *pixels* (width, height); *scale* is the
    slide's size against the built-in one."""
    gap = GAP_IN * scale
    credit_height, credit_width = (length * scale for length in CREDIT_IN)
    aspect = pixels[0] / max(pixels[1], 1)
    if portrait:
        band = BAND_SHARE * row.height
        width, height = _fit(row.width, band - credit_height - gap, aspect)
        top = row.bottom - (height + gap + credit_height)
        left = row.left + (row.width - width) / 2
        text = Rect(row.left, row.top, row.right, top - gap)
        column = Rect(row.left, top, row.right, row.bottom)
    else:
        width, height = _fit(COLUMN_SHARE * row.width, row.height - credit_height - gap, aspect)
        used = max(width, min(credit_width, COLUMN_SHARE * row.width))
        column = Rect(row.right - used, row.top, row.right, row.bottom)
        left = column.left + (used - width) / 2
        top = row.top
        text = Rect(row.left, row.top, column.left - gap, row.bottom)
    picture = Rect(left, top, left + width, top + height)
    credit_top = picture.bottom + gap / 2
    credit = Rect(column.left, credit_top, column.right, credit_top + credit_height)
    return FigureAreas(text, picture, credit)


def _fit(width: float, height: float, aspect: float) -> tuple[float, float]:
    """The largest (width, height) of *aspect* (width / height) inside *width* × *height*."""
    if width <= 0 or height <= 0:
        return 0.0, 0.0
    if width / height > aspect:
        return height * aspect, height
    return width, width / aspect


def draw_figure(
    page: Any, blocks: Blocks, areas: FigureAreas, picture: Path, credit: str, color: str
) -> None:
    """*picture* at its area of *page*, and the *credit* line under it."""
    from pptx.util import Inches

    box = areas.picture
    page.shapes.add_picture(
        str(picture), Inches(box.left), Inches(box.top), Inches(box.width), Inches(box.height)
    )
    style = Style(center=True, color=color, keep_all=True)
    blocks.text_box(page, areas.credit, [credit], "paper.credit", CREDIT_SIZES, style)
