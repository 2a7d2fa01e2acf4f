"""The chain's order and fall-through: per author, the first source that answers wins."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pytest

from readinggroup.adapters.affiliations.base import PAPER_WIDE, Answer
from readinggroup.adapters.affiliations.chain import AffiliationChain, match_author
from readinggroup.errors import SourceError
from readinggroup.models import Paper
from readinggroup.paper_records import AffiliationSource, AuthorAffiliations

RELATING = Paper(
    id="2109.04173",
    title="Relating Graph Neural Networks to Structural Causal Models",
    authors=("Matej Zečević", "Devendra Singh Dhami", "Petar Veličković", "Kristian Kersting"),
)
PRIMER = Paper(id="2109.08668", title="Primer", authors=("David R. So", "Quoc V. Le"))


@dataclass
class Source:
    name: AffiliationSource
    answers: Mapping[str, Sequence[Answer]] = field(default_factory=dict)
    fails: bool = False
    per_paper: bool = False
    asked: list[list[str]] = field(default_factory=list)
    fails_on: str = ""  # the id of the one paper it fails on

    def lookup(self, papers: Sequence[Paper]) -> Mapping[str, Sequence[Answer]]:
        self.asked.append([paper.id for paper in papers])
        if self.fails or any(paper.id == self.fails_on for paper in papers):
            raise SourceError("OpenAlex", "had a server error (HTTP 503)", "try again later")
        return {paper.id: self.answers[paper.id] for paper in papers if paper.id in self.answers}


def test_each_author_keeps_the_first_source_that_answered_and_the_rest_fall_through() -> None:
    openalex = Source(
        "openalex",
        {
            RELATING.id: [
                Answer("Matej Zecevic", ("Technical University of Darmstadt",)),
                Answer("Devendra Singh Dhami", ("Technical University of Darmstadt",)),
                Answer("Petar Velickovic", ()),  # OpenAlex matched no institution
                Answer("Kristian Kersting", ("Technical University of Darmstadt",)),
            ]
        },
    )
    s2 = Source(
        "s2",
        {
            RELATING.id: [
                Answer("M. Zecevic", ("TU Darmstadt",)),
                Answer("Petar Velickovic", ("DeepMind",)),
            ]
        },
    )
    pdf = Source("pdf", {RELATING.id: [Answer(PAPER_WIDE, ("Somewhere else",))]})
    found = AffiliationChain([openalex, s2, pdf]).find([RELATING])
    assert found[RELATING.id] == (
        AuthorAffiliations("Matej Zečević", ("Technical University of Darmstadt",), "openalex"),
        AuthorAffiliations(
            "Devendra Singh Dhami", ("Technical University of Darmstadt",), "openalex"
        ),
        AuthorAffiliations("Petar Veličković", ("DeepMind",), "s2"),
        AuthorAffiliations("Kristian Kersting", ("Technical University of Darmstadt",), "openalex"),
    )
    assert pdf.asked == []  # an earlier source answered: no PDF is fetched


def test_a_source_is_not_asked_about_papers_already_complete() -> None:
    html = Source("arxiv_html", {PRIMER.id: [Answer("David R. So", ("Google Research",))]})
    openalex = Source("openalex", {PRIMER.id: [Answer("Quoc V. Le", ("Google (United States)",))]})
    s2 = Source("s2")
    found = AffiliationChain([html, openalex, s2]).find([PRIMER, RELATING])
    assert html.asked == [[PRIMER.id, RELATING.id]]
    assert openalex.asked == [[PRIMER.id, RELATING.id]]  # Quoc V. Le was still unknown
    assert s2.asked == [[RELATING.id]]
    assert [entry.source for entry in found[PRIMER.id]] == ["arxiv_html", "openalex"]
    assert found[RELATING.id] == ()


def test_the_pdf_is_the_last_resort_for_papers_nothing_was_found_for() -> None:
    pdf = Source("pdf", {RELATING.id: [Answer(PAPER_WIDE, ("TU Darmstadt",))]})
    found = AffiliationChain([Source("openalex"), Source("s2"), pdf]).find([RELATING])
    assert pdf.asked == [[RELATING.id]]
    assert found[RELATING.id] == (AuthorAffiliations(PAPER_WIDE, ("TU Darmstadt",), "pdf"),)


def test_arxivs_own_field_comes_first_and_is_the_whole_papers() -> None:
    paper = Paper(id="2109.00001", authors=("A B", "C D"), affiliations=("Kyoto University",))
    html = Source("arxiv_html")
    found = AffiliationChain([html]).find([paper])
    assert found[paper.id] == (AuthorAffiliations(PAPER_WIDE, ("Kyoto University",), "arxiv"),)
    assert html.asked == []


def test_a_failing_service_is_skipped_and_the_next_one_asked(
    caplog: pytest.LogCaptureFixture,
) -> None:
    s2 = Source("s2", {PRIMER.id: [Answer("David R. So", ("Google Research",))]})
    found = AffiliationChain([Source("openalex", fails=True), s2]).find([PRIMER])
    assert [entry.source for entry in found[PRIMER.id]] == ["s2"]
    assert (
        "OpenAlex: had a server error (HTTP 503); try again later; 著者所属 goes on with the "
        "next source" in caplog.messages
    )


def test_authors_are_matched_by_surname_and_initial_whatever_the_spelling() -> None:
    authors = ("Quoc V. Le", "Hanxiao Liu", "Zihang Dai", "Teven Le Scao", "Esther Le")
    assert match_author("Q. Le", authors) == 0
    assert match_author("E. Le", authors) == 4
    assert match_author("Hanxiao LIU", authors) == 1
    assert match_author("Someone Else", authors) is None


def test_unmatched_names_fall_back_to_the_services_author_order() -> None:
    paper = Paper(id="2109.00002", authors=("Wojciech Mańke", "Noam Shazeer"))
    openalex = Source(
        "openalex",
        {paper.id: [Answer("W. Manke (Google)", ("Google",)), Answer("N. S.", ("Google",))]},
    )
    found = AffiliationChain([openalex]).find([paper])
    assert [entry.author for entry in found[paper.id]] == ["Wojciech Mańke", "Noam Shazeer"]


def test_a_paper_left_unknown_because_a_service_failed_is_not_called_unknown() -> None:
    s2 = Source("s2", {PRIMER.id: [Answer("David R. So", ("Google Research",))]})
    found = AffiliationChain([Source("openalex", fails=True), s2]).find([PRIMER, RELATING])
    assert RELATING.id not in found  # only the failed service might have known: ask again
    assert [entry.source for entry in found[PRIMER.id]] == ["s2"]
    assert AffiliationChain([Source("openalex"), s2]).find([RELATING]) == {RELATING.id: ()}


THIRD = Paper(id="2110.00001", title="Third", authors=("Ada Lovelace",))


def test_each_paper_is_handed_on_as_soon_as_it_is_settled() -> None:
    """A page per paper: asked one at a time, each answer told at once (a killed run keeps
    it); after a failure the rest go to the next source."""
    pages = Source(
        "arxiv_html",
        {PRIMER.id: [Answer("David R. So", ("Google",)), Answer("Quoc V. Le", ("Google",))]},
        per_paper=True,
        fails_on=RELATING.id,
    )
    openalex = Source("openalex", {THIRD.id: [Answer("Ada Lovelace", ("Analytical Engine",))]})
    told: list[tuple[str, str]] = []
    found = AffiliationChain([pages, openalex]).find(
        [PRIMER, RELATING, THIRD],
        settled=lambda paper_id, entries: told.append(
            (paper_id, "、".join(a for entry in entries for a in entry.affiliations))
        ),
    )
    assert pages.asked == [[PRIMER.id], [RELATING.id]]
    assert openalex.asked == [[RELATING.id, THIRD.id]]
    assert told == [(PRIMER.id, "Google、Google"), (THIRD.id, "Analytical Engine")]
    assert set(found) == {PRIMER.id, THIRD.id}  # RELATING: a service failed, asked next run
