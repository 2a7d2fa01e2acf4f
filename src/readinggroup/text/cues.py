"""Which abstract sentence states the paper's purpose, result and method (by cue phrases)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

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


def choose_sentences(sentences: Sequence[str]) -> dict[str, str]:
    """目的/成果/方法: the English sentence of the abstract *sentences* that says each.

    Each line takes the sentence with the most cues of its kind
    (purpose: the earliest such sentence, result and method: the latest); a sentence serves one
    line at most, and a line without any cue stays empty.
    """
    drafts: dict[str, str] = {}
    used: set[int] = set()
    for name in ("purpose", "result", "method"):
        scored = [
            (_score(name, english), index)
            for index, english in enumerate(sentences)
            if index not in used and not _AVAILABILITY.search(english)
        ]
        scored = [(score, index) for score, index in scored if score > 0]
        if not scored:
            drafts[name] = ""
            continue
        # purpose comes early in an abstract; results and method details later
        best = max(scored, key=lambda item: (item[0], -item[1] if name == "purpose" else item[1]))
        used.add(best[1])
        drafts[name] = sentences[best[1]].strip().rstrip("。．.")
    return drafts
