"""The figures stage: each listed paper's key figure, found once and written beside the session.

Per paper, ``figure:`` in the session decides (``figure_choice``): empty — look one up (the
first usable figure); a number N — the N-th figure of the paper's source, kept as N; a path or
``none`` a person wrote — left alone, ``--force`` included. A found picture is handed to the
*store* as ``figures/YYYY-MM/<id>.<ext>``; ``figure:`` then names that file (machine-written,
provenance ``<html|e-print|pdf>:<file in the source>``), and ``found_figure`` records the file,
its source, the number asked for and the caption (for the speaker notes). A paper no source has
a figure of gets ``figure: none`` written by the stage (a re-run asks nothing; ``--force`` asks
again). A failing service leaves the paper as it was, to be asked next run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from readinggroup.errors import SourceError
from readinggroup.figure_choice import NO_FIGURE, figure_number
from readinggroup.figure_files import found_figure_path
from readinggroup.models import Paper, Session
from readinggroup.paper_records import FigureRecord
from readinggroup.protocols import FigureFinder
from readinggroup.stages import (  # FigureStore, figure_wanted: there, so build need not load this
    FigureStore,
    StageReport,
    Track,
    figure_wanted,
    listed_papers,
    no_progress,
    replace_papers,
)

log = logging.getLogger(__name__)
NOTHING_FOUND_WRITER = "figures"  # provenance of a ``none`` the stage wrote: nothing anywhere


def find_figures(
    session: Session,
    *,
    finder: FigureFinder,
    store: FigureStore,
    force: bool = False,
    track: Track[Paper] = no_progress,
    checkpoint: Callable[[Session], None] | None = None,
) -> tuple[Session, StageReport]:
    """Look up the key figure of every listed paper that needs one (see the module's text).

    *checkpoint* is handed the session with every paper changed so far, each time one is.
    """
    wanted = [paper for paper in listed_papers(session) if figure_wanted(paper, store, force=force)]
    changed: dict[str, Paper] = {}
    failures: list[str] = []
    for paper in track(wanted, "figures"):
        number = figure_number(paper.figure)
        try:
            found = finder.find(paper, number=number)
        except SourceError as err:
            failures.append(f"{paper.id}: figure not looked up ({err})")
            continue
        if found is None:
            if number is not None:
                failures.append(
                    f"{paper.id}: the paper has no figure {number} that can be shown; "
                    "write another number, a path, or none"
                )
                continue
            updated = paper.with_text("figure", NO_FIGURE, writer=NOTHING_FOUND_WRITER)
            updated = replace(updated, found_figure=None)
            log.info("%s: no figure found (arXiv's HTML page, e-print source, PDF)", paper.id)
        else:
            file = found_figure_path(session.month, paper.id, found.extension)
            store.save(file, found.data)
            record = FigureRecord(file, found.origin, found.name, number, found.caption)
            updated = replace(paper, found_figure=record)
            if number is None:
                writer = f"{found.origin}:{found.name}"
                updated = updated.with_text("figure", file, writer=writer)
        changed[paper.id] = updated
        if checkpoint is not None:
            checkpoint(replace_papers(session, changed))
    report = StageReport("figures", len(wanted), len(wanted) - len(failures), tuple(failures))
    return replace_papers(session, changed), report
