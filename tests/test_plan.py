"""The slide plan as data: links under the configured arXiv pages, marks handed over as spans."""

from __future__ import annotations

from pathlib import Path

from readinggroup.plan import (
    DUPLICATE,
    PICKUP_MARK,
    DuplicateSlide,
    ListSlide,
    PaperSlide,
    plan_deck,
)
from readinggroup.session import load_session

EXAMPLE = Path(__file__).parent.parent / "sessions" / "2021-10.yaml"


def test_papers_link_to_their_pages_under_the_configured_base() -> None:
    session = load_session(EXAMPLE)
    slides = plan_deck(session, arxiv_pages="http://127.0.0.1:8000/")
    papers = [s for s in slides if isinstance(s, PaperSlide | DuplicateSlide)]
    assert papers
    for slide in papers:
        paper = session.paper(slide.paper_id)
        assert paper is not None
        versioned = paper.versioned_id
        assert slide.url == f"http://127.0.0.1:8000/abs/{versioned}"
        assert f"http://127.0.0.1:8000/pdf/{versioned}" in slide.notes
        assert "arxiv.org" not in slide.url


def test_the_default_base_is_arxiv_itself() -> None:
    slide = next(s for s in plan_deck(load_session(EXAMPLE)) if isinstance(s, PaperSlide))
    assert slide.url.startswith("https://arxiv.org/abs/")


def test_each_list_line_hands_over_the_marks_a_break_must_not_cut() -> None:
    lists = [s for s in plan_deck(load_session(EXAMPLE)) if isinstance(s, ListSlide)]
    marked = 0
    for slide in lists:
        assert len(slide.kept) == len(slide.lines)
        for line, spans in zip(slide.lines, slide.kept, strict=True):
            assert all(span in line for span in spans)
            assert (f"（{DUPLICATE} → " in line) == any(DUPLICATE in span for span in spans)
            assert line.endswith(PICKUP_MARK) == (PICKUP_MARK in spans)
            marked += bool(spans)
    assert marked >= 2  # the example has duplicates and a pickup
