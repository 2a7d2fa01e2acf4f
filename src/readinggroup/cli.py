"""The command line: parses arguments, calls commands, reports. No HTTP and no pptx here."""

from __future__ import annotations

import gc
import os
import sys
from typing import Any

import click

from readinggroup import __version__
from readinggroup.cli_deck import export, render, review, show
from readinggroup.cli_params import FolderType
from readinggroup.cli_session import build, fetch, init, pickup, summarize, translate
from readinggroup.cli_state import CliState
from readinggroup.errors import ExitCode, ReadingGroupError, describe_os_error


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
    ctx.obj = CliState(Path(directory), ctx.obj, quiet=quiet > 0)


def _tolerant_streams() -> None:
    """A terminal that cannot show Japanese (PYTHONIOENCODING=ascii) gets "?" instead of a
    crash."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


for command in (init, build, fetch, translate, summarize, pickup, render, export, review, show):
    cli.add_command(command)


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
