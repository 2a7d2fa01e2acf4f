"""Reading ``sessions/YYYY-MM.yaml``: strict schema, exact error places.

People edit the file, so a typo'd key or a wrong type is an error that names the file, the line
and the field, and a broken file is never written over. A file caught mid-save by an editor is
read again until it settles. YAML details live in ``yaml_text``, the schema in ``schema``.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
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
    return _settled(path, lambda: _read_bytes(path), lambda: quiet_for(path))[0]


def read_open_session(path: Path, handle: int) -> tuple[Session, bytes]:
    """The session in the open regular file *handle* (of *path*, which may since name another
    file), read again while an editor is still writing it, and the bytes it was read from."""

    def read() -> bytes:
        data = read_open_file(handle)
        if len(data) > MAX_SESSION_BYTES:  # grown past the cap since it was loaded
            _refuse_too_large(path, max(len(data), os.fstat(handle).st_size))
        return data

    return _settled(path, read, lambda: quiet_for(handle))


def read_open_file(handle: int) -> bytes:
    """The bytes of the open file *handle*, from its start (at most one over the cap)."""
    return os.pread(handle, MAX_SESSION_BYTES + 1, 0)


def _settled(
    path: Path, read: Callable[[], bytes], quiet: Callable[[], float]
) -> tuple[Session, bytes]:
    """Parse what *read* gives; a file that does not parse (or is cut inside a character) and
    was written less than SETTLE_QUIET_SECONDS ago (*quiet*) is read again."""
    data = read()
    for _ in range(SETTLE_TRIES):
        # An editor that saves in place (truncate, then write) shows a reader an empty or
        # half-written file for a moment; cut at a line's end, a half may even parse. A file
        # written just now that does not parse, or does not end its last line, is read again.
        # (an empty file is what every in-place save shows first: it gets the whole wait)
        if data.endswith(b"\n") or (data and quiet() >= SETTLE_QUIET_SECONDS):
            try:
                return _parse(_decoded(data, path), path), data
            except SessionFileError:
                if quiet() >= SETTLE_QUIET_SECONDS:
                    raise
        time.sleep(SETTLE_SECONDS)
        data = read()
    return _parse(_decoded(data, path), path), data


def quiet_for(path: Path | int) -> float:
    """Seconds since the file at *path* (or open as *path*) was last written (infinite if it
    cannot be told)."""
    try:
        status = os.fstat(path) if isinstance(path, int) else path.stat()
        return time.time() - status.st_mtime
    except OSError:
        return float("inf")


def _read_bytes(path: Path) -> bytes:
    """The bytes of the session file: a regular file only (a named pipe would block, a device
    fill the memory), at most MAX_SESSION_BYTES."""
    from readinggroup.textfiles import read_file_bytes

    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # reported below, by the read
    _refuse_too_large(path, size)
    data = read_file_bytes(
        path, what="the session file", limit=MAX_SESSION_BYTES, error=SessionFileError
    )
    if data is None:
        raise SessionFileError(
            f"{path}: no such session; run `readinggroup fetch {path.stem}` to create it"
        )
    return data


def _refuse_too_large(path: Path, size: int) -> None:
    if size > MAX_SESSION_BYTES:
        raise SessionFileError(
            f"{path} is {size / 1e6:.1f} MB, more than the {MAX_SESSION_BYTES // 10**6} MB a "
            "session file may be; some field holds far too much text (an arXiv abstract has at "
            "most 1,920 characters): shorten it"
        )


def _decoded(data: bytes, path: Path) -> str:
    try:
        return data.decode("utf-8")
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
