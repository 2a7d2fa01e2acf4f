"""Reading ``sessions/YYYY-MM.yaml``: strict schema, exact error places.

People edit the file, so a typo'd key or a wrong type is an error that names the file, the line
and the field, and a broken file is never written over. A file caught mid-save by an editor is
read again until it settles. YAML details live in ``yaml_text``, the schema in ``schema``.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from readinggroup.errors import SessionFileError
from readinggroup.models import SCHEMA_VERSION, Session
from readinggroup.session.yaml_problems import DocumentProblem, closest_line, format_location
from readinggroup.session.yaml_text import parse_document

log = logging.getLogger(__name__)

# A 200-paper session is under 1 MB; a much larger file is a paste gone wrong, and would take
# minutes to parse.
MAX_SESSION_BYTES = 5 * 10**6

# A file that does not parse is read again, this often and this far apart, until it has not
# been written for SETTLE_QUIET_SECONDS: only then is it what the person saved.
SETTLE_TRIES = 20
SETTLE_SECONDS = 0.1
SETTLE_QUIET_SECONDS = 0.25


def load_session(path: Path) -> Session:
    """Read the session file at *path*; raise SessionFileError naming file, line and field."""
    session = read_session(path)
    _warn_unlisted_pickup(session, path)
    return session


def read_session(path: Path) -> Session:
    """The session in the file at *path*, read again while an editor is still writing it."""
    text = _read_text(path)
    for _ in range(SETTLE_TRIES):
        try:
            return _parse(text, path)
        except SessionFileError:
            # An editor that saves in place (truncate, then write) shows a reader an empty or
            # half-written file for a moment: a file written just now is read again.
            if _quiet_for(path) >= SETTLE_QUIET_SECONDS:
                raise
            time.sleep(SETTLE_SECONDS)
            text = _read_text(path)
    return _parse(text, path)


def _quiet_for(path: Path) -> float:
    """Seconds since *path* was last written (infinite if it cannot be told)."""
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return float("inf")


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # reported below, by the read
    if size > MAX_SESSION_BYTES:
        raise SessionFileError(
            f"{path} is {size / 1e6:.1f} MB, more than the {MAX_SESSION_BYTES // 10**6} MB a "
            "session file may be; some field holds far too much text (an arXiv abstract has at "
            "most 1,920 characters): shorten it"
        )
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SessionFileError(
            f"{path}: no such session; run `readinggroup fetch {path.stem}` to create it"
        ) from None
    except UnicodeDecodeError as err:
        raise SessionFileError(f"{path}: not UTF-8 text ({err.reason}); save it as UTF-8") from None


def _parse(text: str, path: Path) -> Session:
    # the schema (pydantic-core and the validator derived from the model) only when a session
    # is read: `export` of an up-to-date deck never reads one
    from pydantic_core import ValidationError

    from readinggroup.session.checks import to_session
    from readinggroup.session.problems import Problem, describe_validation_error
    from readinggroup.session.schema import document_validator

    try:
        raw, lines = parse_document(text)
    except DocumentProblem as problem:
        where = f", line {problem.line}" if problem.line else ""
        raise SessionFileError(
            f"{path}{where}: {problem}; {problem.hint} and run again (the file was left untouched)"
        ) from None
    if not isinstance(raw, dict):
        raise SessionFileError(
            f"{path}: expected a mapping of session fields (schema_version, month, lists, "
            "papers) at the top level; fix it and run again (the file was left untouched)"
        )
    version = raw.get("schema_version")
    if isinstance(version, int) and version > SCHEMA_VERSION:
        raise SessionFileError(
            f"{path}: schema_version {version} is newer than this readinggroup understands "
            f"({SCHEMA_VERSION}); upgrade readinggroup"
        )
    try:
        session = to_session(document_validator().validate_python(raw), path)
    except ValidationError as err:
        raise SessionFileError(describe_validation_error(path, lines, err)) from None
    except Problem as problem:
        line = closest_line(lines, problem.location)
        raise SessionFileError(
            f"{path}{f', line {line}' if line else ''}: {format_location(problem.location)}: "
            f"{problem} and run again (the file was left untouched)"  # each ends with what to do
        ) from None
    return session


def _warn_unlisted_pickup(session: Session, path: Path) -> None:
    """A pickup the deck cannot show (its paper left the lists) is said, not dropped silently."""
    pickup = session.pickup
    listed = {entry.id for ranked in session.lists for entry in ranked.entries}
    if pickup is not None and pickup.id not in listed:
        log.warning(
            "%s: the pickup %s is on none of the lists, so the deck shows no pickup; choose a "
            "listed paper with `readinggroup pickup %s ID`",
            path,
            pickup.id,
            session.month,
        )
