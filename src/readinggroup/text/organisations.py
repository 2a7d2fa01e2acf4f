"""The 著者所属 line: affiliations reduced to organisations, named as the organiser names them.

"SHI Lab @ University of Oregon" → オレゴン大学; "School of AI, University of Chinese Academy of
Sciences" → 中国科学院大学; "Nvidia (United States)" → NVIDIA. Universities and institutes go by
their Japanese names (``organisations.yaml`` beside this module), companies and labs by their usual
name; an organisation the table does not know keeps the name the source wrote, never a guessed
translation. The organiser's glossary fixes any name.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

from readinggroup.paper_records import AuthorAffiliations
from readinggroup.text.glossary import Glossary

MAX_ORGANISATIONS = 4
MORE = "等"
SEPARATOR = "、"
# The line when no source had an affiliation: says so, never guesses.
UNKNOWN_LINE = "不明（どの情報源にも所属の記載なし）"

# Words that start a part of an organisation (its school, lab, department), not the organisation.
_UNIT = re.compile(
    r"^(?:the\s+)?(?:department|dept\.?|departamento|d[ée]partement|facultad|escuela|school|"
    r"faculty|graduate school|lab|laboratory|"
    r"laboratories|center|centre|division|group|chair|program|programme|unit|section|"
    r"college of|key lab|state key|institute for \w+ (?:science|engineering)\b)",
    re.IGNORECASE,
)
_ORGANISATION = re.compile(
    r"universi|college|institute of technology|polytechnic|politecnico|école|ecole|"
    r"hochschule|academy|institut|\bETH\b|\bTU\b",
    re.IGNORECASE,
)
_COMPANY = re.compile(
    r"\b(?:inc|ltd|llc|corp|corporation|gmbh|co|company|labs?|research|ai|technologies|group|"
    r"foundation|institute)\b\.?",
    re.IGNORECASE,
)
_EMAIL_OR_URL = re.compile(r"\S+@\S+\.\S+|https?://\S+|www\.\S+|\{[^}]*\}@\S+")
_LEADING_MARKS = re.compile(r"^(?:[\d\s,*†‡§¶♯♭♮⋆∗★☆#&]|\^)+")
_TRAILING_PARENTHESIS = re.compile(r"\s*\([^()]*\)\s*$")
_POSTCODE = re.compile(r"^(?=.*\d)(?:[A-Z]{2}\s*)?[\dA-Z\- ]{3,10}$")  # 97403, CA 94305, EH8 9AB


@dataclass(frozen=True, slots=True)
class _Known:
    name: str  # the English name the organiser uses
    japanese: str | None


@dataclass(frozen=True, slots=True)
class _Table:
    patterns: tuple[tuple[re.Pattern[str], _Known], ...]  # longest alias first
    whole: Mapping[str, _Known]  # aliases that must be the whole affiliation


def _fold(text: str) -> str:
    """*text* without accents (Zürich → Zurich), for matching only."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@functools.cache
def _table() -> _Table:
    import yaml

    raw = yaml.safe_load(
        resources.files("readinggroup.text").joinpath("organisations.yaml").read_text("utf-8")
    )
    aliases: list[tuple[str, _Known]] = []
    whole: dict[str, _Known] = {}
    for name, entry in raw.items():
        known = _Known(name, (entry or {}).get("ja"))
        for alias in [name, *(entry or {}).get("aliases", [])]:
            if alias.startswith("="):
                whole[_fold(alias[1:]).casefold()] = known
            else:
                aliases.append((alias, known))
    aliases.sort(key=lambda item: -len(item[0]))
    patterns = []
    for alias, known in aliases:
        acronym = alias.isupper() and len(alias) <= 5  # MIT, UCL; not NVIDIA
        body = r"(?<![\w-])" + re.escape(_fold(alias)) + r"(?![\w-])"
        patterns.append((re.compile(body, 0 if acronym else re.IGNORECASE), known))
    return _Table(tuple(patterns), whole)


