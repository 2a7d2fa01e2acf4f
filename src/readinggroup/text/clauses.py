"""Cutting an abstract sentence to its core clause, and to one slide line.

"In this paper, we", "To tackle these problems," and citations go; the clause is then offered in
ever shorter cuts, each ending before a detail (", which", " by ", " on ", …) and where a clause
can end, so the caller can take the longest one that fits a slide line once translated.
"""

from __future__ import annotations

import re

from readinggroup.builtin_deck import DECK
from readinggroup.text.script import text_width

LINE_EM = DECK.summary_line_em  # one slide line of the summary box
MIN_CHARS = 10  # a shorter cut says nothing ("the model")
MIN_WORDS = 3  # nor does a name alone ("FlashAttention")

_I = re.IGNORECASE
_LEAD = re.compile(
    r"^(?:(?:in (?:this|the present) (?:paper|work|study|article)|here|in particular|specifically"
    r"|moreover|furthermore|in addition|additionally|finally|notably|then|first(?:ly)?"
    r"|second(?:ly)?|third(?:ly)?|also|overall|as a result|consequently|however|nevertheless"
    r"|for (?:example|instance)|to (?:this end|do so)|towards? this end|surprisingly|as such"
    r"|thus|hence|instead|in contrast|to (?:this|that) effect|empirically|theoretically),?\s+"
    # phrases that set the scene end at their comma
    r"|(?:to [a-z]+|through|compared (?:to|with)|after|unlike|although|though|while|whereas"
    r"|despite|since|as"
    r"|if|when|at|in|for (?:a|an|the|each|every|all|most)|[a-z]+ing (?:the|this|these|our))\b"
    r"[^,]+,\s+)+",
    _I,
)
_CITATION = re.compile(r"\s*\[[^\]]*\]|\s*\((?:e\.g\.|i\.e\.|see|cf\.|confirmed by)[^)]*\)", _I)
# Where a clause can be cut short: what follows adds detail, not the point.
_CUTS = re.compile(
    r",\s*(?:e\.g\.|i\.e\.|(?:which|where|while|whereas|thus|thereby|and thus|as well as"
    r"|such as|including|since|as|because|so that|respectively|despite|without|with|[a-z]+ing"
    r"|greatly|compared)\b)"
    r"|\s+(?:which|that|while|whereas|since|because|such as|including|without|via|by|using"
    r"|in order to|compared (?:to|with)|thanks to|across|for|with|on|over|than)\s"
    r"|\s+and\s+(?=(?:the|a|an|our|we|it|its|their|is|are|can|has|have|also|then|\d|[a-z]+s)\b)"
    r"|\s+[a-z]+ed\s+(?=at|in|on|by|from|via|with)\b|\s*[;:(—]|\s+--?\s|,",
    _I,
)


_ASIDE = re.compile(
    r",\s+(?:which|who)\s[^,]+,(?=\s+(?:is|are|was|were|becomes?|has|have|can|does|remains?)\b)"
)
_AND = re.compile(r"\s+and\s")


def fits_line(text: str, *, limit: float = LINE_EM) -> bool:
    """Whether *text* takes at most one slide line."""
    return text_width(text) <= limit


def tidy_clause(text: str) -> str:
    """*text* without leading connectives, citations and the final full stop."""
    text = _CITATION.sub("", text).strip()
    previous = None
    while previous != text:
        previous = text
        text = _LEAD.sub("", text).strip()
    text = text.strip().rstrip(".。;:,")
    return text[:1].upper() + text[1:] if text else text


def shorter_cuts(clause: str, *, loose: bool = False) -> tuple[str, ...]:
    """*clause* and its prefixes ending before a detail (", which", " by ", …), longest first;
    *loose* also cuts at any " and " (for a line whose cuts must keep a cue word)."""
    # "full fine-tuning, which retrains all …, becomes …": the same point, said shorter
    aside = _ASIDE.sub("", clause)
    cuts = [aside, clause] if aside != clause else [clause]
    points = [*_CUTS.finditer(clause), *(_AND.finditer(clause) if loose else ())]
    for match in sorted(points, key=lambda m: -m.start()):
        head = clause[: match.start()].rstrip(" ,;:")
        if _ENUMERATION.match(clause, match.start()):
            continue  # "noisy, undercomplete or discrete": not where a clause ends
        if (
            len(head) >= MIN_CHARS
            and len(head.split()) >= MIN_WORDS
            and head not in cuts
            and _balanced(head)
            and _ends(head)
        ):
            cuts.append(head)
    return tuple(cuts)


def _ends(text: str) -> bool:
    """Whether a cut ends where a clause can end (not "…, further showing", "…, which
    stands", "… by benchmarking")."""
    words = text.split()
    tail = text.rpartition(",")[2].split()
    if words[-1].casefold() in _DANGLING or (len(words) > 1 and words[-2] in _BEFORE_GERUND):
        return False
    if tail and tail[0] in ("which", "that", "who") and len(tail) <= 3:
        return False
    return not ((words[-1].endswith("ing") or tail[0].endswith("ing")) and len(tail) <= 2)


_ENUMERATION = re.compile(r",\s*[\w\-]+(?:\s+[\w\-]+)?(?:,|\s+(?:or|and)\s)")
_BEFORE_GERUND = frozenset(("by", "via", "through", "of", "for", "to"))


_DANGLING = frozenset(
    ("a", "an", "the", "of", "to", "for", "with", "and", "or", "that", "which", "by", "on"),
) | frozenset(("in", "at", "from", "as", "its", "their", "only", "also", "both", "not", "more"))


def _balanced(text: str) -> bool:
    return text.count("(") == text.count(")")
