"""Ranking several sources into lists, categories, duplicates and re-fetches (pure core)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

import pytest

from readinggroup.ids import ArxivRef
from readinggroup.models import Paper, Session
from readinggroup.months import Month, Window
from readinggroup.paper_records import Summary
from readinggroup.protocols import Candidate
from readinggroup.rank import merge_rankings
from readinggroup.stages.lists import ListRequest, fetch_lists, filter_categories, new_session

SEPTEMBER = Window(date(2026, 9, 1), date(2026, 9, 30))
OCTOBER = Month(2026, 10)


@dataclass
class Ranked:
    """A ranking source that answers a fixed list and records what it was asked."""

    name: str
    answer: list[tuple[str, float | None]]
    limits: list[int] = field(default_factory=list)

    def rank(self, *, month: Month, window: Window, limit: int) -> Sequence[Candidate]:
        self.limits.append(limit)
        return [Candidate(ArxivRef(i), score) for i, score in self.answer][:limit]


def c(paper_id: str, score: float | None = None) -> Candidate:
    return Candidate(ArxivRef(paper_id), score)


def session() -> Session:
    return new_session(OCTOBER, title="AI最新論文読み会{year}年{month}月", window=SEPTEMBER)


def test_several_sources_sum_their_normalised_scores() -> None:
    merged = merge_rankings(
        {
            "hn": [c("A", 500), c("B", 250), c("C", 50)],
            "alphaxiv": [c("B", 40), c("D", 20)],
            "hf": [c("C", 100), c("B", 10)],
        }
    )
    assert [(ref.id, score) for ref, score, _ in merged] == [
        ("B", 1.6),  # 0.5 + 1.0 + 0.1
        ("C", 1.1),  # 0.1 + 1.0
        ("A", 1.0),
        ("D", 0.5),
    ]
    assert dict((ref.id, raw) for ref, _, raw in merged)["B"] == {
        "hn": 250,
        "alphaxiv": 40,
        "hf": 10,
    }


def test_one_source_keeps_its_order_and_raw_score() -> None:
    merged = merge_rankings({"hf": [c("A", 5), c("B", 5), c("C", 1)]})
    assert [(ref.id, score, raw) for ref, score, raw in merged] == [
        ("A", 5, {"hf": 5}),
        ("B", 5, {"hf": 5}),
        ("C", 1, {"hf": 1}),
    ]


def test_a_pasted_file_ranks_by_position() -> None:
    merged = merge_rankings({"file": [c("A"), c("B")], "hn": [c("B", 10)]})
    assert [(ref.id, score) for ref, score, _ in merged] == [("B", 1.5), ("A", 1.0)]


def test_ties_across_sources_keep_first_appearance() -> None:
    merged = merge_rankings({"hn": [c("A", 10)], "hf": [c("B", 3)]})
    assert [ref.id for ref, _, _ in merged] == ["A", "B"]


def test_lists_keep_every_source_score_and_cut_to_size() -> None:
    hn = Ranked("hn", [(f"2609.0000{n}", 100.0 - n) for n in range(1, 8)])
    hf = Ranked("hf", [("2609.00003", 50.0), ("2609.00009", 40.0)])
    request = ListRequest("Top hype", {"hn": hn, "hf": hf}, size=3, window=SEPTEMBER)
    result = fetch_lists(session(), requests=[request], month=OCTOBER)[0]
    (ranked,) = result.lists
    assert ranked.sources == ("hn", "hf")
    assert [(e.rank, e.id, e.score) for e in ranked.entries] == [
        (1, "2609.00003", 1.979798),  # 97/99 on HN plus 50/50 on HF
        (2, "2609.00001", 1.0),
        (3, "2609.00002", 0.989899),
    ]
    assert ranked.entries[0].scores == {"hn": 97.0, "hf": 50.0}
    assert hn.limits == hf.limits == [9]  # several sources: each cut deeper than the size
    assert {p.id for p in result.papers} == {e.id for e in ranked.entries}


@pytest.mark.parametrize(
    ("categories", "sources", "limit"),
    [
        ((), 1, 10),
        (("cs.*",), 1, 50),
        (("cs.*",), 2, 100),
    ],
)
def test_sources_are_asked_for_what_the_list_can_use(
    categories: tuple[str, ...], sources: int, limit: int
) -> None:
    made = {f"s{n}": Ranked(f"s{n}", []) for n in range(sources)}
    request = ListRequest("L", made, size=10, window=SEPTEMBER, categories=categories)
    fetch_lists(session(), requests=[request], month=OCTOBER)[0]
    assert all(source.limits == [limit] for source in made.values())


def test_a_paper_in_both_lists_is_one_paper() -> None:
    recent = ListRequest(
        "Top recent", {"hf": Ranked("hf", [("2609.1", 9.0), ("2609.2", 8.0)])}, 10, SEPTEMBER
    )
    hype = ListRequest("Top hype", {"hn": Ranked("hn", [("2609.2", 300.0)])}, 10, SEPTEMBER)
    result = fetch_lists(session(), requests=[recent, hype], month=OCTOBER)[0]
    assert [e.id for e in result.lists[1].entries] == ["2609.2"]
    assert [p.id for p in result.papers] == ["2609.1", "2609.2"]


def test_refetch_updates_ranks_and_scores_and_keeps_edits() -> None:
    first = ListRequest(
        "Top hype", {"hn": Ranked("hn", [("2609.1", 10.0), ("2609.2", 5.0)])}, 10, SEPTEMBER
    )
    before = fetch_lists(session(), requests=[first], month=OCTOBER)[0]
    edited = before.with_papers(
        tuple(
            p.with_text("title_ja", "人が書いた題", writer="human") if p.id == "2609.2" else p
            for p in before.papers
        )
    )
    again = ListRequest(
        "Top hype", {"hn": Ranked("hn", [("2609.2", 50.0), ("2609.3", 7.0)])}, 10, SEPTEMBER
    )
    after = fetch_lists(edited, requests=[again], month=OCTOBER)[0]
    assert [(e.id, e.score) for e in after.lists[0].entries] == [("2609.2", 50.0), ("2609.3", 7.0)]
    paper = after.paper("2609.2")
    assert paper is not None
    assert paper.title_ja == "人が書いた題"
    assert after.paper("2609.3") == Paper("2609.3")


def test_an_empty_answer_keeps_the_previous_ranking_of_the_window(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the CLI tests stop readinggroup's records at its own stderr handler; let caplog see them
    monkeypatch.setattr(logging.getLogger("readinggroup"), "propagate", True)
    first = ListRequest("Top hype", {"hn": Ranked("hn", [("2609.1", 10.0)])}, 10, SEPTEMBER)
    before = fetch_lists(session(), requests=[first], month=OCTOBER)[0]
    empty = ListRequest("Top hype", {"hn": Ranked("hn", [])}, 10, SEPTEMBER)
    with caplog.at_level(logging.WARNING):
        after = fetch_lists(before, requests=[empty], month=OCTOBER)[0]
    assert after.lists == before.lists
    assert "Top hype: hn found no papers for 2026-09-01..2026-09-30" in caplog.text
    assert "the previous ranking is kept" in caplog.text
    other_window = replace(empty, window=Window(date(2026, 8, 1), date(2026, 8, 31)))
    assert fetch_lists(before, requests=[other_window], month=OCTOBER)[0].lists[0].entries == ()


def test_categories_filter_after_metadata_and_unused_papers_leave() -> None:
    request = ListRequest(
        "Top recent",
        {"hf": Ranked("hf", [("2609.1", 9.0), ("2609.2", 8.0), ("2609.3", 7.0), ("2609.4", 6.0)])},
        size=2,
        window=SEPTEMBER,
        categories=("cs.*", "stat.ML"),
    )
    ranked = fetch_lists(session(), requests=[request], month=OCTOBER)[0]
    categories = {"2609.1": ("math.OC",), "2609.2": ("stat.ML",), "2609.3": ("cs.CV", "eess.IV")}
    looked_up = ranked.with_papers(
        tuple(
            replace(p, title=f"T {p.id}", categories=categories.get(p.id, ("physics.optics",)))
            for p in ranked.papers
        )
    )
    # a paper with the organiser's notes stays even when it drops out of the lists
    looked_up = looked_up.with_papers(
        tuple(replace(p, notes="keep me") if p.id == "2609.4" else p for p in looked_up.papers)
    )
    result = filter_categories(looked_up, [request])
    assert [(e.rank, e.id) for e in result.lists[0].entries] == [(1, "2609.2"), (2, "2609.3")]
    assert [p.id for p in result.papers] == ["2609.2", "2609.3", "2609.4"]


def test_papers_with_any_written_text_are_never_dropped() -> None:
    request = ListRequest("L", {"hf": Ranked("hf", [("2609.1", 1.0)])}, 10, SEPTEMBER)
    base = fetch_lists(session(), requests=[request], month=OCTOBER)[0]
    extra = (
        Paper("2609.7", title="bare metadata"),
        Paper("2609.8", summary=Summary(purpose="目的")),
        Paper("2609.9", pickup=True),
        Paper("2609.10", abstract_ja="要旨"),
    )
    result = filter_categories(base.with_papers(base.papers + extra), [request])
    assert [p.id for p in result.papers] == ["2609.1", "2609.8", "2609.9", "2609.10"]


def test_a_short_list_says_how_many_papers_it_kept(caplog: pytest.LogCaptureFixture) -> None:
    answer = [("2609.1", 9.0), ("2609.2", 8.0), ("2609.3", 7.0)]
    request = ListRequest(
        "Top recent", {"hf": Ranked("hf", answer)}, size=2, window=SEPTEMBER, categories=("cs.*",)
    )
    ranked = fetch_lists(session(), requests=[request], month=OCTOBER)[0]
    looked_up = ranked.with_papers(
        tuple(
            replace(p, title="T", categories=("cs.LG",) if p.id == "2609.2" else ("math.OC",))
            for p in ranked.papers
        )
    )
    with caplog.at_level(logging.WARNING):
        filter_categories(looked_up, [request])
    assert "Top recent: only 1 of 2 papers are in cs.*" in caplog.messages
