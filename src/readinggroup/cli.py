"""The command line: parses arguments, calls commands, reports. No HTTP and no pptx here."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

from readinggroup import __version__
from readinggroup.errors import ExitCode, InputError, PartialFailure, ReadingGroupError

if TYPE_CHECKING:  # `--help` imports none of these: commands import them when they run
    from pathlib import Path

    from readinggroup import commands
    from readinggroup.config import Config
    from readinggroup.models import Month, WindowSpec
    from readinggroup.services import Services
    from readinggroup.stages import StageReport
    from readinggroup.stages.summarize import SummaryDrafts

T = TypeVar("T")


class MonthType(click.ParamType):  # type: ignore[type-arg]
    """``YYYY-MM``, refused before any I/O when it is not a real month."""

    name = "YYYY-MM"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> Month:
        from readinggroup.models import Month

        if isinstance(value, Month):
            return value
        try:
            return Month.parse(str(value))
        except InputError as err:
            self.fail(str(err), param, ctx)


class WindowType(click.ParamType):  # type: ignore[type-arg]
    """``previous-month``, ``same-month`` or ``YYYY-MM-DD..YYYY-MM-DD``."""

    name = "WINDOW"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> WindowSpec:
        from readinggroup.models import WindowSpec

        if isinstance(value, WindowSpec):
            return value
        try:
            return WindowSpec.parse(str(value))
        except InputError as err:
            self.fail(str(err), param, ctx)


class ArxivIdType(click.ParamType):  # type: ignore[type-arg]
    name = "ARXIV_ID"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from readinggroup.ids import parse_arxiv_ref

        try:
            return parse_arxiv_ref(str(value)).versioned
        except InputError as err:
            self.fail(str(err), param, ctx)


MONTH = MonthType()


class _State:
    def __init__(self, root: Path, services: Services | None, quiet: bool) -> None:
        self.root = root
        self._services = services
        self.quiet = quiet

    @property
    def workspace(self) -> commands.Workspace:
        from readinggroup.commands import Workspace

        return Workspace(self.root)

    def config(self, **overrides: Any) -> Config:
        from readinggroup.config import load_config

        return load_config(self.root).with_overrides(**overrides)

    @property
    def services(self) -> Services:
        if self._services is None:
            from readinggroup.services import real_services

            self._services = real_services()
        return self._services


class _ReportingGroup(click.Group):
    """The one place errors are caught: a ReadingGroupError becomes one line and its exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ReadingGroupError as err:
            click.echo(f"Error: {err}", err=True)
            ctx.exit(int(err.exit_code))


def _setup_logging(verbose: int, quiet: int) -> None:
    import logging

    level = logging.WARNING - 10 * verbose + 10 * quiet
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    root = logging.getLogger("readinggroup")
    root.handlers[:] = [handler]
    root.setLevel(max(logging.DEBUG, min(level, logging.CRITICAL)))
    root.propagate = False


@click.group(cls=_ReportingGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="readinggroup")
@click.option("-v", "--verbose", count=True, help="Say more on stderr (-vv for debug).")
@click.option("-q", "--quiet", count=True, help="Say less on stderr: only errors.")
@click.option(
    "-C",
    "--directory",
    type=click.Path(file_okay=False),
    default=".",
    help="Work in this folder instead of the current one.",
)
@click.pass_context
def cli(ctx: click.Context, verbose: int, quiet: int, directory: str) -> None:
    """Build the slide deck of the monthly Japanese ML paper-reading meetup.

    \b
    readinggroup build 2021-10        fetch, translate, summarise, render
    $EDITOR sessions/2021-10.yaml     fix a word, choose the pickup
    readinggroup build 2021-10        re-render in a second, nothing re-fetched
    readinggroup export 2021-10 --pdf
    readinggroup export 2021-10 --png  slide images and a contact sheet

    Results (paths) go to stdout, progress and messages to stderr.
    """
    from pathlib import Path

    _setup_logging(verbose, quiet)
    ctx.obj = _State(Path(directory), ctx.obj, quiet=quiet > 0)


def _progress(state: _State) -> Any:
    def track(items: Sequence[T], label: str) -> Iterable[T]:
        if state.quiet or not items:
            return items
        return _progress_iter(items, label)

    return track


def _progress_iter(items: Sequence[T], label: str) -> Iterator[T]:
    with click.progressbar(items, label=label, file=sys.stderr) as bar:
        yield from bar


