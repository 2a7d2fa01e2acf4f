"""Which script a character is written in, and how wide it is: decided here for every module.

*Japanese* is what Japanese typesetting covers: kana, kanji, CJK punctuation and full-width forms
(no space between two such sentences; ``lang="ja-JP"`` on a slide run). A translation *reads as
Japanese* only with a kana or a kanji in it: punctuation alone translates nothing. Lines break
anywhere in CJK text, Hangul included. Width is Unicode's East Asian Width: wide and full-width
characters take the East Asian font's 1 em.

Ranges are compared, not matched: compiling a class of these 30,000 characters costs the ``re``
module 4 ms at every start, more than the checks of a whole deck.
"""

from __future__ import annotations

import unicodedata

_KANA = ("\u3040", "\u30ff")
_KANJI = (("\u3400", "\u9fff"), ("\uf900", "\ufaff"))  # unified (with extension A), compatibility
_CJK_PUNCTUATION = ("\u3000", "\u303f")
_FULL_WIDTH = ("\uff00", "\uffef")  # full-width Latin and punctuation, half-width katakana
# A regex class body: where a line may break between any two characters (CJK, Hangul, full width)
BREAKS_ANYWHERE = "\u3000-\u9fff\uac00-\ud7af\uff00-\uffef"
# A regex class body of the characters set as Japanese (`is_japanese`), for patterns that name them
JAPANESE_CLASS = "".join(
    f"{low}-{high}" for low, high in (_CJK_PUNCTUATION, _KANA, *_KANJI, _FULL_WIDTH)
)


def is_japanese_letter(char: str) -> bool:
    """Whether *char* is a kana or a kanji."""
    return _KANA[0] <= char <= _KANA[1] or any(low <= char <= high for low, high in _KANJI)


def is_japanese(char: str) -> bool:
    """Whether *char* is set as Japanese: a kana, a kanji, CJK punctuation or a full-width form."""
    return (
        is_japanese_letter(char)
        or _CJK_PUNCTUATION[0] <= char <= _CJK_PUNCTUATION[1]
        or _FULL_WIDTH[0] <= char <= _FULL_WIDTH[1]
    )


def has_japanese(text: str) -> bool:
    """Whether *text* holds a character set as Japanese (see `is_japanese`)."""
    return not text.isascii() and any(map(is_japanese, text))


def reads_as_japanese(text: str) -> bool:
    """Whether *text* holds a kana or a kanji: what a Japanese translation cannot lack."""
    return not text.isascii() and any(map(is_japanese_letter, text))


def is_wide(char: str) -> bool:
    """Whether *char* takes a full em (East Asian Width wide or full-width)."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def estimated_width(char: str) -> float:
    """*char*'s width in em without a font file: a slightly wide guess (what summary drafting
    budgets a slide line with, and what the deck falls back on)."""
    if is_wide(char):
        return 1.0
    if char == " ":
        return 0.3
    if char.isupper() or char in "mwMW@%":
        return 0.72
    return 0.58


def text_width(text: str) -> float:
    """*text*'s estimated width in em (see `estimated_width`)."""
    return sum(map(estimated_width, text))
