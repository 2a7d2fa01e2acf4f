"""The affiliation finder: asks the sources in order, per paper and per author.

arXiv's own affiliation field first (already in the session, no request), then each source in
the order given (``services``: OpenAlex and Semantic Scholar in batches, then arXiv's HTML
page and the PDF's first page, one per paper). A source is asked only about the papers that still
have an author without affiliations, and keeps the answers of the sources before it: per author,
the first source that answered wins.
The PDF, the costly last resort, is fetched only for papers no earlier source said anything
about. A failing service is logged and skipped: the next source is asked instead; a paper it
should have answered and no other source knew is left out of the answer (not "unknown"), so its
line stays empty and the next run asks again.

How the summarize stage uses it (*finder* is ``services.affiliations(config)``, handed to the
stage as an ``AffiliationFinder``; one call for all papers, so the services are asked in batches)::

    from dataclasses import replace
    from readinggroup.text.organisations import affiliations_line

    # the issue: a human-written 著者所属 is never replaced, not even with --force
    wanted = [
        paper for paper in listed_papers(session)
        if paper.has_metadata
        and may_fill(paper, "summary.affiliations", force=force)
        and not paper.is_human_text("summary.affiliations")
    ]
    found = finder.find(wanted)
    for paper in wanted:
        if paper.id not in found:                         # a service failed: ask again next run
            failures.append(f"{paper.id}: 著者所属 not looked up (a service failed)")
            continue
        entries = found[paper.id]                         # per author, with its source
        line = affiliations_line(entries, glossary)       # "南京大学、香港大学、…" or 不明（…）
        paper = replace(paper, found_affiliations=entries)
        paper = write(paper, "summary.affiliations", line, writer="affiliations")

``find`` never raises for a failing service (it logs the failure and asks the next source).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

from readinggroup import progress
from readinggroup.adapters.affiliations.base import PAPER_WIDE, Answer, AuthorSource, fold, surname
from readinggroup.errors import SourceError
from readinggroup.models import Paper
from readinggroup.paper_records import AffiliationSource, AuthorAffiliations
from readinggroup.protocols import PaperAffiliations, Settled

log = logging.getLogger(__name__)
# Sources asked only about papers nothing was found for yet (a whole PDF per paper).
LAST_RESORT: frozenset[AffiliationSource] = frozenset({"pdf"})
_LABELS = {"openalex": "OpenAlex", "s2": "Semantic Scholar"}
POLITENESS = "arXiv asks 3 s between requests"  # what the page count waits on


class AffiliationChain:
    """An AffiliationFinder over *sources*, asked in the order given."""

    def __init__(self, sources: Sequence[AuthorSource]) -> None:
        self._sources = tuple(sources)

    def find(
        self, papers: Sequence[Paper], *, settled: Settled | None = None
    ) -> Mapping[str, PaperAffiliations]:
        """Per bare id, each author's affiliations from the first source that had them;
        *settled* is told each paper as soon as no later source would change its answer."""
        found: dict[str, _Found] = {paper.id: _Found(paper) for paper in papers}
        told: set[str] = set()
        unasked: set[str] = set()  # papers a failing source should have answered

        def tell(paper_id: str) -> None:
            if settled is not None and paper_id not in told and not found[paper_id].missing:
                told.add(paper_id)
                settled(paper_id, found[paper_id].entries())

        for paper in papers:
            if paper.affiliations:  # arXiv's field does not say whose: the whole paper's
                found[paper.id].add_paper_wide(paper.affiliations, "arxiv")
                tell(paper.id)
        pages: progress.Task | None = None  # arXiv's pages, HTML and PDF, one count
        for source in self._sources:
            pending = [paper for paper in papers if found[paper.id].missing]
            if source.name in LAST_RESORT:
                pending = [paper for paper in pending if found[paper.id].empty]
            has_page = getattr(source, "has_page", None)  # no request for a page never made
            if source.per_paper and has_page is not None:
                pending = [paper for paper in pending if has_page(paper)]
            if not pending:
                continue
            if not source.per_paper:
                task = progress.task(_LABELS.get(source.name, source.name), total=len(pending))
            elif pages is None:
                task = pages = progress.task("arXiv pages", total=len(pending), unit="pages")
            else:
                task = pages
                pages.add(len(pending))
            # a source that reads a page per paper is asked per paper, so each answer is
            # handed on at once (a killed run keeps it); a batch service gets them all
            batches = [[paper] for paper in pending] if source.per_paper else [pending]
            for index, batch in enumerate(batches):
                if source.per_paper and task.done:
                    task.waiting(POLITENESS)
                try:
                    answers = source.lookup(batch)
                except SourceError as err:
                    log.warning("%s; 著者所属 goes on with the next source", err)
                    unasked.update(paper.id for rest in batches[index:] for paper in rest)
                    break
                finally:
                    task.advance(len(batch))
                for paper in batch:
                    found[paper.id].add(answers.get(paper.id, ()), source.name)
                    tell(paper.id)
            if task is not pages:
                task.finish()
        if pages is not None:
            pages.finish()
        answer = {
            paper_id: entries.entries()
            for paper_id, entries in found.items()
            if not (paper_id in unasked and entries.empty)
        }
        if settled is not None:
            for paper_id, entries in answer.items():
                if paper_id not in told:
                    settled(paper_id, entries)
        return answer


class _Found:
    """What the sources said so far about one paper's authors."""

    def __init__(self, paper: Paper) -> None:
        self._authors = paper.authors
        self._per_author: dict[int, AuthorAffiliations] = {}
        self._paper_wide: AuthorAffiliations | None = None

    @property
    def empty(self) -> bool:
        return not self._per_author and self._paper_wide is None

    @property
    def missing(self) -> bool:
        """Whether some author still has no affiliation (an author-less paper never has)."""
        if self._paper_wide is not None:
            return False
        return len(self._per_author) < max(len(self._authors), 1)

    def add_paper_wide(self, affiliations: Sequence[str], source: AffiliationSource) -> None:
        if self.empty and affiliations:
            self._paper_wide = AuthorAffiliations(PAPER_WIDE, tuple(affiliations), source)

    def add(self, answers: Sequence[Answer], source: AffiliationSource) -> None:
        """Keep *answers* for the authors that have none yet."""
        by_position = len(answers) == len(self._authors)  # services list authors in order
        for position, answer in enumerate(answers):
            if not answer.affiliations:
                continue
            if answer.author == PAPER_WIDE:
                self.add_paper_wide(answer.affiliations, source)
                continue
            index = match_author(answer.author, self._authors)
            if index is None and by_position:
                index = position
            if index is not None and index not in self._per_author:
                self._per_author[index] = AuthorAffiliations(
                    self._authors[index], answer.affiliations, source
                )

    def entries(self) -> PaperAffiliations:
        if self._paper_wide is not None:
            return (self._paper_wide,)
        return tuple(self._per_author[index] for index in sorted(self._per_author))


def match_author(name: str, authors: Sequence[str]) -> int | None:
    """The position in *authors* of *name* as a source spells it ("E. Duflo" = Esther Duflo)."""
    key = surname(name)
    same = [index for index, author in enumerate(authors) if key and surname(author) == key]
    if len(same) > 1:
        initial = fold(name.strip())[:1]
        same = [index for index in same if fold(authors[index].strip())[:1] == initial]
    return same[0] if same else None
