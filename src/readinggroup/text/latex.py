"""LaTeX in arXiv titles and abstracts (``$\\infty$-former``, ``$100\\times$``) as Unicode.

pylatexenc does the conversion; this module decides what is LaTeX first. Abstracts mix LaTeX
with plain text, so a ``$`` pair counts as math only when its content reads as math (prices
such as "$5 and $10" stay as written), a bare ``%`` is a percent sign rather than a comment,
and URLs pass through verbatim (their ``~``, ``%`` and ``_`` mean nothing to LaTeX).
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any

log = logging.getLogger(__name__)

_MARKUP = re.compile(r"\$|\\[A-Za-z]+|\\[^A-Za-z\s]|[{}]")

# Private-use characters never occur in arXiv text and pylatexenc copies them unchanged, so
# they carry finished pieces (URLs, super/subscripts) through the conversion.
_OPEN, _CLOSE = "\ue000", "\ue001"
_HOLE = re.compile(f"{_OPEN}(\\d+){_CLOSE}")

_URL = re.compile(r"https?://[^\s{}\\]*[^\s{}\\.,;:)\]'\"]")
_URL_MACRO = re.compile(r"\\url\{([^{}]*)\}")
_HREF_TARGET = re.compile(r"(\\href)\{([^{}]*)\}")
_DOLLAR = re.compile(r"(?<!\\)\$")
_DISPLAY_MATH = re.compile(r"(?<!\\)\$\$(.+?)(?<!\\)\$\$", re.DOTALL)
_BARE_SPECIAL = re.compile(r"(?<!\\)([%&#])")
_MACRO = re.compile(r"\\[A-Za-z]+")
# What pylatexenc reads as more than a character: macros, groups, math, its specials
_LATEX_WORD = re.compile(r"[\\{}$%&#~^_]|--|``|''|[!?]`")
_WHOLE_ONLY = re.compile(r"\\(?:begin|end|[()[\]])")
_SPACES = re.compile(r"(\s+)")
_BRACE = re.compile(r"[{}]")
_ESCAPED = re.compile(r"\\[^A-Za-z]")
_TRAILING_MACRO = re.compile(r"\\(?:[A-Za-z]+|[^A-Za-z\s])?$")  # \emph, \', a control space
_WORD = re.compile(r"[A-Za-z]{2,}")
# LaTeX sets "L\log L" apart with thin spaces; pylatexenc would print "Llog L"
_OPERATOR = re.compile(r"(?<=[\w)])\\(log|ln|exp|max|min|sup|inf|lim|det|sin|cos|tan)\b")
_SCRIPT = re.compile(
    r"(?<!\\)([\^_])(?:\{(?P<group>(?:[^{}]|\{[^{}]*\})*)\}|(?P<macro>\\[A-Za-z]+)|(?P<char>[^\s\\{}]))"
)

_SUPERSCRIPTS = dict(
    zip(
        "0123456789+-−=()abcdefghijklmnoprstuvwxyzT*′",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᵀ*′",
        strict=True,
    )
)
_SUBSCRIPTS = dict(
    zip("0123456789+-−=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True)
)


@lru_cache(maxsize=4096)
def latex_to_unicode(text: str) -> str:
    """*text* with LaTeX math and macros rendered as Unicode (pylatexenc); plain text unchanged.

    ``$\\infty$-former`` → ``∞-former``, ``$100\\times$`` → ``100×``, ``\\emph{x}`` → ``x``,
    ``\\url{x}`` → ``x``, ``$10^{-3}$`` → ``10⁻³``; "costs $5 and $10" keeps its dollars.
    """
    if not _MARKUP.search(text):
        return text
    pieces: list[str] = []
    try:
        converted = _words_to_text(_prepare(text, pieces))
    except Exception as err:  # pylatexenc is tolerant, but a slide must never fail on a title
        log.debug("pylatexenc could not read %r (%s); stripping the markup instead", text, err)
        converted = _strip_markup(_prepare(text, pieces))
    restored = _HOLE.sub(lambda match: pieces[int(match[1])], converted)
    return _tidy(restored.replace(_OPEN, "").replace(_CLOSE, ""))


def has_latex_markup(text: str) -> bool:
    """Whether *text* still shows LaTeX to a reader: a macro, a math pair, or braces."""
    return bool(_MACRO.search(text) or re.search(r"[{}]", text) or _math_spans(text))


def _hold(pieces: list[str], finished: str) -> str:
    pieces.append(finished)
    return f"{_OPEN}{len(pieces) - 1}{_CLOSE}"


def _prepare(text: str, pieces: list[str]) -> str:
    """*text* made safe for pylatexenc: URLs held aside, literal ``$ % & #`` escaped."""
    text = _URL_MACRO.sub(lambda match: _hold(pieces, match[1]), text)
    text = _HREF_TARGET.sub(lambda match: f"{match[1]}{{{_hold(pieces, match[2])}}}", text)
    text = _URL.sub(lambda match: _hold(pieces, match[0]), text)
    text = _DISPLAY_MATH.sub(lambda match: f"${match[1]}$", text)
    out: list[str] = []
    position = 0
    for start, end in _math_spans(text):
        out.append(_escape_text(text[position:start]))
        math = _OPERATOR.sub(r" \\\1", text[start + 1 : end - 1])
        out.append("$" + _scripts(math, pieces) + "$")
        position = end
    out.append(_escape_text(text[position:]))
    return "".join(out)


