"""The command line: parses arguments, calls commands, reports. No HTTP and no pptx here."""

from __future__ import annotations

import gc
import os
import sys
from typing import TYPE_CHECKING, Any

import click

from readinggroup import __version__
from readinggroup.cli_output import finish
from readinggroup.cli_params import (
    MONTH,
    ArxivIdType,
    FolderType,
    template_option,
    translator_option,
    window_option,
)
from readinggroup.errors import (
    ExitCode,
    ReadingGroupError,
    describe_os_error,
)

if TYPE_CHECKING:  # `--help` imports none of these: commands import them when they run
    from pathlib import Path

    from readinggroup.config import Config
    from readinggroup.models import Month, WindowSpec
    from readinggroup.services import Services
    from readinggroup.workspace import Workspace


class _State:
    def __init__(self, root: Path, services: Services | None, quiet: bool) -> None:
        self.root = root
        self._services = services
        self.quiet = quiet

    @property
    def workspace(self) -> Workspace:
        from readinggroup.workspace import Workspace

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
    """The one place errors are caught: every failure becomes one line and its exit code.

    A ReadingGroupError says what is wrong and what to do; an OSError names its file; anything
    else is a bug, reported in one line (the traceback only with -v) with exit code 70.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as err:
            raise _one_sentence(err) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as err:
            raise _one_sentence(err) from None
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except ReadingGroupError as err:
            _fail(ctx, str(err), err.exit_code)
        except OSError as err:
            _fail(ctx, describe_os_error(err), ExitCode.INPUT)
        except Exception as err:  # a bug: one line, the details under -v
            import logging

            logging.getLogger("readinggroup").info("details of the error:", exc_info=True)
            text = " ".join(str(err).split())[:200]
            _fail(
                ctx,
                f"unexpected {type(err).__name__}{': ' + text if text else ''} "
                "(a bug in readinggroup); run again with -v for details",
                ExitCode.INTERNAL,
            )


def _one_sentence(err: click.UsageError) -> click.UsageError:
    """*err* without click's "Usage:" and "Try … --help" lines: the README promises one
    sentence (`--help` still shows the usage). A bare `readinggroup` still shows the help."""
    if not isinstance(err, click.exceptions.NoArgsIsHelpError):
        err.ctx = None
    return err


def _fail(ctx: click.Context, message: str, code: int) -> None:
    # one line, whatever a library put in the message (YAML's "in <unicode string>" lines)
    click.echo(f"Error: {' '.join(message.split())}", err=True)
    ctx.exit(int(code))


def _setup_logging(verbose: int, quiet: int) -> None:
    """-v shows each request, retry and wait (INFO), -vv debug lines, -q errors only."""
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
    type=FolderType(),
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
    _tolerant_streams()
    ctx.obj = _State(Path(directory), ctx.obj, quiet=quiet > 0)


def _tolerant_streams() -> None:
    """A terminal that cannot show Japanese (PYTHONIOENCODING=ascii) gets "?" instead of a
    crash."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


@cli.command()
@click.pass_obj
def init(state: _State) -> None:
    """Create readinggroup.toml with every setting and its default."""
    from readinggroup.cli_output import to_stdout
    from readinggroup.config import write_config_template

    written = write_config_template(state.root)
    with to_stdout():
        click.echo(str(written))


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
    from readinggroup.cli_progress import progress_shown

    with progress_shown(quiet=state.quiet):
        outcome = commands.build(
            month,
            workspace=state.workspace,
            config=config,
            services=state.services,
            window=window,
        )
    finish(outcome)


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
    from readinggroup.cli_progress import progress_shown

    with progress_shown(quiet=state.quiet):
        outcome = commands.fetch(
            month,
            workspace=state.workspace,
            config=state.config(),
            services=state.services,
            window=window,
            refresh=refresh,
        )
    finish(outcome)


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
    from readinggroup.cli_progress import progress_shown

    with progress_shown(quiet=state.quiet):
        outcome = commands.translate(
            month,
            workspace=state.workspace,
            config=state.config(translator=translator),
            services=state.services,
            force=force,
            use_cache=not no_cache,
            concurrency=concurrency,
        )
    finish(outcome)


