"""Text fitting at its edges: repeated kept spans, spaces after them, overlapping spans, and the
floor `largest_fitting` uses to pass over sizes without wrapping (widths as in test_textfit)."""

from __future__ import annotations

import pytest

from readinggroup.render.textfit import Box, largest_fitting, measure
from tests.test_textfit import _WIDE, HALF, MARK


@pytest.mark.parametrize(
    ("text", "kept", "width", "lines"),
    [
        # every occurrence is kept, not only the last: the first two hold together (6 em)
        pytest.param(f"{MARK}{MARK} {MARK}", [MARK], 5.0, None, id="each-repeat-kept"),
        pytest.param(f"{MARK}{MARK} {MARK}", [MARK], 9.25, 1, id="each-repeat-kept-fits"),
        # the spaces after a kept span hang with it; what follows stays plain
        pytest.param(f"{MARK} ab", [MARK], 2.5, None, id="spaced-span-too-wide"),
        pytest.param(f"{MARK}  ab", [MARK], 3.0, 2, id="spaces-then-a-word"),
        pytest.param("cd ab ef", ["ab"], 2.0, 3, id="spaced-span-starts-a-line"),
        pytest.param("cd ab ef", ["ab"], 3.0, 2, id="spaced-span-fits"),
        # two spans starting at one place: the first listed wins
        pytest.param(f"{MARK}x", [MARK, f"{MARK}x"], 3.0, 2, id="first-listed-wins"),
        pytest.param(f"{MARK}x", [f"{MARK}x", MARK], 3.0, None, id="first-listed-wins-longer"),
    ],
)
def test_kept_spans(text: str, kept: list[str], width: float, lines: int | None) -> None:
    assert measure(text, HALF, kept=kept).lines(width) == lines


@pytest.mark.parametrize(
    ("text", "first", "rest", "width", "fewest", "lines"),
    [
        pytest.param("ab ab ab", 0.0, 0.0, 0.8, 4, 6, id="ink-over-width-rounded-up"),
        pytest.param(" ab", 0.0, 0.0, 0.5, 2, 3, id="a-space-has-no-width-of-its-own"),
        pytest.param("", 0.0, 0.0, 0.0, 1, 1, id="nothing-in-no-room"),
        pytest.param("ab ab ab", -2.0, 0.0, 2.25, 1, 1, id="outdented-first-line"),
        pytest.param("ab ab ab ab ab", 0.0, -2.0, 2.25, 2, 2, id="outdented-later-lines"),
    ],
)
def test_the_fewest_lines_floor(
    text: str, first: float, rest: float, width: float, fewest: int, lines: int
) -> None:
    """The floor is the text's ink over the widest line it can have, rounded up."""
    measured = measure(text, HALF, first=first, rest=rest)
    assert (measured.fewest_lines(width), measured.lines(width)) == (fewest, lines)


def test_the_floor_holds_for_a_character_wider_than_an_indented_line() -> None:
    measured = measure("WWW", _WIDE, first=1.2, rest=1.2)
    assert measured.fewest_lines(2.0) <= measured.lines(2.0) == 4


def test_an_empty_paragraph_is_no_wider_than_nothing() -> None:
    assert measure("", HALF).widest == 0.0
    assert measure("   ", HALF).widest == 0.0


def test_a_tight_line_height_is_not_passed_over() -> None:
    """With lines closer than 1 em the size the text fits at is still found, not skipped."""
    measured = [measure("ab cd", HALF)]
    assert largest_fitting(measured, Box(100, 14.4), line_height=0.8, largest=18, smallest=8) == 18
    assert (
        largest_fitting(measured, Box(100, 14.0), line_height=0.8, largest=18, smallest=8) == 17.5
    )