def _escape_text(text: str) -> str:
    text = _DOLLAR.sub(r"\\$", text)
    return _BARE_SPECIAL.sub(r"\\\1", text)


def _math_spans(text: str) -> list[tuple[int, int]]:
    """The ``$…$`` spans of *text* that hold math, as (start, end) with both dollars."""
    dollars = [match.start() for match in _DOLLAR.finditer(text)]
    spans: list[tuple[int, int]] = []
    index = 0
    while index + 1 < len(dollars):
        start, end = dollars[index], dollars[index + 1]
        if _reads_as_math(text[start + 1 : end], text[end + 1 : end + 2]):
            spans.append((start, end + 1))
            index += 2
        else:
            index += 1  # a literal dollar; the next one may still open math
    return spans


def _reads_as_math(content: str, after: str) -> bool:
    if not content.strip():
        return False
    if _MACRO.search(content):
        return True
    if after.isdigit() and content.lstrip()[:1].isdigit():  # "$5-$10" is two prices
        return False
    if re.search(r"[\^_{}=<>|]", content):
        return True
    # "$5 and $10" holds words; "$a + b$" holds only one-letter symbols
    return not (re.search(r"\s", content) and _WORD.search(content))


def _scripts(math: str, pieces: list[str]) -> str:
    """*math* with ``^``/``_`` groups as Unicode super/subscripts where every character has one."""

    def replace(match: re.Match[str]) -> str:
        inner = match["group"] if match["group"] is not None else match["macro"] or match["char"]
        rendered = _tidy(_to_text(f"${_scripts(inner, pieces)}$"))
        rendered = _HOLE.sub(lambda hole: pieces[int(hole[1])], rendered)
        table = _SUPERSCRIPTS if match[1] == "^" else _SUBSCRIPTS
        if rendered and all(char in table for char in rendered):
            return _hold(pieces, "".join(table[char] for char in rendered))
        shown = rendered if len(rendered) <= 1 else f"({rendered})"
        return _hold(pieces, match[1] + shown)

    return _SCRIPT.sub(replace, math)


def _strip_markup(text: str) -> str:
    text = _MACRO.sub("", text)
    return re.sub(r"(?<!\\)[{}$]", "", text).replace("\\", "")


def _tidy(text: str) -> str:
    """One space between words, one newline between paragraphs, no non-breaking spaces."""
    paragraphs = re.split(r"\n\s*\n", text.replace("\xa0", " "))
    return "\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


