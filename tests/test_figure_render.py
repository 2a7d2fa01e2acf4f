"""Where the key figure goes on a full paper slide: beside the abstract, or below it on a
portrait slide; aspect kept, inside the abstract's row, the rest given back to the text."""

from __future__ import annotations

import pytest

from readinggroup.render.figure import COLUMN_SHARE, GAP_IN, figure_areas
from readinggroup.render.regions import Rect

ROW = Rect(0.5, 1.75, 12.83, 4.8)  # the built-in slide's abstract row


def inside(inner: Rect, outer: Rect) -> bool:
    eps = 1e-9
    return (
        inner.left >= outer.left - eps
        and inner.top >= outer.top - eps
        and inner.right <= outer.right + eps
        and inner.bottom <= outer.bottom + eps
    )


@pytest.mark.parametrize("pixels", [(1600, 800), (800, 800), (300, 1200), (4000, 300)])
def test_beside_the_abstract_aspect_kept_and_nothing_overlaps(pixels: tuple[int, int]) -> None:
    areas = figure_areas(ROW, pixels, portrait=False, scale=1.0)
    picture, text, credit = areas.picture, areas.text, areas.credit
    assert picture.width / picture.height == pytest.approx(pixels[0] / pixels[1])
    for rect in (picture, text, credit):
        assert inside(rect, ROW)
    assert not picture.overlaps(text)
    assert not credit.overlaps(text)
    assert not credit.overlaps(picture)
    assert picture.width <= COLUMN_SHARE * ROW.width + 1e-9
    assert text.right == pytest.approx(min(picture.left, credit.left) - GAP_IN)


def test_a_tall_figure_gives_its_unused_width_back_to_the_abstract() -> None:
    wide = figure_areas(ROW, (4000, 300), portrait=False, scale=1.0)
    tall = figure_areas(ROW, (300, 1200), portrait=False, scale=1.0)
    assert tall.text.width > wide.text.width
    assert wide.picture.width == pytest.approx(COLUMN_SHARE * ROW.width)


def test_below_the_abstract_on_a_portrait_slide() -> None:
    row = Rect(0.4, 2.0, 7.1, 9.0)
    areas = figure_areas(row, (1600, 800), portrait=True, scale=0.75)
    assert areas.text.bottom < areas.picture.top
    assert areas.picture.bottom < areas.credit.top
    assert areas.text.width == pytest.approx(row.width)
    assert inside(areas.credit, row)
    assert areas.picture.width / areas.picture.height == pytest.approx(2.0)
    # centred under the abstract
    assert areas.picture.left - row.left == pytest.approx(row.right - areas.picture.right)
