"""arXiv's HTML page of a paper (LaTeXML, papers from December 2023 on): the author block's markup.

LaTeXML writes each ``\\author`` as ``span.ltx_creator.ltx_role_author`` holding the names
(``.ltx_personname``) and, when the paper says so, ``.ltx_contact.ltx_role_affiliation``. Papers
that number their affiliations instead (``A$^1$ … \\\\ $^1$Univ``) put everything in the person
name, superscripts as ``<sup>`` and lines as ``<br>``: that is read like a PDF's first page.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

import requests
from selectolax.lexbor import LexborHTMLParser, LexborNode

from readinggroup.adapters.affiliations.arxiv_pages import PageSource, may_have_html_page
from readinggroup.adapters.affiliations.author_block import marked_affiliations, split_names
from readinggroup.adapters.affiliations.base import PAPER_WIDE, Answer
from readinggroup.models import Paper
from readinggroup.paper_records import AffiliationSource

log = logging.getLogger(__name__)
_EMAIL = re.compile(r"\S*@\S+")


class ArxivHtmlSource(PageSource):
    """Affiliations from ``<base_url>/html/<id>v<n>``; a paper without a page is skipped."""

    name: AffiliationSource = "arxiv_html"
    kind = "html"
    shared = True  # the figure finder reads the same page

    def has_page(self, paper: Paper) -> bool:
        return may_have_html_page(paper)

    def read(self, response: requests.Response, paper: Paper) -> list[Answer]:
        return parse_author_block(response.text, paper.authors)


def parse_author_block(page: str, authors: Sequence[str] = ()) -> list[Answer]:
    """The authors and affiliations of a LaTeXML page's ``div.ltx_authors``.

    *authors* (the paper's, from arXiv) locate the names when affiliations are numbered.
    """
    block = LexborHTMLParser(page).css_first("div.ltx_authors")
    if block is None:
        return []
    for note in block.css(".ltx_note, .ltx_role_email, .ltx_contact_name, .ltx_role_address"):
        note.decompose()
    answers: list[Answer] = []
    numbered: list[str] = []
    for creator in block.css(".ltx_creator.ltx_role_author"):
        affiliations = tuple(
            text
            for node in creator.css(".ltx_role_affiliation")
            if (text := ", ".join(line for line in _lines(node) if not _EMAIL.fullmatch(line)))
        )
        for notes in creator.css(".ltx_author_notes"):  # read above; not part of the names
            notes.decompose()
        person = creator.css_first(".ltx_personname")
        lines = _lines(person) if person is not None else []
        if affiliations and lines:
            answers.extend(Answer(name, affiliations) for name in split_names(lines[0]))
        else:
            numbered.extend(lines)
    if numbered:
        answers.extend(marked_affiliations([*numbered, "Abstract"], authors))
    # some classes put the affiliations beside the authors, not inside them
    loose = tuple(
        text
        for node in block.css(".ltx_creator.ltx_role_affiliation")
        if (text := ", ".join(_lines(node)))
    )
    if loose and not answers:
        answers.append(Answer(PAPER_WIDE, loose))
    return answers


def _lines(node: LexborNode) -> list[str]:
    """The text lines of *node*: ``<br>`` ends a line, ``<sup>x</sup>`` becomes ``^{x}``."""
    markup = node.html or ""
    markup = re.sub(r"<sup\b[^>]*>(.*?)</sup>", r"^{\1}", markup, flags=re.DOTALL)
    markup = re.sub(r"<br\b[^>]*>", "\n", markup)
    text = LexborHTMLParser(markup).text(deep=True, separator="")
    return [line for line in (re.sub(r"\s+", " ", raw).strip() for raw in text.split("\n")) if line]
