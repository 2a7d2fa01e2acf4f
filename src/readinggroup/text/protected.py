"""Names the translator must not touch, shielded by placeholders and restored exactly.

Machine translation turns "Panoptic SegFormer" into "総括的な SegFormer" and "Primer" into
"プライマー". Before translation each protected term becomes a numbered placeholder ``⟦0⟧``,
which the services carry through unchanged; afterwards the placeholder becomes the term again
(or the glossary's fixed Japanese), and a placeholder missing from the answer is reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from readinggroup.models import Paper
from readinggroup.text.glossary import Glossary
from readinggroup.text.names import name_candidates, title_head_name

# A name carries a capital, a digit or a symbol (SegFormer, GPT-3, ∞-former, 🤗Datasets);
# an all-lowercase entry of 固有名 ("byte shuffling") is a plain term and is translated.
_NAME_LIKE = re.compile(r"[A-Z0-9]|[^\x00-\x7f]")
_SEPARATORS = re.compile(r"[、,，;；]")
_BRACKET = re.compile(r"[⟦⟧]")
# Tolerant of what services do to unknown tokens: spaces inside, full-width digits; a bracket
# outside a placeholder is a stray the service left.
_PLACEHOLDER_OR_STRAY = re.compile(rf"⟦\s*(\d+)\s*⟧|{_BRACKET.pattern}")


@dataclass(frozen=True, slots=True)
class Term:
    """A protected term as it appears in English; *japanese* None keeps it as written."""

    text: str
    japanese: str | None = None


@dataclass(frozen=True, slots=True)
class Shielded:
    """Text with placeholders; ``outputs[i]`` is what ``⟦i⟧`` becomes again."""

    text: str
    outputs: tuple[str, ...] = ()


def protected_terms(paper: Paper, glossary: Glossary) -> tuple[Term, ...]:
    """The terms of *paper* to shield: the glossary's, the title's head name, every name
    candidate (not only the few on the 固有名 line) and 固有名 itself."""
    terms = {text: Term(text, japanese) for text, japanese in glossary.entries.items()}
    names: list[str | None] = [title_head_name(paper.title), *name_candidates(paper)]
    names.extend(_SEPARATORS.split(paper.summary.names))
    for name in names:
        name = (name or "").strip()
        if len(name) >= 2 and _NAME_LIKE.search(name) and name not in terms:
            terms[name] = Term(name)
    return tuple(terms.values())


def shield(text: str, terms: Sequence[Term]) -> Shielded:
    """*text* with every occurrence of *terms* replaced by a placeholder ``⟦i⟧``.

    A bracket ⟦ or ⟧ already in *text* is shielded too (it comes back as itself), so the only
    brackets sent are the placeholders' and unshield's clean-up of strays cannot eat the text.
    """
    variants = dict(_variants(terms))
    # longest first, so "Panoptic SegFormer" wins over "SegFormer"
    alternatives = "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True))
    names = rf"(?<!\w)(?:{alternatives})(?!\w)|" if variants else ""
    pattern = re.compile(rf"{names}{_BRACKET.pattern}")
    outputs: list[str] = []

    def placeholder(match: re.Match[str]) -> str:
        term = variants.get(match[0])
        output = match[0] if term is None or term.japanese is None else term.japanese
        if output not in outputs:
            outputs.append(output)
        return f"⟦{outputs.index(output)}⟧"

    return Shielded(pattern.sub(placeholder, text), tuple(outputs))


def unshield(answer: str, shielded: Shielded) -> tuple[str, tuple[str, ...]]:
    """*answer* with its placeholders restored, and the terms whose placeholder was lost."""
    found: set[int] = set()

    def restore(match: re.Match[str]) -> str:
        if match[1] is None:
            return ""  # a stray bracket
        index = int(match[1])  # int() reads full-width digits too
        if index >= len(shielded.outputs):
            return ""  # a placeholder that was never sent
        found.add(index)
        return shielded.outputs[index]

    text = _PLACEHOLDER_OR_STRAY.sub(restore, answer)  # one pass: restored text is not rescanned
    lost = tuple(output for index, output in enumerate(shielded.outputs) if index not in found)
    return text, lost


def _variants(terms: Iterable[Term]) -> Iterable[tuple[str, Term]]:
    """Each term as written, and capitalised when it starts lowercase (a sentence's start)."""
    for term in terms:
        if not term.text:
            continue
        yield term.text, term
        if term.text[0].islower():
            yield term.text[0].upper() + term.text[1:], term
