"""The one orchestrator: each command loads the session once, runs the stages it needs, and
saves after every stage that changed something, so an error later in the run loses nothing.

The CLI only parses arguments and reports; the stages (``stages/``) never touch files; the
session is loaded and saved through ``session.run.SessionRun``. Every stage is imported by the
command that runs it, so a command loads no more than it uses (``show`` is in ``views.py``).
One module per command family: ``fetching`` (fetch), ``drafting`` (translate, summarize),
``building`` (build), ``deck`` (pickup, render, export) and ``plumbing``, what they share.
"""

from __future__ import annotations

from readinggroup.commands.building import build
from readinggroup.commands.deck import choose, export_pdf, render, render_slides
from readinggroup.commands.drafting import summarize, translate
from readinggroup.commands.fetching import fetch

__all__ = [
    "build",
    "choose",
    "export_pdf",
    "fetch",
    "render",
    "render_slides",
    "summarize",
    "translate",
]
