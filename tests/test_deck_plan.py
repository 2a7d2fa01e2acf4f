"""The slide plan of the example session, decided without python-pptx or LibreOffice (SPEC §5):
list lines, 重複 marks, the pickup, which abstract a slide shows, and the three duplicate modes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from readinggroup.models import Paper, Session
from readinggroup.plan import DuplicateSlide, ListSlide, PaperSlide, TitleSlide, plan_deck
from readinggroup.session import load_session

EXAMPLE = Path(__file__).parent.parent / "sessions" / "2021-10.yaml"
DATASETS = "2109.02846"  # Top recent #6 and Top hype #2
CONVMLP = "2109.04454"  # the pickup: Top recent #3 and Top hype #10
DATASETS_TITLE = "Datasets: A Community Library for Natural Language Processing"


@pytest.fixture(scope="module")
def example() -> Session:
    return load_session(EXAMPLE)


def _edit(session: Session, paper_id: str, **changes: object) -> Session:
    return session.with_papers(
        tuple(replace(p, **changes) if p.id == paper_id else p for p in session.papers)  # type: ignore[arg-type]
    )


def _paper(session: Session, paper_id: str) -> Paper:
    paper = session.paper(paper_id)
    assert paper is not None
    return paper


def _paper_slides(slides: tuple[object, ...], paper: Paper) -> list[PaperSlide]:
    return [s for s in slides if isinstance(s, PaperSlide) and s.url == paper.url]


def test_the_order_title_lists_pickup_list_pickup_then_papers(example: Session) -> None:
    slides = plan_deck(example)
    kinds = [type(slide).__name__ for slide in slides[:5]]
    assert kinds == ["TitleSlide", "ListSlide", "ListSlide", "ListSlide", "PaperSlide"]
    title = slides[0]
    assert isinstance(title, TitleSlide)
    assert (title.title, title.group, title.date_text) == (
        "AI最新論文読み会2021年10月",
        "医療AI勉強会",
        "2021年10月6日",
    )
    # 20 list lines of 16 papers: 16 full slides and 4 重複 stubs, after the pickup's own
    assert len(slides) == 1 + 2 + 1 + 1 + 16 + 4
    assert sum(isinstance(slide, DuplicateSlide) for slide in slides) == 4


def test_a_list_line_is_rank_and_english_title_and_a_repeat_points_back(example: Session) -> None:
    slides = plan_deck(example)
    recent, hype = slides[1], slides[2]
    assert isinstance(recent, ListSlide)
    assert isinstance(hype, ListSlide)
    assert (recent.heading, hype.heading) == ("Top recent", "Top hype")
    assert recent.lines[0] == "1. ∞-former: Infinite Memory Transformer"  # LaTeX as Unicode
    assert recent.lines[5] == f"6. {DATASETS_TITLE}"
    assert hype.lines[1] == f"2. {DATASETS_TITLE}（重複 → Top recent #6）"
    assert (
        hype.lines[9]
        == "10. ConvMLP: Hierarchical Convolutional MLPs for Vision（重複 → Top recent #3）"
    )
    assert not any("ピックアップ" in line for line in (*recent.lines, *hype.lines))


def test_an_untitled_paper_is_listed_by_its_id(example: Session) -> None:
    slides = plan_deck(_edit(example, DATASETS, title=""))
    recent = slides[1]
    assert isinstance(recent, ListSlide)
    assert recent.lines[5] == f"6. {DATASETS}"


def test_the_pickup_s_list_again_with_the_mark_then_its_slide(example: Session) -> None:
    slides = plan_deck(example)
    again, pickup = slides[3], slides[4]
    assert isinstance(again, ListSlide)
    assert again.heading == "Top recent"
    assert again.lines[2] == "3. ConvMLP: Hierarchical Convolutional MLPs for Vision ← ピックアップ"
    assert [line for line in again.lines if "ピックアップ" in line] == [again.lines[2]]
    assert isinstance(pickup, PaperSlide)
    assert (pickup.rank_label, pickup.pickup) == ("Top recent #3", True)
    assert pickup.url == _paper(example, CONVMLP).url


def test_a_pickup_on_no_list_shows_no_pickup(example: Session) -> None:
    session = example
    for ranked in session.lists:
        entries = tuple(e for e in ranked.entries if e.id != CONVMLP)
        session = replace(
            session,
            lists=tuple(replace(r, entries=entries) if r is ranked else r for r in session.lists),
        )
    slides = plan_deck(session)
    assert [type(slide).__name__ for slide in slides[:4]] == [
        "TitleSlide",
        "ListSlide",
        "ListSlide",
        "PaperSlide",
    ]
    assert not any(getattr(slide, "pickup", False) for slide in slides)
    assert not any("ピックアップ" in line for s in slides for line in getattr(s, "lines", ()))


def test_no_pickup_chosen_shows_none(example: Session) -> None:
    slides = plan_deck(_edit(example, CONVMLP, pickup=False))
    assert sum(isinstance(slide, ListSlide) for slide in slides) == 2
    assert not any(getattr(slide, "pickup", False) for slide in slides)


def test_a_paper_slide_shows_the_japanese_title_and_abstract(example: Session) -> None:
    paper = _paper(example, DATASETS)
    [slide] = _paper_slides(plan_deck(example), paper)
    assert slide.title_line == f"{paper.title_ja} (原文: {DATASETS_TITLE})"
    assert slide.abstract == paper.abstract_ja
    assert slide.abstract != paper.abstract
    assert slide.rank_label == "Top recent #6"
    assert slide.summary_lines[0] == f"目的：{paper.summary.purpose}"
    assert slide.notes.split("\n\n")[:3] == [
        DATASETS_TITLE,
        paper.url,
        f"https://arxiv.org/pdf/{paper.versioned_id}",
    ]
    assert paper.abstract in slide.notes


def test_an_untranslated_paper_shows_the_english_abstract_and_a_marked_title(
    example: Session,
) -> None:
    session = _edit(example, DATASETS, title_ja="", abstract_ja="")
    paper = _paper(session, DATASETS)
    [slide] = _paper_slides(plan_deck(session), paper)
    assert slide.title_line == f"（未翻訳） (原文: {DATASETS_TITLE})"
    assert slide.abstract == paper.abstract


def test_duplicates_stub_points_back_at_the_first_appearance(example: Session) -> None:
    paper = _paper(example, DATASETS)
    stubs = [s for s in plan_deck(example, duplicates="stub") if isinstance(s, DuplicateSlide)]
    stub = next(s for s in stubs if s.url == paper.url)
    assert stub.rank_label == "Top hype #2 — 重複 → Top recent #6"
    assert stub.title_line == f"{paper.title_ja} (原文: {DATASETS_TITLE})"
    assert not stub.pickup
    assert paper.url in stub.notes


def test_duplicates_full_repeats_the_whole_slide(example: Session) -> None:
    paper = _paper(example, DATASETS)
    slides = plan_deck(example, duplicates="full")
    assert not any(isinstance(slide, DuplicateSlide) for slide in slides)
    first, again = _paper_slides(slides, paper)
    assert (first.rank_label, again.rank_label) == ("Top recent #6", "Top hype #2 — 重複")
    assert replace(again, rank_label=first.rank_label) == first
    assert len(slides) == len(plan_deck(example))


def test_duplicates_skip_leaves_them_out(example: Session) -> None:
    paper = _paper(example, DATASETS)
    slides = plan_deck(example, duplicates="skip")
    assert not any(isinstance(slide, DuplicateSlide) for slide in slides)
    assert len(_paper_slides(slides, paper)) == 1
    assert len(slides) == len(plan_deck(example)) - 4


def test_the_title_slide_without_a_date_and_with_the_event_page(example: Session) -> None:
    title = plan_deck(example)[0]
    assert isinstance(title, TitleSlide)
    assert title.event_url == "https://deeplearning-b.connpass.com/event/221384/"
    undated = plan_deck(replace(example, date=None))[0]
    assert isinstance(undated, TitleSlide)
    assert undated.date_text == ""


def test_the_pickup_s_repeat_is_a_stub_marked_as_the_pickup(example: Session) -> None:
    paper = _paper(example, CONVMLP)
    stubs = [s for s in plan_deck(example) if isinstance(s, DuplicateSlide)]
    [stub] = [s for s in stubs if s.url == paper.url]
    assert stub.rank_label == "Top hype #10 — 重複 → Top recent #3"
    assert stub.pickup


def test_every_slide_links_under_the_configured_pages(example: Session) -> None:
    pages = "http://127.0.0.1:8000/"
    paper = _paper(example, DATASETS)
    slides = plan_deck(example, duplicates="full", arxiv_pages=pages)
    repeats = [s for s in slides if isinstance(s, PaperSlide) and s.paper_id == DATASETS]
    assert len(repeats) == 2
    for slide in repeats:
        assert slide.url == f"{pages}abs/{paper.versioned_id}"
        assert slide.notes.split("\n\n")[1:3] == [
            f"{pages}abs/{paper.versioned_id}",
            f"{pages}pdf/{paper.versioned_id}",
        ]


def test_the_speaker_notes_end_with_the_organiser_s_notes(example: Session) -> None:
    session = _edit(example, DATASETS, notes="発表者へ: 図2を見せる")
    [slide] = _paper_slides(plan_deck(session), _paper(session, DATASETS))
    assert slide.notes.endswith("\n\n発表者へ: 図2を見せる")


def test_a_listed_paper_missing_from_the_session_is_named(example: Session) -> None:
    session = example.with_papers(tuple(p for p in example.papers if p.id != DATASETS))
    with pytest.raises(KeyError, match=DATASETS):
        plan_deck(session)
