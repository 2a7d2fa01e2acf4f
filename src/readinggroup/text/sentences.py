"""Sentences of English abstracts, and the Japanese put back together from aligned sentences.

pysbd splits: it knows "e.g.", "et al.", "Fig. 2", "vs." and decimals, which a regex on ". "
gets wrong in nearly every abstract.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from readinggroup.text.script import is_japanese

# Abbreviations of papers that pysbd's English rules do not know ("Eq. 3", "Tab. 2").
_PAPER_ABBREVIATION = re.compile(
    r"\b(?:Eqs?|Tabs?|Algs?|Thms?|Props?|Defs?|Apps?|Secs?|Sects?|Chaps?|resp|approx)\.$"
)


def split_sentences(text: str) -> list[str]:
    """The sentences of the English *text*, stripped, in order (pysbd)."""
    if not text.strip():
        return []
    import pysbd

    # a Segmenter per call: pysbd keeps per-text state, and threads translate papers at once
    segmenter = pysbd.Segmenter(language="en", clean=False)
    sentences: list[str] = []
    for sentence in (s.strip() for s in segmenter.segment(text)):
        if not sentence:
            continue
        if sentences and _PAPER_ABBREVIATION.search(sentences[-1]) and not sentence[0].isupper():
            sentences[-1] += " " + sentence
        else:
            sentences.append(sentence)
    return sentences


def join_sentences(sentences: Sequence[str]) -> str:
    """*sentences* as one paragraph: no space after a Japanese sentence, one after English."""
    text = ""
    for sentence in sentences:
        # Japanese sentences are written without a space between them; English ones with one
        if text and not (is_japanese(text[-1]) or is_japanese(sentence[:1])):
            text += " "
        text += sentence
    return text


def pack_lines(lines: Sequence[str], *, max_chars: int) -> list[list[str]]:
    """*lines* in consecutive groups whose newline-joined text stays within *max_chars*.

    A line longer than *max_chars* gets a group of its own (the service then says it is too
    long, for that paper only).
    """
    groups: list[list[str]] = []
    size = 0
    for line in lines:
        if groups and size + 1 + len(line) <= max_chars:
            groups[-1].append(line)
            size += 1 + len(line)
        else:
            groups.append([line])
            size = len(line)
    return groups
