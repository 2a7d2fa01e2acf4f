"""What the deck shows, slide by slide, decided without python-pptx (SPEC §5).

Order: title; one slide per list; the list holding the pickup again with "← ピックアップ"; the
pickup's slide; then every paper in list order — a full slide at its first appearance and a
short 重複 slide pointing back at later ones.
"""

from __future__ import annotations

from dataclasses import dataclass

from readinggroup.models import SUMMARY_LABELS, Paper, RankedList, Session
from readinggroup.text.latex import latex_to_unicode

PICKUP_MARK = "← ピックアップ"
PICKUP_BADGE = "Pickup"
DUPLICATE = "重複"
UNTRANSLATED = "（未翻訳）"


@dataclass(frozen=True, slots=True)
class TitleSlide:
    title: str
    group: str
    date_text: str
    event_url: str


@dataclass(frozen=True, slots=True)
class ListSlide:
    heading: str
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PaperSlide:
    title_line: str  # "<title_ja> (原文: <title>)"
    url: str
    abstract: str
    rank_label: str  # "Top recent #3"
    pickup: bool
    summary_lines: tuple[str, ...]  # "目的：…"
    notes: str


@dataclass(frozen=True, slots=True)
class DuplicateSlide:
    title_line: str
    url: str
    rank_label: str  # "Top hype #2 — 重複 → Top recent #6"
    pickup: bool
    notes: str


Slide = TitleSlide | ListSlide | PaperSlide | DuplicateSlide


def rank_label(ranked: RankedList, rank: int) -> str:
    return f"{ranked.label} #{rank}"


def first_appearances(session: Session) -> dict[str, str]:
    """Each listed paper's first rank label, in list order (the key of duplicates)."""
    first: dict[str, str] = {}
    for ranked in session.lists:
        for entry in ranked.entries:
            first.setdefault(entry.id, rank_label(ranked, entry.rank))
    return first


def plan_deck(session: Session, *, duplicates: str = "stub") -> tuple[Slide, ...]:
    """The slides of *session*'s deck; *duplicates* is stub, skip or full (see the config)."""
    first = first_appearances(session)
    pickup = session.pickup
    slides: list[Slide] = [_title_slide(session)]
    slides.extend(
        _list_slide(session, ranked, first, mark_pickup=False) for ranked in session.lists
    )
    if pickup is not None and pickup.id in first:
        holder = next(r for r in session.lists if any(e.id == pickup.id for e in r.entries))
        slides.append(_list_slide(session, holder, first, mark_pickup=True))
        slides.append(_paper_slide(pickup, first[pickup.id], pickup=True))
    for ranked in session.lists:
        for entry in ranked.entries:
            paper = _paper(session, entry.id)
            label = rank_label(ranked, entry.rank)
            is_pickup = pickup is not None and paper.id == pickup.id
            if first[entry.id] == label:
                slides.append(_paper_slide(paper, label, pickup=is_pickup))
            elif duplicates == "full":
                slides.append(_paper_slide(paper, f"{label} — {DUPLICATE}", pickup=is_pickup))
            elif duplicates == "stub":
                slides.append(
                    DuplicateSlide(
                        title_line=title_line(paper),
                        url=paper.url,
                        rank_label=f"{label} — {DUPLICATE} → {first[entry.id]}",
                        pickup=is_pickup,
                        notes=_notes(paper),
                    )
                )
    return tuple(slides)


def _paper(session: Session, paper_id: str) -> Paper:
    paper = session.paper(paper_id)
    if paper is None:  # the session loader guarantees every listed id has a paper
        raise KeyError(paper_id)
    return paper


def _title_slide(session: Session) -> TitleSlide:
    when = session.date
    date_text = f"{when.year}年{when.month}月{when.day}日" if when else ""
    return TitleSlide(session.title, session.group, date_text, session.event_url)


def _list_slide(
    session: Session, ranked: RankedList, first: dict[str, str], *, mark_pickup: bool
) -> ListSlide:
    pickup = session.pickup
    lines = []
    for entry in ranked.entries:
        paper = _paper(session, entry.id)
        line = f"{entry.rank}. {english_title(paper)}"
        label = rank_label(ranked, entry.rank)
        if first[entry.id] != label:
            line += f"（{DUPLICATE} → {first[entry.id]}）"
        if mark_pickup and pickup is not None and paper.id == pickup.id:
            line += f" {PICKUP_MARK}"
        lines.append(line)
    return ListSlide(ranked.label, tuple(lines))


def english_title(paper: Paper) -> str:
    return latex_to_unicode(paper.title) if paper.title else paper.id


def title_line(paper: Paper) -> str:
    """``<title_ja> (原文: <title>)``; a missing translation shows as （未翻訳）."""
    japanese = latex_to_unicode(paper.title_ja) if paper.title_ja else UNTRANSLATED
    return f"{japanese} (原文: {english_title(paper)})"


def _paper_slide(paper: Paper, label: str, *, pickup: bool) -> PaperSlide:
    abstract = paper.abstract_ja or paper.abstract
    return PaperSlide(
        title_line=title_line(paper),
        url=paper.url,
        abstract=latex_to_unicode(abstract),
        rank_label=label,
        pickup=pickup,
        summary_lines=tuple(
            f"{label}：{paper.summary.get(name)}" for name, label in SUMMARY_LABELS.items()
        ),
        notes=_notes(paper),
    )


def _notes(paper: Paper) -> str:
    parts = [english_title(paper), paper.url, f"https://arxiv.org/pdf/{paper.versioned_id}"]
    if paper.abstract:
        parts.append(latex_to_unicode(paper.abstract))
    if paper.notes:
        parts.append(paper.notes)
    return "\n\n".join(parts)
