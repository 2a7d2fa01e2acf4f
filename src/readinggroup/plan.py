"""The slide plan as data: what the deck shows, slide by slide, decided without python-pptx
(SPEC §5). ``render/`` draws it; ``show`` reads its appearances; nothing here imports either.

Order: title; one slide per list; the list holding the pickup again with "← ピックアップ"; the
pickup's slide; then every paper in list order — a full slide at its first appearance and a
short 重複 slide pointing back at later ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from readinggroup.figure_files import ShownFigure
from readinggroup.ids import ARXIV_PAGES
from readinggroup.models import ListEntry, Paper, RankedList, Session
from readinggroup.paper_records import SUMMARY_LABELS
from readinggroup.text.readable import readable

PICKUP_MARK = "← ピックアップ"
PICKUP_BADGE = "Pickup"
DUPLICATE = "重複"
ALREADY_READ = "既出"  # "（既出 2021-09）": the group read it in an earlier month
UNTRANSLATED = "（未翻訳）"
DUPLICATE_SUMMARY = 2  # a 重複 slide repeats the first summary lines: 目的 and 成果
FIGURE_CREDIT = "図：論文より引用 arXiv:{id}"


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
    # per line, the spans a line break must not cut (its 重複 and pickup marks), in order
    kept: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class PaperSlide:
    paper_id: str  # what the Markdown post looks the figure and code up by
    title_line: str  # "<title_ja> (原文: <title>)"
    url: str
    abstract: str
    rank_label: str  # "Top recent #3"
    pickup: bool
    summary_lines: tuple[str, ...]  # "目的：…"
    notes: str
    figure: ShownFigure | None = None  # the paper's key figure beside the abstract
    figure_credit: str = ""  # "図：論文より引用 arXiv:<id>", under the figure


@dataclass(frozen=True, slots=True)
class DuplicateSlide:
    paper_id: str
    title_line: str
    url: str
    rank_label: str  # "Top hype #2 — 重複 → Top recent #6"
    pickup: bool
    notes: str
    # "目的：…" and "成果：…": what the paper is about without turning back to its full slide
    summary_lines: tuple[str, ...] = ()
    figure: ShownFigure | None = None  # the full slide's figure, drawn small
    figure_credit: str = ""


Slide = TitleSlide | ListSlide | PaperSlide | DuplicateSlide


def rank_label(ranked: RankedList, rank: int) -> str:
    return f"{ranked.label} #{rank}"


@dataclass(frozen=True, slots=True)
class Appearance:
    """One line of one list: the paper, its rank label, and where it first appeared."""

    ranked: RankedList
    entry: ListEntry
    paper: Paper | None  # None: listed but not in the session (the loader refuses that)
    label: str  # "Top hype #2"
    first_label: str  # the label of the paper's first appearance, in list order
    pickup: bool

    @property
    def is_duplicate(self) -> bool:
        """Whether the paper appeared on an earlier line (its slide is a 重複 stub)."""
        return self.first_label != self.label


def appearances(session: Session) -> list[Appearance]:
    """Every line of every list in order, duplicates and the pickup marked: the one place
    that decides what is a 重複."""
    first: dict[str, str] = {}
    pickup = session.pickup
    lines = []
    for ranked in session.lists:
        for entry in ranked.entries:
            label = rank_label(ranked, entry.rank)
            paper = session.paper(entry.id)
            lines.append(
                Appearance(
                    ranked,
                    entry,
                    paper,
                    label,
                    first.setdefault(entry.id, label),
                    pickup is not None and pickup.id == entry.id,
                )
            )
    return lines


def plan_deck(
    session: Session,
    *,
    duplicates: str = "stub",
    arxiv_pages: str = ARXIV_PAGES,
    figures: Mapping[str, ShownFigure] | None = None,
) -> tuple[Slide, ...]:
    """The slides of *session*'s deck; *duplicates* is stub, skip or full (see the config);
    papers link to their pages under *arxiv_pages* (the config's [sources.arxiv_pages]);
    *figures* is the key figure of each paper that shows one, by id (``figure_files``)."""
    shown = figures or {}
    lines = appearances(session)
    pickup = session.pickup
    slides: list[Slide] = [_title_slide(session)]
    slides.extend(_list_slide(ranked, lines, mark_pickup=False) for ranked in session.lists)
    held = next((line for line in lines if line.pickup), None)
    if pickup is not None and held is not None:
        slides.append(_list_slide(held.ranked, lines, mark_pickup=True))
        label = held.first_label + read_mark(pickup)
        figure = shown.get(pickup.id)
        slides.append(
            paper_slide(pickup, label, pickup=True, arxiv_pages=arxiv_pages, figure=figure)
        )
    for line in lines:
        paper = _paper(line)
        if not line.is_duplicate or duplicates == "full":
            label = (
                line.label + read_mark(paper)
                if not line.is_duplicate
                else f"{line.label} — {DUPLICATE}"
            )
            slides.append(
                paper_slide(
                    paper,
                    label,
                    pickup=line.pickup,
                    arxiv_pages=arxiv_pages,
                    figure=shown.get(paper.id),
                )
            )
        elif duplicates == "stub":
            slides.append(
                DuplicateSlide(
                    paper_id=paper.id,
                    title_line=title_line(paper),
                    url=paper.ref.page("abs", arxiv_pages),
                    rank_label=f"{line.label} — {DUPLICATE} → {line.first_label}",
                    pickup=line.pickup,
                    notes=_notes(paper, arxiv_pages),
                    summary_lines=summary_lines(paper)[:DUPLICATE_SUMMARY],
                    figure=shown.get(paper.id),
                    figure_credit=_credit(paper, shown.get(paper.id)),
                )
            )
    return tuple(slides)


def _paper(line: Appearance) -> Paper:
    if line.paper is None:  # the session loader guarantees every listed id has a paper
        raise KeyError(line.entry.id)
    return line.paper


def _title_slide(session: Session) -> TitleSlide:
    when = session.date
    date_text = f"{when.year}年{when.month}月{when.day}日" if when else ""
    return TitleSlide(session.title, session.group, date_text, session.event_url)


def _list_slide(ranked: RankedList, lines: list[Appearance], *, mark_pickup: bool) -> ListSlide:
    texts, kept = [], []
    for line in (line for line in lines if line.ranked is ranked):
        text = f"{line.entry.rank}. {english_title(_paper(line))}"
        marks = []
        if line.is_duplicate:
            marks.append(f"（{DUPLICATE} → {line.first_label}）")
            text += marks[-1]
        if read_mark(_paper(line)):
            marks.append(read_mark(_paper(line)))
            text += marks[-1]
        if mark_pickup and line.pickup:
            marks.append(PICKUP_MARK)
            text += f" {PICKUP_MARK}"
        texts.append(text)
        kept.append(tuple(marks))
    return ListSlide(ranked.label, tuple(texts), tuple(kept))


def read_mark(paper: Paper) -> str:
    """``（既出 2021-09）`` for a paper the group read in an earlier month, else nothing."""
    month = paper.read_in
    return f"（{ALREADY_READ} {month}）" if month else ""


def english_title(paper: Paper) -> str:
    return readable(paper).title if paper.title else paper.id


def title_line(paper: Paper) -> str:
    """``<title_ja> (原文: <title>)``; a missing translation shows as （未翻訳）."""
    japanese = readable(paper).title_ja if paper.title_ja else UNTRANSLATED
    return f"{japanese} (原文: {english_title(paper)})"


def paper_slide(
    paper: Paper,
    label: str,
    *,
    pickup: bool,
    arxiv_pages: str = ARXIV_PAGES,
    figure: ShownFigure | None = None,
) -> PaperSlide:
    """*paper*'s full slide under the rank label *label* (the year in review's slides too),
    linking under *arxiv_pages*, showing *figure* (its credit and caption in the notes)."""
    text = readable(paper)
    credit = _credit(paper, figure)
    notes = _notes(paper, arxiv_pages)
    if figure is not None:  # the caption, for the speaker
        notes = "\n\n".join(part for part in (notes, credit, figure.caption) if part)
    return PaperSlide(
        paper_id=paper.id,
        title_line=title_line(paper),
        url=paper.ref.page("abs", arxiv_pages),
        abstract=text.abstract_ja if paper.abstract_ja else text.abstract,
        rank_label=label,
        pickup=pickup,
        summary_lines=summary_lines(paper),
        notes=notes,
        figure=figure,
        figure_credit=credit,
    )


def summary_lines(paper: Paper) -> tuple[str, ...]:
    """``目的：…``, ``成果：…`` and the rest, in the slide's order."""
    return tuple(f"{label}：{paper.summary.get(name)}" for name, label in SUMMARY_LABELS.items())


def _credit(paper: Paper, figure: ShownFigure | None) -> str:
    return FIGURE_CREDIT.format(id=paper.id) if figure is not None else ""


def _notes(paper: Paper, pages: str) -> str:
    parts = [english_title(paper), paper.ref.page("abs", pages), paper.ref.page("pdf", pages)]
    if paper.abstract:
        parts.append(readable(paper).abstract)
    if paper.notes:
        parts.append(paper.notes)
    return "\n\n".join(parts)
