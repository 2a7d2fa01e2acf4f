"""What the commands print: result paths on stdout, progress and stage counts on stderr,
and ``show``'s tables (one per list) and the summary lines still to read."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

from readinggroup.errors import InputError, PartialFailure, describe_os_error

if TYPE_CHECKING:
    from readinggroup import views
    from readinggroup.stages import StageReport
    from readinggroup.workspace import Outcome


@contextmanager
def to_stdout() -> Iterator[None]:
    """Printing results: a stdout that cannot take them (``> /dev/full``, a full disk) is said
    as standard output, not as "a file" the user cannot find."""
    try:
        yield
    except OSError as err:
        if err.filename is not None:
            raise
        raise InputError(describe_os_error(err, unnamed="standard output")) from None


def finish(outcome: Outcome) -> None:
    """Print the result path, each stage's failures, the closing line of what the run did,
    and fail with PARTIAL when items failed."""
    with to_stdout():
        click.echo(str(outcome.path))
    for report in outcome.reports:
        summarise(report)
    closing = ", ".join(outcome.did)
    if closing and outcome.whole_month and not outcome.failures:
        closing += "; nothing else to do"
    if closing and _notices_shown():
        click.echo(closing, err=True)
    if outcome.failures:
        saved = outcome.session_path or outcome.path
        raise PartialFailure(
            f"{len(outcome.failures)} item(s) failed; everything else is saved in "
            f"{saved.parent.name}/{saved.name} — run the same command again to retry"
        )


_VERBS = {"translate": "translated", "fetch": "looked up", "summarize": "summarised"}


def summarise(report: StageReport) -> None:
    """A stage that failed on some items: each failure and its count (said even under -q);
    a stage that did all it tried is counted in the closing line instead."""
    if not report.failed:
        return
    for failure in report.failures:
        click.echo(f"  {failure}", err=True)
    line = f"{_VERBS.get(report.stage, report.stage)} {report.done}/{report.attempted}"
    click.echo(f"{line}; {report.failed} failed — run again to retry", err=True)


def _notices_shown() -> bool:
    import logging

    return logging.getLogger("readinggroup").isEnabledFor(logging.WARNING)


def print_summaries(papers: Sequence[views.PaperSummary], *, todo: bool) -> None:
    """Per paper its id and title, then each summary line with its text and writer; empty
    lines and machine drafts nobody edited yet are marked. A closing count on stdout too."""
    empty = drafts = 0
    for paper in papers:
        click.echo(f"{paper.paper_id}  {paper.title}")
        for line in paper.lines:
            if line.is_empty:
                empty += 1
                click.echo(f"  {line.label}：  [empty]")
                continue
            mark = f"{line.writer}, not edited yet" if line.is_unedited_draft else line.writer
            drafts += line.is_unedited_draft
            click.echo(f"  {line.label}：{line.text}  [{mark}]")
    if empty or drafts:
        click.echo(f"{drafts} line(s) not edited yet, {empty} empty")
    elif todo or papers:
        click.echo("every summary line has been read or written by hand")


def print_tables(rows: Sequence[views.ShowRow]) -> None:
    """One table per list on stdout; wide enough for ids and marks, titles wrap."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from readinggroup.plan import DUPLICATE, PICKUP_MARK

    console = Console(highlight=False, width=None if sys.stdout.isatty() else 120)
    labels = list(dict.fromkeys(row.list_label for row in rows))
    for label in labels:
        table = Table(title=label, title_justify="left", show_lines=False, expand=False)
        table.add_column("#", justify="right", no_wrap=True)
        table.add_column("score", justify="right", no_wrap=True)
        table.add_column("arXiv", no_wrap=True)
        table.add_column("title", overflow="fold", ratio=1)
        table.add_column("marks", no_wrap=True)
        for row in (row for row in rows if row.list_label == label):
            marks = []
            if row.duplicate_of:
                marks.append(f"{DUPLICATE} → {row.duplicate_of}")
            if row.read_mark:
                marks.append(row.read_mark.strip("（）"))
            if row.pickup:
                marks.append(PICKUP_MARK)
            table.add_row(
                str(row.rank),
                score_text(row),
                row.paper_id,
                Text(row.title),  # titles are text, not rich markup ("[Re] …")
                Text("  ".join(marks)),
            )
        console.print(table)
    if not labels:
        console.print("(no lists yet; run fetch first)")


def score_text(row: views.ShowRow) -> str:
    if row.score is None:
        return ""
    text = f"{row.score:g}"
    if len(row.scores) > 1:  # a summed score: show what each source said
        text += " (" + ", ".join(f"{name} {raw:g}" for name, raw in row.scores.items()) + ")"
    return text
