"""The year in review, decided over the year's sessions (pure): which papers stand out and under
which theme.

A highlight is a month's pickup or a paper that ranked in more than one month. Its theme is a
名前 the organiser wrote in 固有名 and also wrote for another highlight (the organiser's own
grouping), else its arXiv primary category. Themes with more highlights come first; inside a
theme, the most cited first (when counts are known), then pickups, then the oftenest listed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from readinggroup.models import Paper, Session
from readinggroup.months import Month
from readinggroup.plan import appearances

UNCATEGORISED = "その他"
# How people separate the names in a 固有名 line.
_NAME_SEPARATORS = re.compile(r"[、,，;；/]")


@dataclass(frozen=True, slots=True)
class Highlight:
    """One paper of the year: its latest copy, where it ranked, when it was the pickup."""

    paper: Paper
    ranked: tuple[tuple[Month, str], ...]  # (month, "Top recent #3"), its first line each month
    pickup_months: tuple[Month, ...] = ()
    cited_by: int | None = None

    @property
    def months(self) -> tuple[Month, ...]:
        return tuple(dict.fromkeys(month for month, _ in self.ranked))

    @property
    def last_month(self) -> Month:
        """The month whose copy of the paper the review shows (its latest)."""
        return max((*self.months, *self.pickup_months))

    @property
    def label(self) -> str:
        """Where it ranked, month by month, and how often it was cited:
        ``2021-09 Top hype #4 · 2021-10 Top recent #3 (Pickup) · 被引用 120``."""
        parts = [
            f"{month} {where}" + (" (Pickup)" if month in self.pickup_months else "")
            for month, where in self.ranked
        ]
        if self.cited_by is not None:
            parts.append(f"被引用 {self.cited_by}")
        return " · ".join(parts)


@dataclass(frozen=True, slots=True)
class YearReview:
    """The year's sessions, the months without one, and the highlights by theme."""

    year: int
    title: str  # "AI最新論文読み会2021年のハイライト"
    months: tuple[Month, ...]
    missing: tuple[Month, ...]
    group: str
    themes: tuple[tuple[str, tuple[Highlight, ...]], ...]

    @property
    def highlights(self) -> tuple[Highlight, ...]:
        return tuple(highlight for _, group in self.themes for highlight in group)


def gather_highlights(sessions: Sequence[Session]) -> list[Highlight]:
    """The pickups and the papers listed in more than one of *sessions* (in month order)."""
    ranked: dict[str, list[tuple[Month, str]]] = {}
    latest: dict[str, Paper] = {}
    pickups: dict[str, list[Month]] = {}
    for session in sorted(sessions, key=lambda session: session.month):
        for line in appearances(session):
            if line.paper is None or line.is_duplicate:
                continue
            ranked.setdefault(line.paper.id, []).append((session.month, line.label))
            latest[line.paper.id] = line.paper
        if session.pickup is not None:
            pickups.setdefault(session.pickup.id, []).append(session.month)
            latest.setdefault(session.pickup.id, session.pickup)
    chosen = [
        paper_id
        for paper_id, lines in ranked.items()
        if paper_id in pickups or len({month for month, _ in lines}) > 1
    ]
    chosen += [paper_id for paper_id in pickups if paper_id not in ranked]
    return [
        Highlight(latest[key], tuple(ranked.get(key, ())), tuple(pickups.get(key, ())))
        for key in chosen
    ]


def with_citations(highlights: Sequence[Highlight], counts: Mapping[str, int]) -> list[Highlight]:
    """*highlights* with the citation counts of *counts* (papers it lacks stay unknown)."""
    return [replace(item, cited_by=counts.get(item.paper.id)) for item in highlights]


def review_year(
    year: int, sessions: Sequence[Session], highlights: Sequence[Highlight]
) -> YearReview:
    """The review of *year* from its *sessions* and their *highlights*, grouped by theme."""
    present = tuple(sorted(session.month for session in sessions))
    missing = tuple(
        month for month in (Month(year, number) for number in range(1, 13)) if month not in present
    )
    by_theme: dict[str, list[Highlight]] = {}
    names = _shared_names(highlights)
    for highlight in highlights:
        by_theme.setdefault(theme_of(highlight.paper, names), []).append(highlight)
    themes = sorted(by_theme.items(), key=lambda item: (-len(item[1]), item[0]))
    last = max(sessions, key=lambda session: session.month, default=None)
    group = last.group if last else ""
    return YearReview(
        year,
        f"{_series(last)}{year}年のハイライト",
        present,
        missing,
        group,
        tuple((theme, tuple(sorted(items, key=_importance))) for theme, items in themes),
    )


def _series(session: Session | None) -> str:
    """The meetup's name without its month ("AI最新論文読み会" of "AI最新論文読み会2021年10月")."""
    if session is None:
        return ""
    month = session.month
    return session.title.removesuffix(f"{month.year}年{month.month}月").strip()


def _importance(highlight: Highlight) -> tuple[int, int, int, Month]:
    cited = highlight.cited_by if highlight.cited_by is not None else -1
    first = highlight.ranked[0][0] if highlight.ranked else highlight.pickup_months[0]
    return (-cited, -len(highlight.pickup_months), -len(highlight.months), first)


def theme_of(paper: Paper, shared_names: frozenset[str]) -> str:
    """*paper*'s theme: the first of its person-written 固有名 that *shared_names* holds, else
    its arXiv primary category."""
    for name in person_written_names(paper):
        if name.casefold() in shared_names:
            return name
    return paper.categories[0] if paper.categories else UNCATEGORISED


def person_written_names(paper: Paper) -> list[str]:
    """The names of *paper*'s 固有名 line when a person wrote or edited it."""
    if not paper.is_human_text("summary.names"):
        return []
    names = (name.strip() for name in _NAME_SEPARATORS.split(paper.summary.names))
    return [name for name in names if name]


def _shared_names(highlights: Sequence[Highlight]) -> frozenset[str]:
    """The person-written names that two or more highlights share (case ignored)."""
    counts = Counter(
        name
        for highlight in highlights
        for name in {name.casefold() for name in person_written_names(highlight.paper)}
    )
    return frozenset(name for name, count in counts.items() if count > 1)
