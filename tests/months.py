"""Generated meetup months for the post, review and repeats tests: complete sessions (Japanese,
summaries, pickup) written with the real session writer into a test's working folder."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from readinggroup.models import ListEntry, Paper, RankedList, Session
from readinggroup.months import Month, Window
from readinggroup.paper_records import Summary
from readinggroup.session import save_session


@dataclass(frozen=True)
class Listed:
    """A paper of a generated month: its id, English title and primary category."""

    id: str
    title: str
    category: str = "cs.LG"
    abstract: str = ""
    notes: str = ""
    names: str = ""
    figure: str = ""  # the session's figure: (a path under the working folder, none, N)


def paper(listed: Listed, month: Month) -> Paper:
    """A complete paper: metadata, Japanese title, five summary lines."""
    return Paper(
        id=listed.id,
        version=1,
        title=listed.title,
        authors=("A. Author", "B. Author"),
        categories=(listed.category, "cs.AI"),
        published=month.previous().first_day,
        abstract=listed.abstract or f"We study {listed.title}.",
        title_ja=f"{listed.title}の研究",
        abstract_ja=f"{listed.title}を調べる。",
        summary=Summary(
            purpose=f"{listed.id}の目的",
            result=f"{listed.id}の成果",
            method=f"{listed.id}の方法",
            names=listed.names,
            affiliations="東京大学",
        ),
        notes=listed.notes,
        figure=listed.figure,
    )


def write_month(
    root: Path,
    month: str,
    lists: Sequence[tuple[str, Sequence[Listed]]],
    *,
    pickup: str | None = None,
) -> Path:
    """Write ``sessions/<month>.yaml`` under *root* with *lists* (label, papers in rank order);
    *pickup* is the id marked as the pickup. Returns the file's path."""
    meeting = Month.parse(month)
    previous = meeting.previous()
    window = Window(previous.first_day, previous.last_day)
    papers: dict[str, Paper] = {}
    ranked = []
    for label, listed in lists:
        entries = tuple(ListEntry(rank, item.id) for rank, item in enumerate(listed, start=1))
        ranked.append(RankedList(label, ("file",), entries, window, len(entries)))
        for item in listed:
            made = paper(item, meeting)
            papers.setdefault(item.id, made if item.id != pickup else _picked(made))
    session = Session(
        month=meeting,
        title=f"AI最新論文読み会{meeting.year}年{meeting.month}月",
        window=window,
        lists=tuple(ranked),
        papers=tuple(papers.values()),
        group="医療AI勉強会",
        event_url=f"https://example.connpass.com/event/{meeting.month}/",
        date=date(meeting.year, meeting.month, 6),
    )
    path = root / "sessions" / f"{month}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    save_session(session, path)
    return path


def _picked(made: Paper) -> Paper:
    from dataclasses import replace

    return replace(made, pickup=True)


def parse(text: str) -> list[Token]:
    """*text*'s tokens as CommonMark with GFM tables and strikethrough read it."""
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(text)


def inline_text(token: Token) -> str:
    """The literal text of an inline token (link texts included, images' alt text too)."""
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts)


def blocks_after(tokens: Sequence[Token], opening: str, tag: str = "") -> list[Token]:
    """The inline tokens directly inside each *opening* token (e.g. ``heading_open``)."""
    found = []
    for index, token in enumerate(tokens):
        if token.type == opening and (not tag or token.tag == tag):
            found.append(tokens[index + 1])
    return found
