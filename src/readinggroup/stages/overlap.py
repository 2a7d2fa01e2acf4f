"""Stages that wait on different services, run at the same time over one session.

A cold build spends most of its time waiting: on arXiv, which asks for three seconds between
page requests (著者所属 from the PDFs), and on the translation service (titles, abstracts,
summary lines). Neither wait needs the other's answer, so ``build`` runs the translate and
summarize stages side by side (:func:`run_together`): each in its own thread, each handing back
its work as it goes, merged field by field into one session the orchestrator saves. The
stages write different fields of a paper (Japanese title and abstract; summary lines and the
authors' affiliations), so the merge never has to choose. One translator serves both stages,
at most *limit* requests in flight between them (:class:`SharedTranslator`): the service sees
the concurrency the organiser set, not twice it.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from readinggroup.models import Session
from readinggroup.protocols import Translator
from readinggroup.stages import StageReport

Checkpoint = Callable[[Session], None]
Stage = Callable[[Session, Checkpoint], tuple[Session, StageReport]]
_POLL = 0.2  # seconds between looks at the stage threads (Ctrl-C is noticed between them)


class SharedTranslator:
    """*inner* for several stages at once, at most *limit* texts in translation at a time."""

    def __init__(self, inner: Translator, limit: int) -> None:
        self.name = inner.name
        self._inner = inner
        self._slots = threading.BoundedSemaphore(max(1, limit))

    def translate(self, text: str) -> str:
        with self._slots:
            return self._inner.translate(text)


def run_together(
    session: Session, stages: Sequence[Stage], checkpoint: Checkpoint
) -> tuple[Session, tuple[StageReport, ...]]:
    """Run *stages* over *session* at the same time; their results merged, and each stage's
    hand-backs merged with the others' latest and handed to *checkpoint* (one at a time).

    The first stage error is raised once every stage has stopped; a Ctrl-C is raised at once
    (the stage threads are daemons: what they handed back is saved by the orchestrator).
    """
    latest = [session] * len(stages)
    results: list[tuple[Session, StageReport] | None] = [None] * len(stages)
    errors: list[BaseException] = []
    lock = threading.Lock()

    def handed_back(index: int, partial: Session) -> None:
        with lock:
            latest[index] = partial
            checkpoint(merge_stage_results(session, latest))

    def run(index: int, stage: Stage) -> None:
        try:
            results[index] = stage(session, lambda partial: handed_back(index, partial))
        except BaseException as err:  # raised in the caller's thread below
            errors.append(err)

    threads = [
        threading.Thread(target=run, args=(index, stage), name=f"stage-{index}", daemon=True)
        for index, stage in enumerate(stages)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        while thread.is_alive():
            thread.join(_POLL)
    if errors:
        raise errors[0]
    done = [result for result in results if result is not None]
    merged = merge_stage_results(session, [result for result, _ in done])
    return merged, tuple(report for _, report in done)


def merge_stage_results(start: Session, results: Sequence[Session]) -> Session:
    """*start* with every paper field any of *results* changed (the stages write different
    fields; where two changed the same one, the later in *results* wins)."""
    before = {paper.id: paper for paper in start.papers}
    merged = dict(before)
    for result in results:
        for paper in result.papers:
            base = before.get(paper.id)
            if base is not None and paper != base:
                merged[paper.id] = _merged(base, merged[paper.id], paper)
    return start.with_papers(tuple(merged[paper.id] for paper in start.papers))


def _merged(base: Any, current: Any, changed: Any) -> Any:
    """*current* with what *changed* changed of *base*: dataclasses field by field, mappings
    key by key (provenance), anything else whole."""
    if dataclasses.is_dataclass(base) and not isinstance(base, type):
        updates = {
            field.name: _merged(
                getattr(base, field.name),
                getattr(current, field.name),
                getattr(changed, field.name),
            )
            for field in dataclasses.fields(base)
            if getattr(changed, field.name) != getattr(base, field.name)
        }
        return dataclasses.replace(current, **updates) if updates else current
    if isinstance(base, Mapping) and isinstance(current, Mapping) and isinstance(changed, Mapping):
        keys = [key for key in changed if base.get(key) != changed[key]]
        return {**current, **{key: changed[key] for key in keys}}
    return changed
