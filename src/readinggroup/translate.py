"""The translate stage: fill the empty Japanese titles and abstracts of the listed papers."""

from __future__ import annotations

import logging

from readinggroup.latex import latex_to_unicode
from readinggroup.models import Paper, Session
from readinggroup.pipeline import (
    StageReport,
    Track,
    listed_papers,
    may_fill,
    no_progress,
    replace_papers,
)
from readinggroup.protocols import Translator

log = logging.getLogger(__name__)


def translate_session(
    session: Session,
    translator: Translator,
    *,
    force: bool = False,
    track: Track[Paper] = no_progress,
) -> tuple[Session, StageReport]:
    """Fill empty ``title_ja``/``abstract_ja`` of the listed papers; one failure stops nothing."""
    todo = [
        paper
        for paper in listed_papers(session)
        if paper.has_metadata
        and (
            may_fill(paper, "title_ja", force=force) or may_fill(paper, "abstract_ja", force=force)
        )
    ]
    changed: dict[str, Paper] = {}
    failures: list[str] = []
    for paper in track(todo, "translating"):
        try:
            updated = paper
            for name, english in (("title_ja", paper.title), ("abstract_ja", paper.abstract)):
                if english and may_fill(paper, name, force=force):  # type: ignore[arg-type]
                    japanese = translator.translate(latex_to_unicode(english))
                    updated = updated.with_text(name, japanese, writer=translator.name)  # type: ignore[arg-type]
        except Exception as err:
            log.warning("could not translate %s: %s", paper.id, err)
            failures.append(f"{paper.id}: {err}")
            if updated is not paper:
                changed[paper.id] = updated
            continue
        changed[paper.id] = updated
    session = replace_papers(session, changed)
    return session, StageReport("translate", len(todo), len(todo) - len(failures), tuple(failures))