def _clean(affiliation: str) -> str:
    text = unicodedata.normalize("NFC", html.unescape(affiliation))
    text = _EMAIL_OR_URL.sub(" ", text)
    text = re.sub(r"^\s*affiliations?\s*:\s*", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\s+", " ", text).strip()
    return _LEADING_MARKS.sub("", text).strip(" ,;.")


@functools.cache
def _places() -> frozenset[str]:
    text = resources.files("readinggroup.text").joinpath("places.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def _is_place(segment: str) -> bool:
    """Whether *segment* is only an address part: a city, state, country or postcode."""
    if _POSTCODE.fullmatch(segment.strip()):
        return True
    words = re.sub(r"[\s-]*\b[A-Z]?\d[\dA-Z -]*$", "", segment).casefold().strip(" .")
    return words in _places() or not words


def _known_in(text: str) -> list[_Known]:
    """Known organisations named in *text*, left to right, the longest spelling winning."""
    table = _table()
    bare = _TRAILING_PARENTHESIS.sub("", text)
    exact = table.whole.get(_fold(bare).casefold())
    if exact is not None:
        return [exact]
    # "(FAIR)", "(United States)": acronyms and countries of the name before them
    folded = re.sub(r"\([^()]*\)", " ", _fold(text))
    found: list[tuple[int, int, _Known]] = []
    for pattern, known in table.patterns:
        for match in pattern.finditer(folded):
            start, end = match.span()
            overlaps = any(start < o_end and o_start < end for o_start, o_end, _ in found)
            if not overlaps:
                found.append((start, end, known))
    return [known for _, _, known in sorted(found, key=lambda item: item[0])]


def _main_segment(text: str) -> str | None:
    """The part of an unknown affiliation that names the organisation, or None."""
    segments = [s.strip(" .") for s in re.split(r"[,@;]|\s[-–—]\s", text)]
    segments = [_TRAILING_PARENTHESIS.sub("", s).strip() for s in segments]
    candidates = [s for s in segments if s and not _is_place(s)]
    if not candidates:
        return None
    whole = [s for s in candidates if not _UNIT.match(s)]
    for test in (_ORGANISATION, _COMPANY):
        for segment in whole:
            if test.search(segment):
                return re.sub(r"^the\s+", "", segment, flags=re.IGNORECASE)
    return whole[0] if whole else candidates[-1]


def organisations_of(affiliation: str) -> list[str]:
    """The organisations one affiliation string names, in English, left to right.

    *affiliation* is one string as a source wrote it ("Mozilla Foundation &amp; University
    College Dublin, Ireland" → Mozilla Foundation, University College Dublin).
    """
    names: list[str] = []
    for part in re.split(r";|\n|\s&\s", html.unescape(affiliation)):
        text = _clean(part)
        if not text:
            continue
        known = _known_in(text)
        if known:
            names.extend(item.name for item in known)
            continue
        main = _main_segment(text)
        if main:  # "University of Illinois, Urbana, IL": a known name once the address is gone
            whole = _known_in(main)
            names.append(whole[0].name if len(whole) == 1 else main)
    return list(dict.fromkeys(names))


def japanese_name(organisation: str, glossary: Glossary | None = None) -> str:
    """How the line names *organisation* (an English name from :func:`organisations_of`).

    The *glossary* wins (``keep`` = as written); then the table's Japanese name; companies, labs
    and organisations the table does not know keep their English name.
    """
    entries = glossary.entries if glossary is not None else {}
    if organisation in entries:
        return entries[organisation] or organisation
    known = _known_in(organisation)
    if len(known) == 1 and known[0].name == organisation:
        return known[0].japanese or organisation
    return organisation


def affiliations_line(
    found_per_author: Sequence[AuthorAffiliations], glossary: Glossary | None = None
) -> str:
    """The 著者所属 line from what the sources found, authors in paper order.

    Organisations appear once, in author order, at most four and then 等, joined with "、";
    nothing found gives :data:`UNKNOWN_LINE`. *glossary* can rename any organisation, by the
    English name or by the affiliation string as the source wrote it.
    """
    entries = glossary.entries if glossary is not None else {}
    names: list[str] = []
    for found in found_per_author:
        for affiliation in found.affiliations:
            if affiliation in entries:  # a whole source string the organiser named
                names.append(entries[affiliation] or affiliation)
                continue
            names.extend(japanese_name(name, glossary) for name in organisations_of(affiliation))
    unique = list(dict.fromkeys(name for name in names if name))
    if not unique:
        return UNKNOWN_LINE
    line = SEPARATOR.join(unique[:MAX_ORGANISATIONS])
    return line + MORE if len(unique) > MAX_ORGANISATIONS else line
