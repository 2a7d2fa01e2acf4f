"""Reading and writing ``sessions/YYYY-MM.yaml``: strict schema, exact error places, atomic
writes that keep what others wrote meanwhile.

The file is the one source of truth between the network and the deck, and people edit it, so a
typo'd key or a wrong type is an error that names the file, the line and the field, and a broken
file is never written over. A save re-reads the file under a lock and merges (``session_merge``):
an edit made while a command ran is not lost. YAML details live in ``session_yaml``, the schema
in ``session_schema``.
"""

from __future__ import annotations

import dataclasses
import errno
import logging
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast, get_args

from readinggroup.atomic_files import write_text_atomically
from readinggroup.errors import SessionFileError
from readinggroup.models import (
    HUMAN,
    OMITTED_WHEN_NONE,
    SCHEMA_VERSION,
    SUMMARY_LABELS,
    EditableField,
    Month,
    Paper,
    Session,
    Summary,
)
from readinggroup.session_yaml import (
    DocumentProblem,
    OneLine,
    closest_line,
    dump_document,
    format_location,
    parse_document,
)
from readinggroup.text.showable import without_unshowable

if TYPE_CHECKING:
    from readinggroup.session_merge import Merged

log = logging.getLogger(__name__)

HEADER = """\
# readinggroup session file: the lists and papers of one meetup, and the text of its deck.
# Edit any text freely (title_ja, abstract_ja, summary, notes, pickup): readinggroup fills only
# empty fields and never overwrites what you wrote. Comments are not kept: put remarks in notes.
"""


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
    session = _read(path)
    _warn_unlisted_pickup(session, path)
    return session


def _read(path: Path) -> Session:
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
    # the schema (pydantic and its models) only when a session is read: `export` of an
    # up-to-date deck never reads one
    from pydantic import ValidationError

    from readinggroup.session_schema import (
        Problem,
        SessionDoc,
        describe_validation_error,
        to_session,
    )

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
        session = to_session(SessionDoc.model_validate(raw), path)
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


def dump_session(session: Session) -> str:
    """The YAML text of *session*, keys in a stable order, Japanese kept readable."""
    document: dict[str, Any] = {
        "schema_version": session.schema_version,
        "month": str(session.month),
        "title": session.title,
        "group": session.group,
        "date": session.date,
        "event_url": session.event_url,
        "window": str(session.window),
        "settings": dict(session.settings),
        "lists": [
            {
                "label": ranked.label,
                "sources": list(ranked.sources),
                "size": ranked.size,
                "window": str(ranked.window) if ranked.window else None,
                "entries": [
                    OneLine(rank=e.rank, id=e.id, score=e.score, scores=dict(e.scores))
                    for e in ranked.entries
                ],
            }
            for ranked in session.lists
        ],
        "papers": [_paper_document(paper) for paper in session.papers],
    }
    return HEADER + dump_document(document)


def _paper_document(paper: Paper) -> dict[str, Any]:
    document: dict[str, Any] = {}
    for item in dataclasses.fields(Paper):
        value = getattr(paper, item.name)
        if value is None and item.metadata.get(OMITTED_WHEN_NONE):
            continue
        if isinstance(value, tuple):
            value = [_record_line(element) for element in value]
        elif isinstance(value, Summary):
            value = {label: value.get(name) for name, label in SUMMARY_LABELS.items()}
        elif isinstance(value, Mapping):
            value = dict(value)
        document[item.name] = value
        if item.name == "version":
            document["url"] = paper.url
    document["abstract"] = paper.abstract or None
    return document


def _record_line(value: Any) -> Any:
    """A record inside a paper (models.AuthorAffiliations) as one flow mapping; else as is."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return OneLine({f.name: _record_line(getattr(value, f.name)) for f in fields})
    return list(value) if isinstance(value, tuple) else value


def save_session(session: Session, path: Path, *, base: Session | None = None) -> Session:
    """Write *session* to *path* atomically, keeping what others wrote since *base*; return
    what was written.

    *base* is the session the caller loaded (None: write *session* as it is). Under the
    session's lock the file is read again; if it changed since *base*, the caller's changes are
    applied to it field by field (:func:`merge_sessions`), the file's text winning where both
    changed a field, and each change left out is said as a warning.
    """
    try:
        return _save(session, path, base)
    except OSError as err:  # a read-only folder, a full disk: the file stays as it was
        if err.errno not in (errno.EACCES, errno.EPERM, errno.ENOSPC):
            raise  # a file where a folder belongs …: the CLI's edge names that path
        raise SessionFileError(
            f"{path}: could not save ({err.strerror or err}); make {path.parent} writable (or "
            "free some space) and run again — the file was left as it was"
        ) from err


def _save(session: Session, path: Path, base: Session | None) -> Session:
    # Only a save locks and merges: commands that just read (show, render) import neither.
    from readinggroup.session_lock import session_lock
    from readinggroup.session_merge import merge_sessions

    path.parent.mkdir(parents=True, exist_ok=True)
    with session_lock(path):
        if base is not None and path.exists():
            current = _read(path)
            merged = merge_sessions(base, session, current)
            session = merged.session
            _say_skipped(path, merged)
            if session == current:  # nothing of this run's left to add: keep the file's text
                return session
        session = _showable(session, path)
        write_text_atomically(path, dump_session(session))
    return session


def _showable(session: Session, path: Path) -> Session:
    """*session* without characters a slide cannot hold, which a service may have answered:
    written, they would make the file refuse to load. Machine text stays machine text."""
    papers = []
    for paper in session.papers:
        cleaned = without_unshowable(paper)
        if cleaned != paper:
            log.warning("%s: %s: characters slides cannot show were dropped", path, paper.id)
            for name in get_args(EditableField):
                writer = paper.provenance.get(name, HUMAN).rpartition(":")[0]
                if cleaned.value(name) != paper.value(name) and not paper.is_human_text(name):
                    cleaned = cleaned.with_text(name, cleaned.value(name), writer=writer)
        papers.append(cleaned)
    return session.with_papers(tuple(papers))


def _say_skipped(path: Path, merged: Merged) -> None:
    """A warning per change of this run left out because the file changed the same field."""
    if merged.lists_replaced:
        log.warning("%s: the lists were edited while this ran; the new ranking replaces them", path)
    for skipped in merged.skipped:
        paper = merged.session.paper(skipped.where)
        machine = paper is not None and _is_machine_text(paper, skipped.field)
        log.log(
            logging.INFO if machine else logging.WARNING,  # another run was first: no news
            "%s: %s was changed in the file while this ran; the file's text is kept and this "
            "run's is not saved",
            path,
            skipped,
        )


def _is_machine_text(paper: Paper, field: str) -> bool:
    """Whether *field* of *paper* holds unedited machine text (e.g. another run's)."""
    if field not in get_args(EditableField):
        return False
    name = cast(EditableField, field)
    return bool(paper.value(name)) and not paper.is_human_text(name)


def session_path(sessions_dir: Path, month: Month) -> Path:
    """Where the session of *month* lives."""
    return sessions_dir / f"{month}.yaml"
