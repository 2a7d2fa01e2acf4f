"""Text fitting with fixed widths: exact line counts at the boundaries, and pinned font sizes.

``HALF`` gives every ASCII letter 0.5 em and a space 0.25 em, so "ab cd" is exactly 2.25 em wide;
full-width characters are 1 em. Sizes for the shipped example's texts are pinned with the
font-free estimate, so a wider or narrower estimate shows up as a changed size.
"""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readinggroup.render.metrics import FontFace, TextMetrics
from readinggroup.render.textfit import (
    Box,
    count_lines,
    fitting_size,
    largest_fitting,
    measure,
    needed_height,
)
from readinggroup.session import load_session

_LETTERS = {ord(char): 0.5 for char in string.ascii_letters}
HALF = TextMetrics(FontFace({**_LETTERS, ord(" "): 0.25}, line_height=1.2), 1.5)
MARK = "（重）"  # three full-width characters: 3 em
EXAMPLE = Path(__file__).parent.parent / "sessions" / "2021-10.yaml"


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        pytest.param("ab cd", 2.25, 1, id="exactly-full"),
        pytest.param("ab cd", 2.2, 2, id="just-over"),
        pytest.param("ab     ", 1.0, 1, id="trailing-spaces-hang"),
        pytest.param("ab cd ef", 2.5, 2, id="space-hangs-at-the-break"),
        pytest.param("abcdef", 1.0, 3, id="long-word-broken-anywhere"),
        pytest.param("abcde", 1.0, 3, id="long-word-odd"),
        pytest.param("ab abcdef", 1.5, 3, id="long-word-after-a-word"),
        pytest.param("abcdef ab", 1.0, 4, id="words-after-a-long-word"),
        pytest.param("a abcd ef", 2.0, 3, id="word-as-wide-as-the-line-moves-down"),
        pytest.param("ab cd ef", 2.0, 3, id="moved-word-keeps-its-space"),
        pytest.param("あいうえお", 2.0, 3, id="cjk-anywhere"),
        pytest.param("", 1.0, 1, id="empty"),
    ],
)
def test_lines_at_a_width(text: str, width: float, lines: int) -> None:
    assert measure(text, HALF).lines(width) == lines
    assert count_lines(text, width, HALF) == lines


@pytest.mark.parametrize(
    ("text", "first", "rest", "width", "lines"),
    [
        pytest.param("ab cd", 1.0, 0.0, 2.25, 2, id="first-line-indent"),
        pytest.param("ab cd", 0.0, 1.0, 2.25, 1, id="hang-unused-on-one-line"),
        pytest.param("ab cd ef", 0.0, 1.0, 2.25, 2, id="hanging-indent"),
        pytest.param("ab cd ef gh", 0.0, 1.0, 2.25, 3, id="hanging-indent-each-line"),
        pytest.param("abcdef", 0.0, 1.0, 2.0, 2, id="long-word-with-hang"),
    ],
)
def test_indents(text: str, first: float, rest: float, width: float, lines: int) -> None:
    assert measure(text, HALF, first=first, rest=rest).lines(width) == lines


@pytest.mark.parametrize(
    ("text", "kept", "width", "lines"),
    [
        pytest.param(f"ab{MARK}", [MARK], 4.25, 1, id="glued-to-the-word-fits"),
        pytest.param(f"ab{MARK}", [MARK], 3.9, None, id="glued-word-cannot-break"),
        pytest.param(f"abcdef ab{MARK}", [MARK], 4.0, None, id="glued-word-never-wraps"),
        pytest.param(f"ab {MARK}", [MARK], 3.0, 2, id="starts-the-next-line"),
        pytest.param(f"ab cd{MARK}", [MARK], 5.5, 1, id="fits-the-line"),
        pytest.param(f"ab cd{MARK}", [MARK], 5.25, 2, id="wraps-with-its-word"),
        pytest.param(MARK, [MARK, ""], 2.5, None, id="longer-than-a-line"),
        pytest.param(f"{MARK} ab", [MARK], 3.0, 2, id="words-after-it-wrap"),
        pytest.param(f"{MARK}ab cd", [MARK], 5.0, 2, id="words-after-it-stay-plain"),
        pytest.param("abcd abcd xy", ["xy"], 3.5, 2, id="words-before-it-stay-plain"),
        pytest.param(f"a{MARK}{MARK}", [MARK], 7.0, 1, id="twice"),
        pytest.param(f"{MARK}（複）", [MARK, "（複）"], 4.0, None, id="two-spans"),
        pytest.param(f"{MARK}（複）", [], 4.0, 2, id="not-kept"),
    ],
)
def test_a_kept_span_never_breaks(
    text: str, kept: list[str], width: float, lines: int | None
) -> None:
    assert measure(text, HALF, kept=kept).lines(width) == lines


def test_words_are_measured_once_per_metrics() -> None:
    wide = TextMetrics(FontFace({ord("a"): 2.0}), 1.5)
    assert measure("aa a", HALF).tokens[0] is measure("aa a", HALF).tokens[0]
    assert measure("aa", wide).lines(3.0) == 2
    assert measure("aa", HALF).lines(1.0) == 1


