"""目的/成果/方法 from the abstract: which sentence says each, cut to the clause that says it.

Each sentence is read for cues: an aim ("we aim to", "this paper explores") or a problem
("are unable to", "prohibitively expensive") states the purpose; "we propose X", "by …ing",
"based on", "consists of" the method; "outperforms", "achieves", a percentage or "×" the
result. The chosen clause is cut by ``text/clauses.py``, whose shorter cuts let the caller
take the longest one that fits one slide line. A line with no cue stays empty: a background
sentence or a repeat of another line is worse than nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from readinggroup.paper_records import SummaryField
from readinggroup.text.clauses import LINE_EM, MIN_CHARS, fits_line, shorter_cuts, tidy_clause

SENTENCE_LINES: tuple[SummaryField, ...] = ("purpose", "result", "method")
CANDIDATES = 3  # sentences offered per line, best first, when the best one's cuts are too long
_CITATION = re.compile(r"\s*\[[^\]]*\]")
_I = re.IGNORECASE
_AIM = re.compile(
    r"(?:\b(?:aims?|seeks?|strives?|attempts?)\s+(?:at\s+)?to|\b(?:the|our) (?:goal|aim"
    r"|objective|purpose)(?: of this (?:paper|work|study|survey))? (?:is|was) to)\s+(?P<x>.+)",
    _I,
)
# "Isaac Gym offers a … platform to train policies …": what the thing is for
_BUILT_FOR = re.compile(
    r"\b(?:is|offers|provides|presents?|propose|introduce)\s+(?:\S+(?:\s+\S+){0,2}?,\s+)?"
    r"(?:a|an)\s+(?:[\w\-]+\s+){0,4}?(?:platform|library|toolkit|framework|method|approach"
    r"|system|tool|model)\s+(?:to|for)\s+(?P<x>[a-z]+\b.+)",
    _I,
)
_ANAPHORA = re.compile(r"^(?:this|that|these|those|the above|such) ", _I)
_VAGUE = re.compile(r"\b(?:this|these|such)\s+(?:approach|method|problem|task|issue)s?\b", _I)
_STUDY = re.compile(
    r"\b(?:(?:this|our) (?:paper|work|study|survey)\s+(?:explores?|studies|investigates?"
    r"|examines?|addresses|tackles|considers|focuses on)|(?:^|,\s*)we\s+(?:further\s+)?"
    r"(?:study|investigate|explore|examine|address|tackle|are interested in))\s+(?P<x>.+)",
    _I,
)
_MEANS_FOR = re.compile(
    r"^(?:a|an|the)\s+(?:[\w\-]+\s+){0,3}?(?:method|approach|framework|way|technique|scheme"
    r"|recipe|algorithm)s?\s+(?:for|to)\s+(?P<x>.+)",
    _I,
)
_BARE_MEANS = re.compile(
    r"^(?:a|an|the|our)\s+(?:[\w\-]+\s+)?(?:approach|method|framework|model|technique"
    r"|algorithm|system|scheme)$",
    _I,
)
_GERUND_FOR = re.compile(r"^(?:\S+\s+){1,5}?for\s+(?P<x>[a-z]+ing\b.+)", _I)
_PROBLEM = re.compile(
    r"\b(?:unable|cannot|can not|fail(?:s|ed)? to|struggl\w+|suffer\w*|difficult\w*|hard(?:er)?"
    r"|challeng\w+|costly|expensive|prohibitive\w*|limitations?|lacks?|mysterious|impractical"
    r"|bottlenecks?|remains? (?:unclear|open|unknown|elusive)|slow|inefficien\w+"
    r"|restricted|hindered|unidentifiab\w+|impossible|not satisfactory|limit(?:s|ed)?"
    r"|partially observable|less feasible|infeasible)\b",
    _I,
)
_PROPOSE = re.compile(
    r"\b(?:we|this (?:paper|work)|and)\s+(?:also\s+|first\s+|further\s+)?(?:propose|introduce"
    r"|present|develop|design|describe|build|devise|put forward)s?\s+(?P<x>.+)",
    _I,
)
_BY = re.compile(
    r"\b(?:by|via|through)\s+(?:[a-z]+ly\s+)?(?!showing|demonstrating|proving)"
    r"(?P<x>(?:making use of|using|leveraging|combining"
    r"|replacing|adding"
    r"|casting|searching|training|learning|introducing|exploiting|applying|extending"
    r"|injecting|freezing|masking|[a-z]+ing)\b.+)",
    _I,
)
_MEANS = re.compile(
    r"(?:\b(?:based on|consists? of|contains?|comprises?|builds? on|relies on|incorporates"
    r"|attributed to)\s+|\b(?:we|it|our \w+)\s+(?=(?:use|uses|apply|applies|train|take|adopt"
    r"|leverage|leverages|employ|employs|manipulates?|generalize|adapt|extend|cast|mask|combine"
    r"|make|perform|analy[sz]e|annotate|conduct|compare|verify)\b))(?P<x>.+)",
    _I,
)
_CLAIMED = re.compile(
    r"\b(?:outperform\w*|surpass\w*|achiev\w*|state[- ]of[- ]the[- ]art|improv\w+|faster"
    r"|speed-?ups?|reduc\w+|better|superior\w*|competitive|accuracy|gains?|orders? of magnitude"
    r"|beats?|exceed\w*|validat\w+|fast|effective\w*|useful|promising|significant\w*"
    r"|substantial\w*|robust\w*|ability)\b|\d+(?:\.\d+)?\s*(?:%|×|x\b|X\b|times|-?fold)",
    _I,
)
# "the library now includes more than 650 datasets": a result only by its number
_QUANTITY = re.compile(r"\b(?:more than|over|up to) \d[\d,.]*", _I)
_RESULT = re.compile(f"{_CLAIMED.pattern}|{_QUANTITY.pattern}", _I)
_FINDING = re.compile(
    r"\b(?:show|shows|showing|find|finds|found|demonstrate|demonstrates|suggest|suggests|reveal"
    r"|reveals|confirm|confirms|verify|indicate|indicates)\s+(?:that\s+)?(?P<x>.+)",
    _I,
)
_CLAIM = re.compile(
    r"^(?:(?:in this (?:paper|work)|here),?\s+we\s+show|this (?:paper|work) shows)\s+that\s+"
    r"(?P<x>.+)",
    _I,
)
_OURS = re.compile(r"\b(?:we|our|this (?:paper|work|study))\b", _I)
_AVAILABILITY = re.compile(r"https?://|\bavailable (?:at|on|from|in)\b|\bcode\b.*\breleas", _I)


@dataclass(frozen=True, slots=True)
class Draft:
    """One line's draft: the English *cuts* of the clause, longest first; *source* the index
    of the sentence it came from."""

    cuts: tuple[str, ...]
    source: int


def _clause(match: re.Match[str] | None) -> str:
    return tidy_clause(match.group("x")) if match else ""


def _purpose(sentence: str) -> tuple[int, str]:
    """(strength, clause) of *sentence* as the purpose: 3 an aim, 2 a study, 1 a problem."""
    if aim := _clause(_AIM.search(sentence)):
        return 3, re.split(r"\s+by\s+", aim)[0]  # "… by searching for X" is the method
    if study := _clause(_STUDY.search(sentence)):
        means = _MEANS_FOR.match(study)
        study = tidy_clause(means.group("x")) if means else study
        if not _ANAPHORA.match(study) and not _VAGUE.search(study):
            return 2, study
    if built := _BUILT_FOR.search(sentence):
        return 2, _clause(built)
    if proposal := _PROPOSE.search(sentence):
        # "we propose X to reduce cost"
        if goal := re.match(r"\S+(?:\s+\S+)?\s+to\s+(?P<x>[a-z]+\b.+)", proposal.group("x")):
            return 2, _clause(goal)
        means = _MEANS_FOR.match(proposal.group("x")) or _GERUND_FOR.search(proposal.group("x"))
        if means and not re.match(r"(?:this|that|these|the) (?:task|problem)", means["x"], _I):
            return 2, tidy_clause(means.group("x"))
    if claim := _clause(_CLAIM.search(sentence)):
        return 2, claim
    stated = re.sub(r"\bwithout [^,.]+", "", sentence)  # "without any bottleneck" is no problem
    head = tidy_clause(re.split(r",?\s+(?:since|as|because|therefore|thus)\b", sentence)[0])
    if _PROBLEM.search(stated) and not _OURS.search(head):
        return 1, head
    return 0, ""


def _method(sentence: str) -> tuple[int, str]:
    """(strength, clause) of *sentence* as the method: 3 a proposal, 2 a means, 0 none."""
    if proposal := _PROPOSE.search(sentence):
        core = tidy_clause(proposal.group("x"))
        # "a simple method for improving X" names the aim; "extensive evidence" no method
        aim = _MEANS_FOR.match(core)
        named = re.match(r"(?:a|an|the|two|three|several)\b|\S*[A-Z0-9∞]", proposal.group("x"))
        if named and not (aim and re.match(r"[a-z]+ing\b", aim.group("x"))):
            return 3, core
    if means := _BY.search(sentence):
        return 2, tidy_clause(means.group("x"))
    if means := _MEANS.search(sentence):
        return 2, tidy_clause(means.group("x"))
    return 0, ""


def _result(sentence: str) -> tuple[int, str]:
    """(strength, clause) of *sentence* as the result: the number of result cues."""
    cues = len(_RESULT.findall(sentence))
    if not cues:
        return 0, ""
    finding = _FINDING.search(sentence)
    clause = tidy_clause(sentence)
    if finding and not re.match(r"(?:our|these|this|the)\s+\w+(?:\s+\w+)?$", finding["x"], _I):
        clause = tidy_clause(finding.group("x"))
    clause = re.sub(
        r"^(?:it|this|our (?:method|approach|model))\s+(?:is\s+|are\s+)?", "", clause, flags=_I
    )
    numbers = 1 if re.search(r"\d", _CITATION.sub("", sentence)) else 0
    return min(cues, 3) + numbers, tidy_clause(clause)


_READERS: Mapping[str, Callable[[str], tuple[int, str]]] = {
    "purpose": _purpose,
    "method": _method,
    "result": _result,
}


def draft_lines(sentences: Sequence[str], names: Sequence[str] = ()) -> dict[str, Draft]:
    """The drafts of 目的/成果/方法 from the abstract's English *sentences* (absent: no cue);
    a sentence naming one of *names* (the paper's own) is the paper speaking, not background.

    Purpose takes the earliest strongest cue, method and result the strongest (ties: earliest
    for method, latest for result); a sentence serves two lines only with different clauses.
    """
    usable = [
        (index, sentence)
        for index, sentence in enumerate(sentences)
        if sentence.strip() and not _AVAILABILITY.search(sentence)
    ]
    own = [re.escape(name) for name in names if name]
    speaks = re.compile(rf"{_OURS.pattern}|{'|'.join(own)}" if own else _OURS.pattern, _I)
    first_own = next((i for i, s in enumerate(sentences) if speaks.search(s)), len(sentences))
    drafts: dict[str, Draft] = {}
    taken: dict[int, str] = {}
    for name in ("purpose", "method", "result"):
        scored = []
        for index, sentence in usable:
            strength, clause = _READERS[name](sentence)
            if strength <= 0 or len(clause) < MIN_CHARS:
                continue
            if name != "purpose" and index < first_own and strength < 3:
                continue  # background: what others did before "we"
            if index in taken and _overlaps(taken[index], clause):
                continue
            order = index if name == "result" else -index
            scored.append(((strength, order), index, clause))
        if not scored:
            continue
        cuts: list[str] = []
        first = -1
        for (strength, _), index, clause in sorted(scored, reverse=True)[:CANDIDATES]:
            found = _cuts_saying(name, strength, clause, sentences[index])
            if found and first < 0:
                first = index
                taken[index] = clause
            cuts.extend(cut for cut in found if cut not in cuts)
        if cuts:
            drafts[name] = Draft(tuple(cuts), first)
    return drafts


def _cuts_saying(name: str, strength: int, clause: str, sentence: str) -> list[str]:
    """The cuts of *clause* that still say what made it the *name* line: the problem, or the
    result (an aim, a method or a finding says it whole)."""
    needed: re.Pattern[str] | None = None
    if name == "purpose" and strength == 1:
        needed = _PROBLEM
    elif name == "result" and not _FINDING.search(sentence):
        needed = _CLAIMED if _CLAIMED.search(clause) else _QUANTITY
    cuts = shorter_cuts(clause, loose=needed is not None)
    if name == "method":  # "an algorithm that greatly outperforms …" is the result's to say
        cuts = tuple(
            sorted(
                (cut for cut in cuts if not _BARE_MEANS.match(cut)),
                key=lambda cut: bool(_RESULT.search(cut)),
            )
        )
    return [cut for cut in cuts if needed is None or needed.search(cut)]


def _overlaps(first: str, second: str) -> bool:
    """Whether two clauses say the same thing (one holds most of the other's words)."""
    a, b = set(first.casefold().split()), set(second.casefold().split())
    return len(a & b) >= 0.6 * min(len(a), len(b))


def choose_sentences(
    sentences: Sequence[str], *, names: Sequence[str] = (), limit: float = LINE_EM
) -> dict[str, str]:
    """目的/成果/方法 in English: for each line the longest cut that fits *limit* em ("" when
    no sentence says it or no cut fits); *names* as for :func:`draft_lines`."""
    drafts = draft_lines(sentences, names)
    chosen: dict[str, str] = {}
    for name in SENTENCE_LINES:
        draft = drafts.get(name)
        cuts = [cut for cut in (draft.cuts if draft else ()) if fits_line(cut, limit=limit)]
        chosen[name] = cuts[0] if cuts else ""
    return chosen