def _finish(outcome: commands.Outcome) -> None:
    """Print the result path, the stage summaries, and fail with PARTIAL when items failed."""
    click.echo(str(outcome.path))
    for report in outcome.reports:
        _summarise(report)
    if outcome.failures:
        raise PartialFailure(
            f"{len(outcome.failures)} item(s) failed; everything else is saved in "
            f"{outcome.path.parent.name}/ — run the same command again to retry"
        )


_VERBS = {"translate": "translated", "fetch": "looked up", "summarize": "summarised"}


def _summarise(report: StageReport) -> None:
    if report.attempted == 0:
        return
    line = f"{_VERBS.get(report.stage, report.stage)} {report.done}/{report.attempted}"
    if report.failed:
        line += f"; {report.failed} failed — run again to retry"
        for failure in report.failures:
            click.echo(f"  {failure}", err=True)
    click.echo(line, err=True)


window_option = click.option(
    "--window",
    type=WindowType(),
    default=None,
    help="Days to rank: previous-month, same-month or "
    "YYYY-MM-DD..YYYY-MM-DD (default: from the config).",
)
translator_option = click.option(
    "--translator",
    type=click.Choice(["google", "deepl", "llm", "none"]),
    default=None,
    help="Translation backend for this run.",
)
template_option = click.option(
    "--template",
    type=click.Path(dir_okay=False),
    default=None,
    help="Your own .pptx or .potx whose layouts and theme replace the built-in look.",
)


@cli.command()
@click.pass_obj
def init(state: _State) -> None:
    """Create readinggroup.toml with every setting and its default."""
    from readinggroup.config import write_config_template

    click.echo(str(write_config_template(state.root)))


@cli.command()
@click.argument("month", type=MONTH)
@window_option
@translator_option
@template_option
@click.pass_obj
def build(
    state: _State,
    month: Month,
    window: WindowSpec | None,
    translator: str | None,
    template: str | None,
) -> None:
    """Make output/MONTH.pptx, doing only what is missing.

    Fetches the lists if there is no session yet, then translates, drafts summaries and
    renders. A complete session re-renders without touching the network.
    """
    from readinggroup import commands

    config = state.config(translator=translator, template=template)
    _finish(
        commands.build(
            month,
            workspace=state.workspace,
            config=config,
            services=state.services,
            window=window,
            track=_progress(state),
        )
    )


@cli.command()
@click.argument("month", type=MONTH)
@window_option
@click.option(
    "--refresh",
    is_flag=True,
    help="Ask the ranking services again instead of reusing their answers of the last day.",
)
@click.pass_obj
def fetch(state: _State, month: Month, window: WindowSpec | None, refresh: bool) -> None:
    """Rank the month's lists and look up the papers on arXiv.

    Re-running updates ranks and scores and adds new papers; your edits are kept. The
    services' answers are reused for a day (add --refresh for fresh votes and points).
    """
    from readinggroup import commands

    _finish(
        commands.fetch(
            month,
            workspace=state.workspace,
            config=state.config(),
            services=state.services,
            window=window,
            refresh=refresh,
        )
    )


@cli.command()
@click.argument("month", type=MONTH)
@translator_option
@click.option(
    "--force",
    is_flag=True,
    help="Translate again even where Japanese exists (says which edits it replaces).",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Ask the service even for text it translated before (the cache is not used).",
)
@click.option(
    "--concurrency",
    type=click.IntRange(1, 16),
    default=4,
    show_default=True,
    help="Papers translated at the same time.",
)
@click.pass_obj
def translate(
    state: _State,
    month: Month,
    translator: str | None,
    force: bool,
    no_cache: bool,
    concurrency: int,
) -> None:
    """Translate the empty Japanese titles and abstracts.

    LaTeX becomes Unicode first; names (the title's head, 固有名, and the terms of
    glossary.yaml: "term: keep" or "term: 日本語") come back exactly as written. Answers are
    cached, so a re-run asks the service nothing it answered before. Papers that fail are
    listed; run the command again to retry them.
    """
    from readinggroup import commands

    _finish(
        commands.translate(
            month,
            workspace=state.workspace,
            config=state.config(translator=translator),
            services=state.services,
            force=force,
            use_cache=not no_cache,
            concurrency=concurrency,
            track=_progress(state),
        )
    )


