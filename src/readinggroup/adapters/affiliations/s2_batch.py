"""Semantic Scholar's paper batch: ``POST /graph/v1/paper/batch?fields=authors.affiliations``.

Up to 500 ids a request (``ARXIV:<id>``); the answer is a list in the order asked, ``null`` for a
paper the service does not know. An API key (``S2_API_KEY``) goes in the ``x-api-key`` header.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from readinggroup.adapters.affiliations.base import Answer
from readinggroup.adapters.sources.s2 import SERVICE, GraphApi
from readinggroup.adapters.transport.json_answers import request_json, unexpected_shape
from readinggroup.models import Paper
from readinggroup.paper_records import AffiliationSource

BATCH = 500  # the most ids one batch request takes
FIELDS = "authors.name,authors.affiliations"


class SemanticScholarAffiliations(GraphApi):
    """Affiliations of arXiv papers from Semantic Scholar's author records."""

    name: AffiliationSource = "s2"
    per_paper = False  # one batch request for many papers
    path = "/graph/v1/paper/batch"

    def lookup(self, papers: Sequence[Paper]) -> Mapping[str, Sequence[Answer]]:
        """One request per 500 papers; papers without any author affiliation are absent."""
        found: dict[str, Sequence[Answer]] = {}
        for start in range(0, len(papers), BATCH):
            batch = papers[start : start + BATCH]
            answers = request_json(
                self._session,
                self._url,
                service=SERVICE,
                method="POST",
                params={"fields": FIELDS},
                headers=self._headers,
                body={"ids": [f"ARXIV:{paper.id}" for paper in batch]},
                parse=parse_batch,
                status_hints=self._status_hints(),
                refusal_hint="check [sources.s2] base_url in readinggroup.toml",
            )
            if len(answers) != len(batch):
                raise unexpected_shape(SERVICE, "the batch answer does not list every id asked")
            for paper, paper_answers in zip(batch, answers, strict=True):
                if any(answer.affiliations for answer in paper_answers):
                    found[paper.id] = paper_answers
        return found


def parse_batch(data: Any) -> list[list[Answer]]:
    """Per paper asked, its authors' affiliations (``[]`` for ``null``, an unknown paper)."""
    if not isinstance(data, list):
        raise unexpected_shape(SERVICE, "expected a list of papers")
    papers: list[list[Answer]] = []
    for paper in data:
        if paper is None:
            papers.append([])
            continue
        if not isinstance(paper, dict) or not isinstance(paper.get("authors", []), list):
            raise unexpected_shape(SERVICE, "a paper without a list of authors")
        answers = []
        for author in paper.get("authors", []):
            if not isinstance(author, dict) or not isinstance(author.get("name"), str):
                continue
            affiliations = author.get("affiliations")
            texts = [a for a in (affiliations or []) if isinstance(a, str) and a.strip()]
            answers.append(Answer(author["name"], tuple(texts)))
        papers.append(answers)
    return papers
