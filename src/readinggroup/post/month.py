"""The month as a post (``output/YYYY-MM.md``), written from the deck's own slide plan.

The title slide gives the heading, group, date and event page; the lists are tables with the
deck's 重複 pointers and ★ on the pickup; then each paper once, in deck order (the pickup first,
as its slide comes first): title, arXiv link, summary lines, figure, code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from readinggroup.ids import ArxivRef
from readinggroup.models import Paper, Session
from readinggroup.plan import (
    ALREADY_READ,
    DUPLICATE,
    PICKUP_BADGE,
    Appearance,
    PaperSlide,
    Slide,
    TitleSlide,
    appearances,
    english_title,
)
from readinggroup.post import markdown as md
from readinggroup.post.code_links import code_urls

STAR = "★"
PICKUP_NOTE = f"{STAR} ピックアップ"


@dataclass(frozen=True, slots=True)
class Figure:
    """A paper's figure as the post shows it: *path* relative to the post, *credit* its caption."""

    path: str
    credit: str


def month_post(
    session: Session,
    slides: Sequence[Slide],
    *,
    arxiv_pages: str,
    figures: Mapping[str, Figure] | None = None,
) -> str:
    """The Markdown post of *session*, from the deck's *slides* (its lists linking under
    *arxiv_pages*, as the slides do); *figures* by paper id."""
    title = next((slide for slide in slides if isinstance(slide, TitleSlide)), None)
    blocks = list(_front(title or TitleSlide(session.title, session.group, "", "")))
    lines = appearances(session)
    for ranked in session.lists:
        blocks.append(md.heading(2, ranked.label))
        listed = [line for line in lines if line.ranked is ranked]
        blocks.append(_list_table(listed, arxiv_pages))
    blocks.append(md.heading(2, "論文"))
    shown: set[str] = set()
    for slide in slides:
        if isinstance(slide, PaperSlide) and slide.paper_id not in shown:
            shown.add(slide.paper_id)
            figure = (figures or {}).get(slide.paper_id)
            blocks.extend(paper_section(session.paper(slide.paper_id), slide, figure))
    return md.document(blocks)


def _front(title: TitleSlide) -> list[str]:
    facts = [
        f"{label}: {value}"
        for label, value in (
            ("グループ", md.inline(title.group)),
            ("日付", md.inline(title.date_text)),
            ("イベント", md.url_link(title.event_url) if title.event_url else ""),
        )
        if value
    ]
    return [md.heading(1, title.title), md.bullets(facts)]


def _list_table(lines: Sequence[Appearance], arxiv_pages: str) -> str:
    rows = []
    for line in lines:
        paper = line.paper
        name = english_title(paper) if paper is not None else line.entry.id
        ref = paper.ref if paper is not None else ArxivRef(line.entry.id)
        url = ref.page("abs", arxiv_pages)
        notes = []
        if line.is_duplicate:
            notes.append(md.inline(f"{DUPLICATE} → {line.first_label}"))
        if paper is not None and paper.read_in is not None:
            notes.append(f"{ALREADY_READ} {paper.read_in}")
        if line.pickup:
            notes.append(PICKUP_NOTE)
        rows.append([str(line.entry.rank), md.link(name, url), " ".join(notes)])
    return md.table(["順位", "論文", "備考"], rows, right=(0,))


def paper_section(
    paper: Paper | None, slide: PaperSlide, figure: Figure | None, *, badge: bool = True
) -> list[str]:
    """One paper's blocks from its *slide*: heading (★ for a pickup), rank label (the Pickup
    *badge* after it), link, summary, figure, and the code *paper*'s notes or abstract name."""
    star = f"{STAR} " if slide.pickup else ""
    where = md.inline(slide.rank_label) + (f" · {PICKUP_BADGE}" if slide.pickup and badge else "")
    filled = [line for line in slide.summary_lines if line.partition("：")[2].strip()]
    code = code_urls([paper.notes, paper.abstract]) if paper is not None else ()
    return [
        f"### {star}{md.inline(slide.title_line)}",
        where,
        md.url_link(slide.url),
        md.bullets([md.inline(line) for line in filled]),
        f"{md.image(figure.credit, figure.path)}\n{md.inline(figure.credit)}" if figure else "",
        "コード: " + " ".join(md.url_link(url) for url in code) if code else "",
    ]
