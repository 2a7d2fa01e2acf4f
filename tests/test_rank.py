"""merge_rankings: what odd scores do to the merged list (tables of sources → expected ranking).

The everyday cases (several sources, a pasted file, ties) are in test_fetch_pipeline.py.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from readinggroup.ids import ArxivRef
from readinggroup.protocols import Candidate
from readinggroup.rank import merge_rankings

Source = Sequence[tuple[str, float | None]]
Row = tuple[str, float | None, dict[str, float]]


def merged(**sources: Source) -> list[Row]:
    """The merged ranking of *sources* (name → [(id, score)]) as (id, score, raw scores)."""
    per_source = {
        name: [Candidate(ArxivRef(paper), score) for paper, score in candidates]
        for name, candidates in sources.items()
    }
    return [(ref.id, score, raw) for ref, score, raw in merge_rankings(per_source)]


@pytest.mark.parametrize(
    ("candidates", "expected"),
    [
        pytest.param(
            [("A", 1.0), ("B", 5.0), ("C", 3.0)],
            [("A", 1.0, {"s": 1.0}), ("B", 5.0, {"s": 5.0}), ("C", 3.0, {"s": 3.0})],
            id="not-descending-keeps-order",
        ),
        pytest.param(
            [("A", None), ("B", None)],
            [("A", None, {}), ("B", None, {})],
            id="unscored-file",
        ),
        pytest.param(
            [("A", 0.25), ("B", 0.0), ("C", -2.0)],
            [("A", 0.25, {"s": 0.25}), ("B", 0.0, {"s": 0.0}), ("C", -2.0, {"s": -2.0})],
            id="fractional-zero-negative-raw",
        ),
        pytest.param(
            [("A", 3.0), ("A", 2.0), ("B", 1.0)],
            [("A", 2.0, {"s": 2.0}), ("B", 1.0, {"s": 1.0})],
            id="repeated-paper-keeps-last-raw",
        ),
        pytest.param([], [], id="empty"),
    ],
)
def test_one_source_is_kept_as_it_came(candidates: Source, expected: list[Row]) -> None:
    assert merged(s=candidates) == expected


@pytest.mark.parametrize(
    ("candidates", "expected"),
    [
        pytest.param(
            [("A", 0.5), ("B", 0.25)],
            [("B", 1.5), ("A", 1.0), ("C", 0.5)],
            id="fractional-best-below-one",
        ),
        pytest.param(
            [("A", 10.0), ("B", 0.0)],
            [("A", 1.0), ("B", 1.0), ("C", 0.5)],  # a tie: A came first
            id="a-zero-score-adds-nothing",
        ),
        pytest.param(
            [("A", 0.0), ("B", 0.0)],
            [("B", 1.0), ("C", 0.5), ("A", 0.0)],
            id="all-zero-adds-nothing",
        ),
        pytest.param(
            [("A", -1.0), ("B", -3.0)],
            [("B", 1.0), ("C", 0.5), ("A", 0.0)],
            id="all-negative-adds-nothing",
        ),
        pytest.param(
            [("A", 4.0), ("B", -2.0)],
            [("A", 1.0), ("B", 0.5), ("C", 0.5)],  # B: -0.5 + 1.0
            id="negative-below-a-positive-best-subtracts",
        ),
        pytest.param(
            [("A", 3.0), ("B", None), ("D", 1.0)],
            [("B", 1.666667), ("A", 1.0), ("C", 0.5), ("D", 0.333333)],
            id="one-unscored-ranks-the-source-by-position",
        ),
    ],
)
def test_odd_scores_of_one_source_among_several(
    candidates: Source, expected: list[tuple[str, float]]
) -> None:
    """The second source, "other", ranks B then C: B gets 1.0, C 0.5."""
    rows = merged(s=candidates, other=[("B", 2.0), ("C", 1.0)])
    assert [(paper, score) for paper, score, _ in rows] == expected


def test_several_sources_keep_each_raw_score_and_none_for_unscored() -> None:
    rows = merged(file=[("A", None), ("B", None), ("C", None)], hn=[("C", 7.0), ("B", 3.0)])
    assert rows == [
        ("C", 1.333333, {"hn": 7.0}),  # 1/3 by position + 7/7
        ("B", 1.095238, {"hn": 3.0}),  # 2/3 + 3/7
        ("A", 1.0, {}),  # 3/3, and no source gave it a score
    ]