@cli.command()
@click.argument("month", type=MONTH)
@click.option(
    "--force", is_flag=True, help="Redraft lines that are already filled; look figures up again."
)
@click.pass_obj
def summarize(state: _State, month: Month, force: bool) -> None:
    """Draft the empty summary lines (目的/成果/方法/固有名/著者所属) and find each paper's
    key figure (figures = "first" in readinggroup.toml).

    目的/成果/方法 come from the abstract's own sentences, translated by the configured
    translator (in English with translator = none); lines you wrote are never replaced. The
    figure comes from arXiv's HTML page, else the paper's source, else its PDF, and is written
    to figures/YYYY-MM/; a figure: you set (a path, none or a number) is never replaced.
    """
    from readinggroup import commands
    from readinggroup.cli_progress import progress_shown

    with progress_shown(quiet=state.quiet):
        outcome = commands.summarize(
            month,
            workspace=state.workspace,
            config=state.config(),
            services=state.services,
            force=force,
        )
    finish(outcome)


@cli.command()
@click.argument("month", type=MONTH)
@click.argument("paper", type=ArxivIdType())
@click.pass_obj
def pickup(state: _State, month: Month, paper: str) -> None:
    """Mark PAPER (an arXiv id or URL) as the month's pickup."""
    from readinggroup import commands

    finish(commands.choose(month, paper, workspace=state.workspace))


@cli.command()
@click.argument("month", type=MONTH)
@template_option
@click.pass_obj
def render(state: _State, month: Month, template: str | None) -> None:
    """Write output/MONTH.pptx from the session file alone (no network)."""
    from readinggroup import commands

    finish(
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
@click.option(
    "--markdown",
    "as_markdown",
    is_flag=True,
    help="Write the month as a post, output/MONTH.md (CommonMark with GFM tables).",
)
@template_option
@click.pass_obj
def export(
    state: _State,
    month: Month,
    as_pdf: bool,
    as_png: bool,
    as_markdown: bool,
    template: str | None,
) -> None:
    """Export the month: the deck as output/MONTH.pdf and/or PNGs (rendered first unless it is
    up to date), and/or a ready-to-post article as output/MONTH.md."""
    from readinggroup import commands

    if not (as_pdf or as_png or as_markdown):
        raise click.UsageError("give --pdf, --png, --markdown or several")
    config = state.config(template=template)
    if as_markdown:
        from readinggroup.publish import export_markdown

        finish(export_markdown(month, workspace=state.workspace, config=config))
    if as_pdf or as_png:
        finish(
            commands.export_pdf(
                month,
                workspace=state.workspace,
                config=config,
                services=state.services,
                pdf=as_pdf,
                png=as_png,
            )
        )


@cli.command()
@click.argument("year", type=click.IntRange(1991, 2200))
@template_option
@click.pass_obj
def review(state: _State, year: int, template: str | None) -> None:
    """Write the year's highlights as output/YEAR-review.pptx and output/YEAR-review.md.

    Reads every sessions/YEAR-MM.yaml: the pickups and the papers listed in more than one
    month, grouped by theme (a name you wrote in 固有名 for several of them, else the arXiv
    category). With [sources.openalex] in readinggroup.toml (or a list ranked by openalex),
    OpenAlex says how often each was cited since. Months without a session are named.
    """
    from readinggroup.publish import review as review_year

    deck, outcome = review_year(
        year,
        workspace=state.workspace,
        config=state.config(template=template),
        services=state.services,
    )
    click.echo(str(deck))
    finish(outcome)


@cli.command()
@click.argument("month", type=MONTH)
@click.option(
    "--summaries",
    is_flag=True,
    help="Print each paper's five summary lines with who wrote them; empty lines and "
    "machine drafts nobody edited yet are marked.",
)
@click.option(
    "--todo",
    is_flag=True,
    help="Only the summary lines that still need a look: empty, or a draft nobody edited.",
)
@click.pass_obj
def show(state: _State, month: Month, summaries: bool, todo: bool) -> None:
    """Print the month's lists: rank, score, title, 重複 and pickup marks."""
    from readinggroup import views
    from readinggroup.cli_output import print_summaries, print_tables, to_stdout

    if (state.workspace.root / "readinggroup.toml").exists():
        state.config()  # a broken config is reported here too (read only when there is one)
    if summaries or todo:
        papers = views.show_summaries(month, workspace=state.workspace, todo=todo)
        with to_stdout():
            print_summaries(papers, todo=todo)
        return
    rows = views.show(month, workspace=state.workspace)
    with to_stdout():
        print_tables(rows)


def main() -> None:
    """Console entry point."""
    # pydantic looks for plugins (observability hooks) in every installed package's metadata
    # when the first model is built: tens of ms per start for hooks this tool has no use for.
    # Its documented switch, unless the user set it.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    # Loading the libraries leaves some 100k long-lived objects, and the collector's full passes
    # over them cost ~15% of a warm build's CPU; one command's run needs none (young reference
    # cycles are still collected as usual).
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, 1000)
    cli(prog_name="readinggroup")


__all__ = ["ExitCode", "cli", "main"]
