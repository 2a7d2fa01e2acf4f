"""The workspace's other months: the sessions of a year (``review``) and of the months before
one (``fetch`` deciding which papers the group has already read)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from readinggroup.errors import InputError, ReadingGroupError
from readinggroup.models import Session
from readinggroup.months import Month
from readinggroup.session import load_session

if TYPE_CHECKING:
    from readinggroup.config import Config
    from readinggroup.workspace import Workspace

log = logging.getLogger(__name__)
RepeatsDecider = Callable[[Session], Session]


def year_sessions(year: int, workspace: Workspace) -> list[Session]:
    """The sessions of *year*'s months that have one; none at all is an InputError."""
    paths = [workspace.session_path(Month(year, number)) for number in range(1, 13)]
    sessions = [load_session(path) for path in paths if path.exists()]
    if not sessions:
        folder = workspace.session_path(Month(year, 1)).parent
        raise InputError(
            f"{folder} holds no session of {year} ({year}-MM.yaml); run `readinggroup fetch "
            f"{year}-MM` for one of its months first, or check the year"
        )
    return sessions


def sessions_before(month: Month, workspace: Workspace) -> list[Session]:
    """The sessions of the months before *month*; one that cannot be read is named and
    passed over (its papers are then not known as read)."""
    folder = workspace.session_path(month).parent
    sessions = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            earlier = Month.parse(path.stem)
        except InputError:
            continue  # not a month's session (a copy, a glossary)
        if earlier >= month:
            continue
        try:
            sessions.append(load_session(path))
        except ReadingGroupError as err:
            log.warning("%s; its papers are not counted as read before", err)
    return sessions


def repeats_decider(month: Month, *, workspace: Workspace, config: Config) -> RepeatsDecider:
    """What decides *month*'s repeats (``stages/repeats.py``) against the months before it,
    read once: papers read before are marked, or left out with ``repeats = "skip"``."""
    from readinggroup.stages.repeats import decide_repeats, read_months

    read = read_months(sessions_before(month, workspace), before=month)
    skip = config.repeats == "skip"
    return lambda session: decide_repeats(session, read=read, skip=skip)[0]
