"""What ``show`` prints: the month's lists and the summary lines still to read (read only)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from readinggroup.models import HUMAN, SUMMARY_FIELDS, Paper
from readinggroup.months import Month
from readinggroup.paper_records import SUMMARY_LABELS
from readinggroup.plan import appearances, english_title, read_mark
from readinggroup.session import load_session
from readinggroup.stages import listed_papers
from readinggroup.workspace import Workspace

BY_HAND = "by hand"  # the writer of text a person typed or changed (provenance says no name)


@dataclass(frozen=True, slots=True)
class ShowRow:
    list_label: str
    rank: int
    score: float | None
    paper_id: str
    title: str
    duplicate_of: str | None
    pickup: bool
    scores: Mapping[str, float] = field(default_factory=dict)
    read_mark: str = ""  # "（既出 2021-09）" for a paper read in an earlier month


def show(month: Month, *, workspace: Workspace) -> list[ShowRow]:
    """The lists as rows, duplicates and pickup marked."""
    session = load_session(workspace.session_path(month))
    return [
        ShowRow(
            line.ranked.label,
            line.entry.rank,
            line.entry.score,
            line.entry.id,
            english_title(line.paper) if line.paper and line.paper.title else "(no metadata yet)",
            line.first_label if line.is_duplicate else None,
            line.pickup,
            dict(line.entry.scores),
            read_mark(line.paper) if line.paper else "",
        )
        for line in appearances(session)
    ]


@dataclass(frozen=True, slots=True)
class SummaryLine:
    """One summary line as ``show --summaries`` prints it: *writer* is the machine that
    drafted it (``extractive``, ``llm:<model>``, ``affiliations``), :data:`BY_HAND`, or ""
    for an empty line."""

    label: str
    text: str
    writer: str

    @property
    def is_empty(self) -> bool:
        return not self.text

    @property
    def is_unedited_draft(self) -> bool:
        """Machine text nobody has changed yet: still to be read."""
        return bool(self.text) and self.writer != BY_HAND

    @property
    def needs_a_look(self) -> bool:
        return self.is_empty or self.is_unedited_draft


@dataclass(frozen=True, slots=True)
class PaperSummary:
    paper_id: str
    title: str
    lines: tuple[SummaryLine, ...]


def show_summaries(month: Month, *, workspace: Workspace, todo: bool = False) -> list[PaperSummary]:
    """Each listed paper's five summary lines with their writers, in list order; with *todo*
    only the lines still empty or unedited machine drafts (and only papers that have one)."""
    session = load_session(workspace.session_path(month))
    shown = []
    for paper in listed_papers(session):
        lines = tuple(line for line in summary_lines(paper) if line.needs_a_look or not todo)
        if lines:
            shown.append(PaperSummary(paper.id, english_title(paper), lines))
    return shown


def summary_lines(paper: Paper) -> tuple[SummaryLine, ...]:
    """*paper*'s five lines in slide order, each with who wrote it."""
    lines = []
    for label, name in zip(SUMMARY_LABELS.values(), SUMMARY_FIELDS, strict=True):
        text = paper.value(name)
        writer = ""
        if text:
            machine, _, _ = paper.provenance.get(name, HUMAN).rpartition(":")  # writer:fingerprint
            writer = BY_HAND if paper.is_human_text(name) or not machine else machine
        lines.append(SummaryLine(label, text, writer))
    return tuple(lines)
