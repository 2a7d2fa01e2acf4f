"""The commands that work from the session: render, export, review and show (click definitions
only; ``commands/``, ``publish.py`` and ``views.py`` do the work)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from readinggroup.cli_output import finish
from readinggroup.cli_params import MONTH, template_option

if TYPE_CHECKING:  # `--help` imports none of these: commands import them when they run
    from readinggroup.cli_state import CliState
    from readinggroup.months import Month


@click.command()
@click.argument("month", type=MONTH)
@template_option
@click.pass_obj
def render(state: CliState, month: Month, template: str | None) -> None:
    """Write output/MONTH.pptx from the session file alone (no network)."""
    from readinggroup import commands

    finish(
        commands.render(month, workspace=state.workspace, config=state.config(template=template))
    )


@click.command()
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
    state: CliState,
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


@click.command()
@click.argument("year", type=click.IntRange(1991, 2200))
@template_option
@click.pass_obj
def review(state: CliState, year: int, template: str | None) -> None:
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


@click.command()
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
def show(state: CliState, month: Month, summaries: bool, todo: bool) -> None:
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
