"""The extractive first draft of the five-line summary, from the paper's own words.

固有名 comes from the title's head ("ConvMLP: …") and from naming phrases in the abstract
("called Primer", "(FLAN)"); 著者所属 from arXiv's affiliation field; 目的/成果/方法 are the
Japanese of the abstract sentences with the strongest purpose, result and method cues (the
translate stage knows which Japanese sentence belongs to which English one). The draft is for
the organiser to edit, so it prefers leaving a line empty to guessing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

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


def draft_affiliations(paper: Paper) -> str:
    """The 著者所属 line from arXiv's affiliation field (empty when arXiv has none)."""
    if not paper.affiliations:
        return ""
    return "、".join(paper.affiliations)


# Phrases that mark an abstract sentence as the paper's purpose, result or method.
_CUES: Mapping[str, re.Pattern[str]] = {
    "purpose": re.compile(
        r"\b(?:we (?:aim|seek|ask|study|explore|investigate|address|tackle)|in this (?:paper|work)"
        r"|this (?:paper|work) (?:explores|studies|investigates|proposes|presents|introduces)"
        r"|our goal|the goal|to (?:address|overcome|reduce|improve|enable)|we propose|we introduce"
        r"|we present)\b",
        re.IGNORECASE,
    ),
    "result": re.compile(
        r"\b(?:outperform\w*|achiev\w*|state[- ]of[- ]the[- ]art|surpass\w*|improv\w*|"
        r"we (?:show|find|demonstrate|observe)|results? (?:show|suggest|demonstrate)|"
        r"experiments?|faster|better|accuracy|speed-?up)\b|\d+(?:\.\d+)?\s*(?:%|×)",
        re.IGNORECASE,
    ),
    "method": re.compile(
        r"\b(?:based on|by (?:using|leveraging|combining|replacing|adding)|we (?:use|train|"
        r"design|replace|combine|leverage|extend|apply)|consists? of|architecture|framework|"
        r"module|mechanism|algorithm|pipeline|loss|objective|fine-?tun\w*)\b",
        re.IGNORECASE,
    ),
}
# "Code is available at https://…" says nothing about purpose, result or method.
_AVAILABILITY = re.compile(r"https?://|\bavailable (?:at|on|from)\b", re.IGNORECASE)


def _score(name: str, english: str) -> int:
    score = len(_CUES[name].findall(english))
    if name == "method":  # "X improves the architecture" reports a result, not the method
        score -= len(_CUES["result"].findall(english))
    return score


def draft_from_sentences(pairs: Sequence[tuple[str, str]]) -> dict[str, str]:
    """目的/成果/方法 drafts from (English, Japanese) sentence pairs of one abstract.

    Each line takes the Japanese of the sentence whose English has the most cues of its kind
    (purpose: the earliest such sentence, result and method: the latest); a sentence serves one
    line at most, and a line without any cue stays empty.
    """
    drafts: dict[str, str] = {}
    used: set[int] = set()
    for name in ("purpose", "result", "method"):
        scored = [
            (_score(name, english), index)
            for index, (english, _) in enumerate(pairs)
            if index not in used and not _AVAILABILITY.search(english)
        ]
        scored = [(score, index) for score, index in scored if score > 0]
        if not scored:
            drafts[name] = ""
            continue
        # purpose comes early in an abstract; results and method details later
        best = max(scored, key=lambda item: (item[0], -item[1] if name == "purpose" else item[1]))
        used.add(best[1])
        drafts[name] = pairs[best[1]][1].strip().rstrip("。．.")
    return drafts
