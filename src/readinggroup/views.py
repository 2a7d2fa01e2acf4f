"""What ``show`` prints: the month's lists and the summary lines still to read (read only)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from readinggroup.models import Month
from readinggroup.plan import appearances, english_title
from readinggroup.session import load_session
from readinggroup.workspace import Workspace

if TYPE_CHECKING:
    from readinggroup.stages.summarize import SummaryDrafts


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
        )
        for line in appearances(session)
    ]


def show_summaries(month: Month, *, workspace: Workspace) -> list[SummaryDrafts]:
    """The listed papers whose summary lines are still drafts (unedited machine text) or empty."""
    from readinggroup.stages.summarize import summary_drafts

    return summary_drafts(load_session(workspace.session_path(month)))
