"""The summarize stage's work off its own thread: the affiliation finder in a thread of its
own (arXiv's pages come three seconds apart), each paper's lines drafted in a small pool."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor

from readinggroup import progress
from readinggroup.models import EditableField, Paper
from readinggroup.protocols import AffiliationFinder, PaperAffiliations, Summarizer, Translator
from readinggroup.stages.translate import DEFAULT_CONCURRENCY, service_label


def drafting_concurrency(summarizer: Summarizer | None) -> int:
    """How many papers to draft at a time: a model's answers one at a time (its endpoint is
    often one local GPU), the extractive drafts as many as translations run at once."""
    return 1 if summarizer is not None else DEFAULT_CONCURRENCY


class BackgroundFinder:
    """The affiliation finder, asked in a thread of its own (a daemon: Ctrl-C does not wait)."""

    def __init__(
        self,
        finder: AffiliationFinder | None,
        papers: Sequence[Paper],
        settled: Callable[[str, PaperAffiliations], None],
        known: Iterable[threading.Event],
    ) -> None:
        self._answer: Mapping[str, PaperAffiliations] = {}
        self._error: BaseException | None = None
        self._known = tuple(known)
        self._thread: threading.Thread | None = None
        if finder is None or not papers:
            self._done()
            return

        def find() -> None:
            try:
                self._answer = finder.find(papers, settled=settled)
            except BaseException as err:  # raised by answer(), in the stage's thread
                self._error = err
            finally:
                self._done()

        self._thread = threading.Thread(target=find, name="affiliations", daemon=True)
        self._thread.start()

    def _done(self) -> None:
        for event in self._known:  # nothing more will be said: nobody waits any longer
            event.set()

    def answer(self) -> Mapping[str, PaperAffiliations]:
        while self._thread is not None and self._thread.is_alive():
            self._thread.join(0.2)
        if self._error is not None:
            raise self._error
        return self._answer


def draft_in_parallel(
    draft: Callable[[Paper, list[EditableField]], str | None],
    work: Sequence[tuple[Paper, list[EditableField]]],
    translator: Translator | None,
    concurrency: int,
) -> dict[str, str | None]:
    """Each paper's lines drafted, *concurrency* at a time; per paper, its failure or None."""
    label = "summary lines" if translator is None else f"{service_label(translator)}, summary lines"
    failures: dict[str, str | None] = {}
    if concurrency <= 1:  # one at a time, in this thread: Ctrl-C stops after the paper it hit
        with progress.task(label, total=len(work)) as task:
            for paper, lines in work:
                failures[paper.id] = draft(paper, lines)
                task.advance()
        return failures
    pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="summarize")
    try:
        with progress.task(label, total=len(work)) as task:
            futures = [(paper.id, pool.submit(draft, paper, lines)) for paper, lines in work]
            for paper_id, future in futures:
                failures[paper_id] = future.result()
                task.advance()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # Ctrl-C: papers not started are not
    return failures