def _cite(node: Any) -> str:
    keys = node.nodeargd.argnlist[-1] if node.nodeargd and node.nodeargd.argnlist else None
    return f"[{keys.latex_verbatim().strip('{}')}]" if keys is not None else ""


def _words_to_text(latex: str) -> str:
    """*latex* converted like :func:`_to_text`, but only its LaTeX words go through pylatexenc.

    pylatexenc reads character by character (milliseconds an abstract), yet most words of an
    abstract are plain. Words without a LaTeX character pass as they are; a LaTeX word is
    converted together with the words up to where its braces, brackets and ``$`` close, and
    with the next word when it ends in a macro (that may take the word as its argument or eat
    the space). Environments and ``\\(…\\)``/``\\[…\\]`` math span words: such text is
    converted whole, and so is text with a comment or a ``}`` that closes nothing.
    """
    if _WHOLE_ONLY.search(latex) or not _well_nested(_ESCAPED.sub("", latex)):
        return _to_text(latex)
    parts = _SPACES.split(latex)  # words at even indexes, the whitespace between at odd ones
    out: list[str] = []
    index = 0
    while index < len(parts):
        end = index
        if _LATEX_WORD.search(parts[index]):
            while end + 2 < len(parts) and _continues("".join(parts[index : end + 1])):
                end += 2
            out.append(_to_text("".join(parts[index : end + 1])))
        else:
            out.append(parts[index])
        out.append(parts[end + 1] if end + 1 < len(parts) else "")
        index = end + 2
    return "".join(out)


def _well_nested(bare: str) -> bool:
    """Whether *bare* (escapes removed) has no comment and closes only the braces it opened."""
    if "%" in bare:
        return False
    depth = 0
    for brace in _BRACE.findall(bare):
        depth += 1 if brace == "{" else -1
        if depth < 0:
            return False
    return True


def _continues(latex: str) -> bool:
    """Whether *latex* reads on into the next word (an open group or math, a last macro)."""
    bare = _ESCAPED.sub("", latex)
    if bare.count("{") > bare.count("}") or bare.count("[") > bare.count("]"):
        return True
    return bare.count("$") % 2 == 1 or bool(_TRAILING_MACRO.search(latex))


@lru_cache(maxsize=4096)  # a deck repeats its LaTeX words ($\infty$-former) in titles and notes
def _to_text(latex: str) -> str:
    converter, walker_db = _converter()
    text: str = converter.latex_to_text(latex, latex_context=walker_db)
    return text


@lru_cache(maxsize=1)
def _converter() -> tuple[Any, Any]:
    from pylatexenc import latexwalker, macrospec
    from pylatexenc.latex2text import (
        LatexNodes2Text,
        MacroTextSpec,
        get_default_latex_context_db,
    )

    # Macros arXiv abstracts use that pylatexenc drops or renders in its own way ("<cit.>").
    walker_db = latexwalker.get_default_latex_context_db()
    walker_db.add_context_category(
        "readinggroup",
        prepend=True,
        macros=[
            macrospec.std_macro("href", False, 2),
            macrospec.std_macro("texttt", False, 1),
        ],
    )
    text_db = get_default_latex_context_db()
    text_db.add_context_category(
        "readinggroup",
        prepend=True,
        macros=[
            MacroTextSpec("href", "%(2)s (%(1)s)"),
            MacroTextSpec("texttt", "%(1)s"),
            MacroTextSpec("LaTeX", "LaTeX"),
            MacroTextSpec("TeX", "TeX"),
            MacroTextSpec("|", "‖"),
            *(MacroTextSpec(name, _cite) for name in ("cite", "citep", "citet", "citealp")),
        ],
    )
    # non-strict spaces keep "$a$ $b$" apart, as LaTeX prints it
    converter = LatexNodes2Text(latex_context=text_db, math_mode="text", strict_latex_spaces=False)
    return converter, walker_db


def plain(text: str) -> str:
    """*text* as one line of Unicode, as slides and translators get it (arXiv wraps lines)."""
    return " ".join(latex_to_unicode(text).split())