def test_a_word_measured_before_is_still_kept_when_asked() -> None:
    """The cache of measured words holds plain words only: kept or not is decided per call."""
    metrics = TextMetrics(FontFace(_LETTERS), 1.5)  # a fresh cache
    assert measure("ab ConvMLP", metrics).lines(3.0) == 2
    assert measure("ab ConvMLP", metrics, kept=["ConvMLP"]).lines(3.0) is None
    assert measure("ab ConvMLP", metrics).lines(3.0) == 2


def test_needed_height_is_lines_times_size_times_line_height() -> None:
    paragraphs = [measure("ab cd", HALF), measure("ab", HALF)]
    assert needed_height(paragraphs, 100.0, 10.0, 1.5) == 30.0
    assert needed_height([measure(MARK, HALF, kept=[MARK])], 20.0, 10.0, 1.5) == float("inf")
    assert HALF.line_height == 1.5  # the taller of the Latin and East Asian faces


@pytest.mark.parametrize(
    ("paragraphs", "box", "size"),
    [
        pytest.param(["ab cd"], Box(100, 30), 18.0, id="largest-fits"),
        pytest.param(["ab cd"], Box(100, 26), 17.0, id="half-point-steps"),
        pytest.param(["ab cd"], Box(100, 26.25), 17.5, id="exactly-full-height"),
        pytest.param(["ab cd"], Box(100, 10), 8.0, id="smallest-when-nothing-fits"),
        pytest.param(["ab", "cd"], Box(100, 30), 10.0, id="paragraphs-add-up"),
        pytest.param(["ab cd"], Box(23, 15), 9.5, id="width-slack"),
    ],
)
def test_fitting_size(paragraphs: list[str], box: Box, size: float) -> None:
    assert fitting_size(paragraphs, box, largest=18, smallest=8, metrics=HALF) == size


def test_largest_fitting_refuses_a_size_that_breaks_a_kept_span() -> None:
    measured = [measure(f"ab{MARK}", HALF, kept=[MARK])]
    # 4.25 em (a quarter em between "b" and "（") must fit in 96 % of the width: 66.4 pt at 15 pt
    assert largest_fitting(measured, Box(66.5, 100), line_height=1.5, largest=16, smallest=8) == 15
    assert largest_fitting(measured, Box(20, 100), line_height=1.5, largest=16, smallest=8) == 8


@pytest.mark.parametrize(
    ("paper", "field", "box", "size"),
    [
        pytest.param("2106.10860", "title", Box(600, 40), 18.0, id="short-title"),
        pytest.param("2108.10470", "title", Box(600, 40), 13.5, id="long-title"),
        pytest.param("2106.10860", "abstract_ja", Box(600, 200), 13.5, id="abstract"),
        pytest.param("2106.15590", "abstract_ja", Box(600, 200), 9.5, id="long-abstract"),
    ],
)
def test_sizes_of_the_example_texts_with_the_estimate(
    paper: str, field: str, box: Box, size: float
) -> None:
    """Pinned: the font-free estimate's widths and 1.45 line height decide these sizes."""
    papers = {p.id: p for p in load_session(EXAMPLE).papers}
    text = getattr(papers[paper], field)
    assert fitting_size([text], box, largest=18, smallest=8) == size


# Text of Latin words, CJK, spaces and the kept marker, with widths from HALF (a 0.5 em letter,
# 1 em full-width) or a font whose one glyph is wider than most lines ("W" = 3 em).
_WIDE = TextMetrics(FontFace({**_LETTERS, ord("W"): 3.0, ord(" "): 0.25}, line_height=1.2), 1.5)
_TEXTS = st.text(alphabet="abW  本語。（重）", max_size=60)


@settings(max_examples=300, deadline=None)
@given(
    paragraphs=st.lists(_TEXTS, min_size=1, max_size=4),
    wide=st.booleans(),
    width=st.floats(min_value=5, max_value=400),
    height=st.floats(min_value=5, max_value=400),
    hang=st.sampled_from([0.0, 1.2]),
)
def test_sizes_passed_over_without_wrapping_are_sizes_that_do_not_fit(
    paragraphs: list[str], wide: bool, width: float, height: float, hang: float
) -> None:
    """The shortcut in `largest_fitting` (too few lines for the text's width) changes nothing:
    the size is the one the plain scan over every 0.5 pt step finds."""
    metrics = _WIDE if wide else HALF
    measured = [
        measure(text, metrics, kept=[MARK] if MARK in text else [], first=hang, rest=hang)
        for text in paragraphs
    ]
    box = Box(width, height)
    size = 24.0
    while size > 8 and needed_height(measured, width, size, 1.2) > height:
        size -= 0.5
    expected = max(size, 8.0)
    found = largest_fitting(measured, box, line_height=1.2, largest=24, smallest=8)
    assert found == expected
    for paragraph in measured:
        for width_em in (0.5, 1.0, 2.9, 7.3, 30.0):
            lines = paragraph.lines(width_em)
            assert lines is None or paragraph.fewest_lines(width_em) <= lines