@cli.command()
@click.argument("month", type=MONTH)
@click.option("--force", is_flag=True, help="Redraft lines that are already filled.")
@click.pass_obj
def summarize(state: _State, month: Month, force: bool) -> None:
    """Draft the empty summary lines (目的/成果/方法/固有名/著者所属).

    目的/成果/方法 come from the abstract's own sentences, translated by the configured
    translator (in English with translator = none); lines you wrote are never replaced.
    """
    from readinggroup import commands

    _finish(
        commands.summarize(
            month,
            workspace=state.workspace,
            config=state.config(),
            services=state.services,
            force=force,
        )
    )


@cli.command()
@click.argument("month", type=MONTH)
@click.argument("paper", type=ArxivIdType())
@click.pass_obj
def pickup(state: _State, month: Month, paper: str) -> None:
    """Mark PAPER (an arXiv id or URL) as the month's pickup."""
    from readinggroup import commands

    _finish(commands.choose(month, paper, workspace=state.workspace))


@cli.command()
@click.argument("month", type=MONTH)
@template_option
@click.pass_obj
def render(state: _State, month: Month, template: str | None) -> None:
    """Write output/MONTH.pptx from the session file alone (no network)."""
    from readinggroup import commands

    _finish(
        commands.render(month, workspace=state.workspace, config=state.config(template=template))
    )


@cli.command()
@click.argument("month", type=MONTH)
@click.option("--pdf", "as_pdf", is_flag=True, help="Export as PDF through LibreOffice (headless).")
@click.option(
    "--png",
    "as_png",
    is_flag=True,
    help="Draw one PNG per slide and a contact sheet in output/MONTH/ (poppler).",
)
@template_option
@click.pass_obj
def export(state: _State, month: Month, as_pdf: bool, as_png: bool, template: str | None) -> None:
    """Render the deck (unless it is up to date) and export it as output/MONTH.pdf and/or PNGs."""
    from readinggroup import commands

    if not (as_pdf or as_png):
        raise click.UsageError("give --pdf, --png or both")
    _finish(
        commands.export_pdf(
            month,
            workspace=state.workspace,
            config=state.config(template=template),
            services=state.services,
            pdf=as_pdf,
            png=as_png,
        )
    )


@cli.command()
@click.argument("month", type=MONTH)
@click.option(
    "--summaries",
    is_flag=True,
    help="List the summary lines still to read: machine drafts nobody edited, and empty lines.",
)
@click.pass_obj
def show(state: _State, month: Month, summaries: bool) -> None:
    """Print the month's lists: rank, score, title, 重複 and pickup marks."""
    from readinggroup import commands

    if summaries:
        _print_drafts(commands.show_summaries(month, workspace=state.workspace))
        return
    rows = commands.show(month, workspace=state.workspace)
    _print_tables(rows)


def _print_drafts(papers: Sequence[SummaryDrafts]) -> None:
    """One line per paper: its id, the lines a machine wrote (and which), the empty ones."""
    for item in papers:
        parts = [f"{label} ({writer})" for label, writer in item.drafts]
        if item.empty:
            parts.append("empty: " + "、".join(item.empty))
        click.echo(f"{item.paper.id}  {'  '.join(parts)}")
    if not papers:
        click.echo("every summary line has been read or written by you")


def _print_tables(rows: Sequence[commands.ShowRow]) -> None:
    """One table per list on stdout; wide enough for ids and marks, titles wrap."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from readinggroup.stages.deck import DUPLICATE, PICKUP_MARK

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
            if row.pickup:
                marks.append(PICKUP_MARK)
            table.add_row(
                str(row.rank),
                _score_text(row),
                row.paper_id,
                Text(row.title),  # titles are text, not rich markup ("[Re] …")
                Text("  ".join(marks)),
            )
        console.print(table)
    if not labels:
        console.print("(no lists yet; run fetch first)")


def _score_text(row: commands.ShowRow) -> str:
    if row.score is None:
        return ""
    text = f"{row.score:g}"
    if len(row.scores) > 1:  # a summed score: show what each source said
        text += " (" + ", ".join(f"{name} {raw:g}" for name, raw in row.scores.items()) + ")"
    return text


def main() -> None:
    """Console entry point."""
    cli(prog_name="readinggroup")


__all__ = ["ExitCode", "cli", "main"]
