"""What is Japanese and how wide a character is: one answer for sentences, runs and checks."""

from __future__ import annotations

import pytest

from readinggroup.text.script import (
    estimated_width,
    has_japanese,
    is_japanese,
    reads_as_japanese,
    text_width,
)


@pytest.mark.parametrize(
    ("char", "japanese"),
    [
        ("あ", True),  # hiragana
        ("ア", True),  # katakana
        ("漢", True),
        ("兀", True),  # a compatibility ideograph
        ("。", True),  # CJK punctuation
        ("（", True),  # full-width forms
        ("ｱ", True),  # half-width katakana
        ("a", False),
        ("é", False),
        ("한", False),  # Hangul is not Japanese (though lines break anywhere in it)
    ],
)
def test_what_is_set_as_japanese(char: str, japanese: bool) -> None:
    assert is_japanese(char) is japanese


@pytest.mark.parametrize(
    ("text", "has", "reads"),
    [
        ("ConvMLP：視覚のためのMLP", True, True),
        ("。", True, False),  # punctuation alone translates nothing
        ("ＡＢＣ", True, False),
        ("plain English", False, False),
        ("", False, False),
    ],
)
def test_a_translation_reads_as_japanese_only_with_kana_or_kanji(
    text: str, has: bool, reads: bool
) -> None:
    assert has_japanese(text) is has
    assert reads_as_japanese(text) is reads


def test_wide_characters_take_a_full_em() -> None:
    assert estimated_width("目") == estimated_width("（") == 1.0
    assert estimated_width(" ") < estimated_width("a") < estimated_width("W") < 1.0
    assert text_width("目的：ab") == 3.0 + 2 * estimated_width("a")
