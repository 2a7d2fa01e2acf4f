"""Done-when of the 著者所属 issue: the shipped 2021-10 papers, their lines blanked, filled again.

The finder is the real one ``services`` builds (OpenAlex → Semantic Scholar → arXiv's HTML
page → the PDF), its services faked in their real formats (tests/fixtures/affiliations). arXiv
has no HTML page of a 2021 paper, so none is asked for.
The expected lines are the organiser's where the October 2021 deck had them (quoted in the
issue: "オレゴン大学、イリノイ大学", "Google Research", "南京大学、香港大学、NVIDIA、
カリフォルニア工科大学", "ワイツマン科学研究所").
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import responses

from readinggroup.adapters.affiliations import arxiv_pages
from readinggroup.config import Config
from readinggroup.models import Paper
from readinggroup.services import real_services
from readinggroup.session import load_session, save_session
from readinggroup.text.organisations import UNKNOWN_LINE, affiliations_line
from tests.fixtures.affiliations.fake_services import FakeClock, FakeServices

REPO = Path(__file__).parent.parent

EXPECTED = {
    "2106.10860": ("マサチューセッツ工科大学", {"pdf"}),
    "2106.15590": (
        "ユニバーシティ・カレッジ・ダブリン、スタンフォード大学、ワシントン大学、"
        "カリフォルニア大学バークレー校",
        {"openalex"},
    ),
    "2108.10470": ("NVIDIA", {"s2"}),
    "2109.00162": (
        "ニューヨーク州立大学アルバニー校、ニューヨーク州立大学バッファロー校、Keya Medical",
        {"openalex"},
    ),
    "2109.00301": (
        "Instituto de Telecomunicações、DeepMind、Institute of Systems and Robotics、"
        "Instituto Superior Técnico等",
        {"pdf"},
    ),
    "2109.01116": (
        "中国科学院自動化研究所、中国科学院大学、北京郵電大学、中国科学院",
        {"openalex"},
    ),
    "2109.01652": ("Google Research", {"s2"}),  # the organiser's line
    "2109.02846": ("Hugging Face", {"s2"}),
    "2109.03810": ("Alibaba Group", {"openalex"}),
    "2109.03814": (
        "南京大学、香港大学、NVIDIA、カリフォルニア工科大学",
        {"openalex"},
    ),  # organiser's
    "2109.04173": ("ダルムシュタット工科大学、DeepMind", {"openalex", "s2"}),
    "2109.04454": ("オレゴン大学、イリノイ大学", {"pdf"}),  # the organiser's line
    "2109.05237": (UNKNOWN_LINE, set()),  # no source has it
    "2109.08141": ("Facebook AI Research", {"pdf"}),
    "2109.08591": ("ワイツマン科学研究所", {"pdf"}),  # the organiser's line
    "2109.08668": ("Google Research", {"s2"}),
}


def blanked_papers() -> list[Paper]:
    session = load_session(REPO / "sessions" / "2021-10.yaml")
    papers = []
    for paper in session.papers:
        provenance = {k: v for k, v in paper.provenance.items() if k != "summary.affiliations"}
        blank = replace(paper.summary, affiliations="")
        papers.append(replace(paper, summary=blank, provenance=provenance))
    return papers


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()  # the module's ``time``: monotonic and sleep
    monkeypatch.setattr(arxiv_pages, "time", fake)
    return fake


def test_the_shipped_papers_get_their_lines_from_the_chain(
    http: responses.RequestsMock, clock: FakeClock
) -> None:
    fakes = FakeServices()
    fakes.register(http)
    papers = blanked_papers()
    assert all(not paper.summary.affiliations and paper.affiliations is None for paper in papers)

    found = real_services().affiliations(Config()).find(papers)

    lines = {paper.id: affiliations_line(found[paper.id]) for paper in papers}
    sources = {paper.id: {entry.source for entry in found[paper.id]} for paper in papers}
    assert lines == {paper_id: line for paper_id, (line, _) in EXPECTED.items()}
    assert sources == {paper_id: used for paper_id, (_, used) in EXPECTED.items()}
    filled = [paper_id for paper_id, line in lines.items() if line != UNKNOWN_LINE]
    assert len(filled) == 15  # as many as the organiser filled by hand
    # every source that can know a 2021 paper answered for at least one (arXiv's own field is
    # empty for all 16; arXiv's HTML pages start with December 2023)
    assert set().union(*sources.values()) == {"openalex", "s2", "pdf"}


def test_each_source_is_asked_only_about_what_is_still_missing(
    http: responses.RequestsMock, clock: FakeClock
) -> None:
    fakes = FakeServices()
    fakes.register(http)
    papers = blanked_papers()
    real_services().affiliations(Config()).find(papers)

    # no HTML page: every paper was submitted before December 2023
    assert fakes.counts == {"openalex": 1, "s2": 1, "pdf": 6}
    # OpenAlex first: one batch for all 16 papers
    assert len(fakes.openalex_batches[0]) == 16
    # Semantic Scholar: the papers with an author still unknown (2109.04173: one author)
    assert sorted(fakes.s2_batches[0]) == [
        f"ARXIV:{paper_id}"
        for paper_id in sorted(
            [
                "2106.10860",
                "2108.10470",
                "2109.00301",
                "2109.01652",
                "2109.02846",
                "2109.04173",
                "2109.04454",
                "2109.05237",
                "2109.08141",
                "2109.08591",
                "2109.08668",
            ]
        )
    ]
    # the PDF only where no source said anything, never for 2109.02846 (30 of its 32 authors
    # unknown, but Semantic Scholar answered)
    assert [path for path in fakes.pages if path.startswith("/pdf/")] == [
        "/pdf/2106.10860v1",
        "/pdf/2109.00301v2",
        "/pdf/2109.04454v2",
        "/pdf/2109.05237v1",
        "/pdf/2109.08141v1",
        "/pdf/2109.08591v1",
    ]
    # arXiv's politeness: 3 s between any two of its 6 pages
    assert clock.sleeps == [3.0] * 5

    # a second run reuses every answer, "no such page" too: nothing is asked, nothing waited
    fakes.counts.clear()
    clock.sleeps.clear()
    real_services().affiliations(Config()).find(papers)
    assert fakes.counts == {}
    assert clock.sleeps == []


def test_what_was_found_is_recorded_in_the_session_with_its_source(
    http: responses.RequestsMock, clock: FakeClock, tmp_path: Path
) -> None:
    FakeServices().register(http)
    session = load_session(REPO / "sessions" / "2021-10.yaml")
    papers = blanked_papers()
    found = real_services().affiliations(Config()).find(papers)
    written = tuple(
        replace(paper, found_affiliations=found[paper.id]).with_text(
            "summary.affiliations", affiliations_line(found[paper.id]), writer="affiliations"
        )
        for paper in papers
    )
    path = tmp_path / "2021-10.yaml"
    save_session(session.with_papers(written), path)
    text = path.read_text("utf-8")
    assert (
        "  - {author: Enze Xie, affiliations: [University of Hong Kong], source: openalex}\n"
        in text
    )
    assert "  - {author: Ishan Misra, affiliations: [Facebook AI Research], source: pdf}\n" in text
    again = load_session(path)
    assert again.papers == written
    segformer = again.paper("2109.03814")
    assert segformer is not None
    assert segformer.summary.affiliations == "南京大学、香港大学、NVIDIA、カリフォルニア工科大学"
    assert not segformer.is_human_text("summary.affiliations")


@pytest.mark.live
def test_live_chain_finds_the_affiliations_of_a_2021_paper() -> None:
    """The real services: Panoptic SegFormer's authors are known somewhere in the chain."""
    paper = next(paper for paper in blanked_papers() if paper.id == "2109.03814")
    found = real_services().affiliations(Config()).find([paper])
    assert affiliations_line(found[paper.id]) != UNKNOWN_LINE
