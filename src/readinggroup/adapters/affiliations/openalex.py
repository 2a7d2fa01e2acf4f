"""OpenAlex's authorships: each author's institutions, else the affiliation strings as printed.

Works are looked up by their arXiv DOI, many a request (``filter=doi:10.48550/arxiv.A|…``);
``authorships[].institutions[].display_name`` are OpenAlex's matched institutions,
``raw_affiliation_strings`` what the paper printed when nothing was matched.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from readinggroup.adapters.affiliations.base import Answer
from readinggroup.adapters.sources.openalex import OpenAlex
from readinggroup.models import Paper
from readinggroup.paper_records import AffiliationSource

FIELDS = "id,doi,authorships"


class OpenAlexAffiliations:
    """Affiliations of arXiv papers from OpenAlex's works, found by their arXiv DOI."""

    name: AffiliationSource = "openalex"
    per_paper = False  # one batch request for many papers

    def __init__(self, client: OpenAlex) -> None:
        self._client = client

    def lookup(self, papers: Sequence[Paper]) -> Mapping[str, Sequence[Answer]]:
        """One request per 50 papers; papers OpenAlex does not know are absent."""
        works = self._client.works_of([paper.id for paper in papers], select=FIELDS)
        return {paper_id: authorship_answers(work) for paper_id, work in works}


def authorship_answers(work: dict[str, Any]) -> list[Answer]:
    """Per authorship: the institutions' names, else the raw affiliation strings."""
    answers = []
    authorships = work.get("authorships")
    for authorship in authorships if isinstance(authorships, list) else []:
        if not isinstance(authorship, dict):
            continue
        author = authorship.get("author")
        name = authorship.get("raw_author_name") or (
            author.get("display_name") if isinstance(author, dict) else None
        )
        if not isinstance(name, str):
            continue
        institutions = authorship.get("institutions")
        named = [
            institution["display_name"]
            for institution in (institutions if isinstance(institutions, list) else [])
            if isinstance(institution, dict) and isinstance(institution.get("display_name"), str)
        ]
        raw = authorship.get("raw_affiliation_strings")
        printed = [text for text in (raw if isinstance(raw, list) else []) if isinstance(text, str)]
        answers.append(Answer(name, tuple(dict.fromkeys(named or printed))))
    return answers
