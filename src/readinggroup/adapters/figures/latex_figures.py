"""The figures of a paper's LaTeX source: each ``\\includegraphics`` inside ``figure``/``figure*``.

The main file is the one with ``\\documentclass`` and ``\\begin{document}``; ``\\input`` and
``\\include`` are read in place, comments (``%``, ``\\iffalse … \\fi``, ``comment``
environments) dropped, so the figures come in the order the PDF shows them. A graphic's file
is found as pdflatex finds it: beside the main file or in a ``\\graphicspath`` folder, the name
as written, else with each extension pdflatex tries.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass

from readinggroup.adapters.figures.eprint import normalise_path

# pdflatex's order for a name without an extension (EPS last: only latex reads it)
EXTENSIONS = ("png", "pdf", "jpg", "jpeg", "PNG", "PDF", "JPG", "JPEG", "eps", "EPS")
MAX_DEPTH = 10  # \input inside \input …
_PREFERRED_MAIN = ("main.tex", "ms.tex", "paper.tex")

_COMMENT = re.compile(r"(?<!\\)%.*")
_IFFALSE = re.compile(r"\\iffalse\b.*?\\fi\b", re.DOTALL)
_COMMENT_ENV = re.compile(r"\\begin\{comment\}.*?\\end\{comment\}", re.DOTALL)
_INPUT = re.compile(r"\\(?:input|include|subfile)(?![A-Za-z@])\s*(?:\{([^{}]+)\}|([^\s{}\\]+))")
_GRAPHICSPATH = re.compile(r"\\graphicspath\s*\{((?:\s*\{[^{}]*\})+)\s*\}")
_FIGURE = re.compile(r"\\begin\{(figure\*?)\}(.*?)\\end\{\1\}", re.DOTALL)
_INCLUDEGRAPHICS = re.compile(r"\\includegraphics\*?\s*(?:\[[^\]]*\]\s*)*\{([^{}]+)\}")
_CAPTION = re.compile(r"\\caption\*?\s*(?:\[[^\]]*\]\s*)?\{")
_LABEL = re.compile(r"\\label\s*\{[^{}]*\}")


@dataclass(frozen=True, slots=True)
class TexGraphic:
    """One ``\\includegraphics`` of a figure environment."""

    figure: int  # the figure environment's number, from 1, in the document's order
    name: str  # as the source wrote it
    caption: str  # the figure's caption as plain text


def main_tex(files: Mapping[str, bytes]) -> str | None:
    """The path of the main file among *files*: ``\\documentclass`` and ``\\begin{document}``.

    When several have both (a paper and its supplement), the one nearest the top folder wins,
    then a usual name (main.tex, ms.tex, paper.tex), then the longest.
    """
    mains = []
    for path, data in files.items():
        if not path.lower().endswith(".tex"):
            continue
        text = without_comments(decode(data))
        if "\\documentclass" in text and "\\begin{document}" in text:
            mains.append(path)
    if not mains:
        return None
    return min(
        mains,
        key=lambda path: (
            path.count("/"),
            posixpath.basename(path) not in _PREFERRED_MAIN,
            -len(files[path]),
        ),
    )


def decode(data: bytes) -> str:
    """A source file's text (UTF-8, else Latin-1, which reads any byte)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def without_comments(text: str) -> str:
    text = _COMMENT.sub("", text)
    return _COMMENT_ENV.sub("", _IFFALSE.sub("", text))


def document_text(files: Mapping[str, bytes], main: str) -> str:
    """The text of *main* with every ``\\input``/``\\include`` read in place, comments dropped."""
    folder = posixpath.dirname(main)

    def expand(path: str, depth: int, seen: frozenset[str]) -> str:
        text = without_comments(decode(files[path]))
        if depth >= MAX_DEPTH:
            return text

        def included(match: re.Match[str]) -> str:
            name = (match[1] or match[2]).strip()
            for candidate in (name, f"{name}.tex"):
                resolved = normalise_path(posixpath.join(folder, candidate))
                if resolved in files and resolved not in seen:
                    return expand(resolved, depth + 1, seen | {resolved})
            return ""

        return _INPUT.sub(included, text)

    return expand(main, 0, frozenset({main}))


def graphics_paths(text: str) -> list[str]:
    """The folders of ``\\graphicspath{{figs/}{img/}}``, as written."""
    return [
        folder.strip().strip('"')
        for match in _GRAPHICSPATH.finditer(text)
        for folder in re.findall(r"\{([^{}]*)\}", match[1])
    ]


def figure_graphics(text: str) -> list[TexGraphic]:
    """Every ``\\includegraphics`` inside a figure environment of *text*, in order."""
    from readinggroup.text.readable import readable_line

    graphics: list[TexGraphic] = []
    for number, figure in enumerate(_FIGURE.finditer(text), start=1):
        body = figure[2]
        caption = readable_line(_LABEL.sub("", _caption_of(body))).strip()
        graphics.extend(
            TexGraphic(number, match[1].strip().strip('"'), caption)
            for match in _INCLUDEGRAPHICS.finditer(body)
        )
    return graphics


def _caption_of(body: str) -> str:
    """The braced argument of the last ``\\caption`` in *body* (sub-captions come first)."""
    starts = list(_CAPTION.finditer(body))
    if not starts:
        return ""
    depth, begin = 1, starts[-1].end()
    for index in range(begin, len(body)):
        char = body[index]
        if char == "{" and body[index - 1] != "\\":
            depth += 1
        elif char == "}" and body[index - 1] != "\\":
            depth -= 1
            if depth == 0:
                return body[begin:index]
    return body[begin:]


def graphic_files(
    name: str, files: Mapping[str, bytes], *, main: str, folders: list[str]
) -> list[str]:
    """The paths among *files* pdflatex would take for ``\\includegraphics{name}``, in the
    order it tries them (the name as written first, then with each extension)."""
    base = posixpath.dirname(main)
    found: list[str] = []
    for folder in ["", *folders]:
        stem = normalise_path(posixpath.join(base, folder, name))
        for candidate in (stem, *(f"{stem}.{extension}" for extension in EXTENSIONS)):
            if candidate in files and candidate not in found:
                found.append(candidate)
    return found
