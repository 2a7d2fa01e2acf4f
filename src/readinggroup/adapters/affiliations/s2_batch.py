"""Semantic Scholar's paper batch: ``POST /graph/v1/paper/batch?fields=authors.affiliations``.

Up to 500 ids a request (``ARXIV:<id>``); the answer is a list in the order asked, ``null`` for a
paper the service does not know. An API key (``S2_API_KEY``) goes in the ``x-api-key`` header.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import requests

from readinggroup.adapters.affiliations.base import Answer
from readinggroup.adapters.http import PoliteSession, request_json, unexpected_shape
from readinggroup.models import AffiliationSource, Paper

SERVICE = "Semantic Scholar"
BATCH = 500  # the most ids one batch request takes
FIELDS = "authors.name,authors.affiliations"


class SemanticScholarAffiliations:
    """Affiliations of arXiv papers from Semantic Scholar's author records."""

    name: AffiliationSource = "s2"

    def __init__(
        self,
        base_url: str = "https://api.semanticscholar.org",
        *,
        api_key: str | None = None,
        session: requests.Session | None = None,
    ) -> None:
        self._url = base_url.rstrip("/") + "/graph/v1/paper/batch"
        self._session = session or PoliteSession()
        self._headers = {"x-api-key": api_key} if api_key else {}

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
                status_hints=(
                    {403: "check the key in S2_API_KEY"}
                    if self._headers
                    else {429: "wait a few minutes and run again, or set S2_API_KEY"}
                ),
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
