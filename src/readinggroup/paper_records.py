"""What a paper carries beside its arXiv metadata: its summary lines, the affiliations found
per author and the key figure found. Small frozen values, no I/O."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Literal

from readinggroup.field_rules import Rule, file_key, stored

SummaryField = Literal["purpose", "result", "method", "names", "affiliations"]


@dataclass(frozen=True, slots=True)
class Summary:
    """The five-line summary, in slide order; an empty string is a line not written yet.

    The one definition of the summary lines: each field's key in the session file is the
    Japanese label its slide line starts with (``目的：…``).
    """

    purpose: str = field(default="", metadata=stored(key="目的", rule=Rule.FILLS_EMPTY))
    result: str = field(default="", metadata=stored(key="成果", rule=Rule.FILLS_EMPTY))
    method: str = field(default="", metadata=stored(key="方法", rule=Rule.FILLS_EMPTY))
    names: str = field(default="", metadata=stored(key="固有名", rule=Rule.FILLS_EMPTY))
    affiliations: str = field(default="", metadata=stored(key="著者所属", rule=Rule.HUMAN_WINS))

    def get(self, name: SummaryField) -> str:
        value: str = getattr(self, name)
        return value


# The summary lines in slide order, with the Japanese label each line starts with.
SUMMARY_LABELS: Mapping[SummaryField, str] = {
    item.name: file_key(item)  # type: ignore[misc]
    for item in fields(Summary)
}


# Where an author's affiliations were found, in the order the sources are asked.
AffiliationSource = Literal["arxiv", "arxiv_html", "openalex", "s2", "pdf"]


@dataclass(frozen=True, slots=True)
class AuthorAffiliations:
    """The affiliations one source gave for one author of a paper, as that source wrote them.

    *author* is the name as the paper lists it; ``""`` stands for every author (arXiv's own
    field lists a paper's affiliations without saying whose).
    """

    author: str
    affiliations: tuple[str, ...]
    source: AffiliationSource


# Where a key figure was found: arXiv's HTML page, the e-print source, the paper's PDF.
FigureOrigin = Literal["html", "e-print", "pdf"]


@dataclass(frozen=True, slots=True)
class FigureRecord:
    """The key figure the figures stage found and wrote for a paper.

    *file* is where it was written (relative to the working directory), *source* and *name*
    where it came from (``e-print``, ``figs/arch.pdf``), *number* the figure asked for (None:
    the first usable one), *caption* the paper's caption, for the speaker notes.
    """

    file: str
    source: FigureOrigin
    name: str
    number: int | None = None
    caption: str = ""
