"""The commands that make and fill the month's session: init, build, fetch, translate, summarize
and pickup (click definitions only; ``commands/`` does the work)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from readinggroup.cli_output import finish
from readinggroup.cli_params import (
    MONTH,
    ArxivIdType,
    template_option,
    translator_option,
    window_option,
)

if TYPE_CHECKING:  # `--help` imports none of these: commands import them when they run
    from readinggroup.cli_state import CliState
    from readinggroup.months import Month, WindowSpec


@click.command()
@click.pass_obj
def init(state: CliState) -> None:
    """Create readinggroup.toml with every setting and its default."""
    from readinggroup.cli_output import to_stdout
    from readinggroup.config_file import write_config_template

    written = write_config_template(state.root)
    with to_stdout():
        click.echo(str(written))


@click.command()
@click.argument("month", type=MONTH)
@window_option
@translator_option
@template_option
@click.pass_obj
def build(
    state: CliState,
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


@click.command()
@click.argument("month", type=MONTH)
@window_option
@click.option(
    "--refresh",
    is_flag=True,
    help="Ask the ranking services again instead of reusing their answers of the last day.",
)
@click.pass_obj
def fetch(state: CliState, month: Month, window: WindowSpec | None, refresh: bool) -> None:
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


@click.command()
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
    state: CliState,
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


@click.command()
@click.argument("month", type=MONTH)
@click.option(
    "--force", is_flag=True, help="Redraft lines that are already filled; look figures up again."
)
@click.pass_obj
def summarize(state: CliState, month: Month, force: bool) -> None:
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


@click.command()
@click.argument("month", type=MONTH)
@click.argument("paper", type=ArxivIdType())
@click.pass_obj
def pickup(state: CliState, month: Month, paper: str) -> None:
    """Mark PAPER (an arXiv id or URL) as the month's pickup."""
    from readinggroup import commands

    finish(commands.choose(month, paper, workspace=state.workspace))
