"""The PDF's first page: the lines between the author names and "Abstract".

The last resort, asked only for papers no earlier source answered (a PDF is large and arXiv asks
for patience). pdfplumber gives every word with its size and place: words much smaller than the
line they sit on are superscript marks (``Li^{1,2}``), which match authors to the numbered
affiliations below them; a wide gap between words separates columns (written as a tab).
"""

from __future__ import annotations

import io
import logging
from typing import Any

import requests

from readinggroup.adapters.affiliations.arxiv_pages import PageSource
from readinggroup.adapters.affiliations.author_block import marked_affiliations
from readinggroup.adapters.affiliations.base import Answer
from readinggroup.errors import SourceError
from readinggroup.models import Paper
from readinggroup.paper_records import AffiliationSource

log = logging.getLogger(__name__)
SERVICE = "arXiv PDF"
SUPERSCRIPT = 0.8  # a word this much smaller than its line's largest is a mark
COLUMN_GAP = 2.0  # a gap this many font sizes wide separates columns (authors side by side)


class PdfFirstPageSource(PageSource):
    """Affiliations from the first page of ``<base_url>/pdf/<id>v<n>``."""

    name: AffiliationSource = "pdf"
    kind = "pdf"

    def read(self, response: requests.Response, paper: Paper) -> list[Answer]:
        try:
            lines = first_page_lines(response.content)
        except SourceError as err:  # one broken file: the other papers' PDFs still count
            log.warning("%s: %s", paper.versioned_id, err)
            return []
        return marked_affiliations(lines, paper.authors)


def first_page_lines(pdf: bytes) -> list[str]:
    """The text lines of the first page, top to bottom, superscripts written ``^{…}``."""
    import pdfplumber
    from pdfminer.psexceptions import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(io.BytesIO(pdf)) as document:
            if not document.pages:
                return []
            words = document.pages[0].extract_words(extra_attrs=["size"], use_text_flow=False)
    except (PdfminerException, PSException, ValueError, KeyError) as err:
        raise SourceError(SERVICE, f"sent a file that is not a readable PDF ({err})") from err
    return [_line_text(line) for line in _group_lines(words)]


def _group_lines(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Words whose boxes overlap vertically share a line (a raised mark overlaps its name)."""
    lines: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (float(w["top"]), float(w["x0"]))):
        for line in lines:
            top = min(float(w["top"]) for w in line)
            bottom = max(float(w["bottom"]) for w in line)
            overlap = min(bottom, float(word["bottom"])) - max(top, float(word["top"]))
            if overlap > 0.3 * min(bottom - top, float(word["bottom"]) - float(word["top"])):
                line.append(word)
                break
        else:
            lines.append([word])
    return sorted(lines, key=lambda line: max(float(w["bottom"]) for w in line))


def _line_text(line: list[dict[str, Any]]) -> str:
    largest = max(float(word["size"]) for word in line)
    text = ""
    marking = False  # the previous word was a mark too: "1," "2" are one mark "^{1,2}"
    right = None  # where the previous word ended
    for word in sorted(line, key=lambda w: float(w["x0"])):
        if float(word["size"]) < SUPERSCRIPT * largest:
            text = text[:-1] + str(word["text"]) + "}" if marking else f"{text}^{{{word['text']}}}"
            marking = True
        else:
            column = right is not None and float(word["x0"]) - right > COLUMN_GAP * largest
            text += ("\t" if column else " " if text else "") + str(word["text"])
            marking = False
        right = float(word["x1"])
    return text
