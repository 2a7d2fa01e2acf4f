"""The year in review as slides (for the deck's renderer) and as a Markdown post.

The slides: a title slide naming the months read, then per theme a list slide of its
highlights followed by their full paper slides (the month deck's own slide kinds). The post
reads those same slides.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from readinggroup.plan import (
    ListSlide,
    PaperSlide,
    Slide,
    TitleSlide,
    english_title,
    paper_slide,
)
from readinggroup.post import markdown as md
from readinggroup.post.month import Figure, paper_section
from readinggroup.post.year import YearReview

if TYPE_CHECKING:
    from readinggroup.figure_files import ShownFigure


def review_slides(
    review: YearReview,
    *,
    arxiv_pages: str,
    figures: Mapping[str, ShownFigure] | None = None,
) -> tuple[Slide, ...]:
    """The review deck's slides: title, then each theme's list and its papers (linking under
    *arxiv_pages*, as the month's deck does; each with its figure from *figures*, by id)."""
    slides: list[Slide] = [TitleSlide(review.title, review.group, _months_read(review), "")]
    for theme, highlights in review.themes:
        lines = [
            f"{rank}. {english_title(item.paper)}（{', '.join(str(m) for m in item.months)}）"
            for rank, item in enumerate(highlights, start=1)
        ]
        slides.append(ListSlide(theme, tuple(lines)))
        slides.extend(
            paper_slide(
                item.paper,
                item.label,
                pickup=bool(item.pickup_months),
                arxiv_pages=arxiv_pages,
                figure=(figures or {}).get(item.paper.id),
            )
            for item in highlights
        )
    return tuple(slides)


def _months_read(review: YearReview) -> str:
    """``2021年9月・10月の読み会から``."""
    numbers = "・".join(f"{month.month}月" for month in review.months)
    return f"{review.year}年{numbers}の読み会から"


def review_post(
    review: YearReview, slides: Sequence[Slide], *, figures: Mapping[str, Figure] | None = None
) -> str:
    """The Markdown post of *review*, from its *slides*; *figures* by paper id."""
    papers = {item.paper.id: item.paper for item in review.highlights}
    missing = ", ".join(str(month) for month in review.missing)
    facts = [
        f"グループ: {md.inline(review.group)}" if review.group else "",
        "読み会: " + ", ".join(str(month) for month in review.months),
        f"セッションのない月: {missing}" if missing else "",
    ]
    blocks = [md.heading(1, review.title), md.bullets([fact for fact in facts if fact])]
    for slide in slides:
        if isinstance(slide, ListSlide):
            blocks.append(md.heading(2, slide.heading))
        elif isinstance(slide, PaperSlide):
            figure = (figures or {}).get(slide.paper_id)
            paper = papers.get(slide.paper_id)
            blocks.extend(paper_section(paper, slide, figure, badge=False))
    return md.document(blocks)
