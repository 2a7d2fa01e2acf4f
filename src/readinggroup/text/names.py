"""The paper's own names (固有名): the title's head ("ConvMLP: …") and naming phrases in the
abstract ("called Primer", "(FLAN)"). They fill the 固有名 line and are protected in translation.
"""

from __future__ import annotations

import re

from readinggroup.models import Paper
from readinggroup.text.latex import latex_to_unicode

MAX_NAMES = 4
_WORD = r"[A-Za-z0-9∞🤗][\w∞\-\.+]*"
# "… a new architecture called Primer", "dubbed X", "termed X"
_CALLED = re.compile(
    rf"\b(?:we\s+call|called|named|dubbed|termed|coined)\s+({_WORD}(?:\s+[A-Z]{_WORD})?)"
)
# "we propose ConvMLP", "we introduce FLAN" — only distinctive tokens (inner capitals, digits)
_PROPOSE = re.compile(
    rf"\b[Ww]e\s+(?:propose|introduce|present)\s+(?:a\s+|an\s+|the\s+)?((?:{_WORD}\s+)?{_WORD})"
)
# acronyms defined in parentheses: "Finetuned LAnguage Net (FLAN)"
_ACRONYM = re.compile(r"\(([A-Z][A-Za-z0-9\-]*[A-Z][A-Za-z0-9\-]*)\)")


def _is_distinctive(name: str) -> bool:
    """Whether *name* looks like a coined name (SegFormer, GPT-3, ∞-former) not a plain word."""
    return any(
        re.search(r"[a-z][A-Z]|[A-Z]{2}|\d|∞|🤗", token) or token[:1] in "∞🤗"
        for token in name.split()
    )


def title_head_name(title: str) -> str | None:
    """The name before the title's colon ("ConvMLP: …" → ConvMLP), if it reads as a name."""
    head, colon, _ = latex_to_unicode(title).partition(":")
    head = head.strip()
    if not colon or not head:
        return None
    words = head.split()
    if len(words) <= 2 or _is_distinctive(head):
        return head
    return None


def find_names(paper: Paper) -> list[str]:
    """Named models, methods or datasets of *paper*, most certain first."""
    names: list[str] = []
    head = title_head_name(paper.title)
    if head:
        names.append(head)
    abstract = latex_to_unicode(paper.abstract)
    for match in _CALLED.finditer(abstract):
        names.append(match.group(1).rstrip(".,"))
    for match in _PROPOSE.finditer(abstract):
        candidate = match.group(1).rstrip(".,")
        if _is_distinctive(candidate):
            names.append(
                candidate.split()[-1] if not _is_distinctive(candidate.split()[0]) else candidate
            )
    names.extend(match.group(1) for match in _ACRONYM.finditer(abstract))
    unique: list[str] = []
    for name in names:
        # "SegFormer" adds nothing after "Panoptic SegFormer"
        if not any(name.casefold() in seen.casefold() for seen in unique):
            unique.append(name)
    return unique[:MAX_NAMES]


def draft_names(paper: Paper) -> str:
    """The 固有名 line: the names joined with "、"."""
    return "、".join(find_names(paper))
