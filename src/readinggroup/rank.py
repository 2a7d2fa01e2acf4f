"""Merging the candidates of several sources into one ranked list (pure)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from readinggroup.ids import ArxivRef
from readinggroup.protocols import Candidate

Merged = tuple[ArxivRef, float | None, dict[str, float]]


def _normalised(candidates: Sequence[Candidate]) -> list[float]:
    """Scores on a 0..1 scale: divided by the best, or by position when a source has none."""
    count = len(candidates)
    scores = [c.score for c in candidates]
    if any(score is None for score in scores):
        return [(count - index) / count for index in range(count)]
    best = max((score for score in scores if score is not None), default=0.0)
    return [(score or 0.0) / best if best > 0 else 0.0 for score in scores]


def merge_rankings(per_source: Mapping[str, Sequence[Candidate]]) -> list[Merged]:
    """One ranking from several: normalised scores summed per paper, best first.

    With a single source its order is kept as is. Each result carries the summed score (None for
    a single unscored source such as a pasted file) and every source's raw score.
    """
    total: dict[str, float] = {}
    raw: dict[str, dict[str, float]] = {}
    refs: dict[str, ArxivRef] = {}
    for name, candidates in per_source.items():
        for candidate, normalised in zip(candidates, _normalised(candidates), strict=True):
            key = candidate.ref.id
            refs.setdefault(key, candidate.ref)
            total[key] = total.get(key, 0.0) + normalised
            if candidate.score is not None:
                raw.setdefault(key, {})[name] = candidate.score
    order = list(refs)  # first appearance breaks ties
    if len(per_source) > 1:
        order.sort(key=lambda key: -total[key])
    if len(per_source) == 1:  # one source: its own raw score is the score
        (name,) = per_source
        return [(refs[key], raw.get(key, {}).get(name), raw.get(key, {})) for key in order]
    return [(refs[key], round(total[key], 6), raw.get(key, {})) for key in order]
