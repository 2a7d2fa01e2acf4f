"""Writing ``sessions/YYYY-MM.yaml``: the text derived from the model's field rules, saved
atomically under the session's lock, merged with what others wrote meanwhile.

A save re-reads the file under a lock and merges (``merge``): an edit made while a command ran
is not lost. How each paper field is written comes from its ``field_rules.Stored``.
"""

from __future__ import annotations

import dataclasses
import errno
import functools
import logging
import os
import stat
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, get_args

from readinggroup.atomic_files import FileState, file_state, real_file, write_text_atomically
from readinggroup.errors import SessionFileError
from readinggroup.field_rules import Stored, file_key, is_record, stored_rules
from readinggroup.models import HUMAN, EditableField, Session
from readinggroup.session.read import (
    SETTLE_QUIET_SECONDS,
    SETTLE_SECONDS,
    quiet_for,
    read_open_session,
    read_session,
)
from readinggroup.session.yaml_text import OneLine, dump_document
from readinggroup.text.showable import without_unshowable

log = logging.getLogger(__name__)

HEADER = """\
# readinggroup session file: the lists and papers of one meetup, and the text of its deck.
# Edit any text freely (title_ja, abstract_ja, summary, notes, pickup): readinggroup fills only
# empty fields and never overwrites what you wrote. Comments are not kept: put remarks in notes.
"""


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
        "papers": [_record_document(paper) for paper in session.papers],
    }
    return HEADER + dump_document(document)


def _record_document(record: Any) -> dict[str, Any]:
    """A paper (or a record inside it: the summary) as the file has it, as its fields' rules
    say: their keys, in field order, unset ones left out where the rule says so."""
    document: dict[str, Any] = {}
    for name, key, rules, default in _written_fields(record.__class__):
        value = getattr(record, name)
        if rules.omitted_when_unset and value == default:
            continue
        if rules.null_when_empty and not value:
            value = None
        elif rules.written is not None:
            value = rules.written(value)
        elif isinstance(value, tuple):
            value = [_record_line(element) for element in value]
        elif is_record(type(value)):
            value = _record_document(value)
        elif isinstance(value, Mapping):
            value = dict(value)
        document[key] = value
        if rules.then:
            document[rules.then] = getattr(record, rules.then)
    return document


@functools.cache
def _written_fields(record: Any) -> tuple[tuple[str, str, Stored, Any], ...]:
    """Per field of *record*: its name, its key in the file, its rules and its default."""
    return tuple(
        (item.name, file_key(item), stored_rules(item), item.default)
        for item in dataclasses.fields(record)
    )


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
    from readinggroup.session.lock import session_lock

    path.parent.mkdir(parents=True, exist_ok=True)
    with session_lock(path):
        for attempt in range(SAVE_TRIES):
            if base is None or not path.exists():
                return _write(session, path)
            written = _merge_and_write(
                session, path, base, last=attempt == SAVE_TRIES - 1, settle=attempt == 0
            )
            if written is not None:
                return written
    return _write(session, path)  # not reached: the last try writes whatever happens


def catch_late_writes(path: Path) -> Session | None:
    """At the end of a stage: after a grace for an editor seen busy, merge what was written
    into a file a save of this process replaced (see ``replaced``); the session in the file
    then, None when nothing was written late.

    Merging is a save too: it checks the file did not change between its reading and its
    rename (else reads again), and an editor may write into the file it replaced in turn, so
    it looks again after another grace, LATE_ROUNDS times at most."""
    from readinggroup.session import replaced
    from readinggroup.session.lock import session_lock

    caught = None
    for _ in range(LATE_ROUNDS):
        replaced.grace(path)
        if not replaced.written_late(path):
            break
        with session_lock(path):
            if not path.exists():
                break
            for attempt in range(SAVE_TRIES):
                last = attempt == SAVE_TRIES - 1
                written = _merge_and_write(None, path, None, last=last)
                if written is not None:
                    caught = written
                    break
    return caught


# A save reads the file, merges and writes it. An editor that saves in place (truncate, then
# write) may be halfway when the save reads, or write the file between the save's reading and
# its rename: a save that finds the file changed then reads and merges again, at most this
# many times (what it writes into the replaced file later is in ``replaced``).
SAVE_TRIES = 10
# How often the end of a stage looks for late writes (each look can replace a file again).
LATE_ROUNDS = 3
# A file written this recently by someone else may still be being written: a save waits for
# it to be this quiet (SETTLE_QUIET_SECONDS), at most this long before it goes on anyway.
SETTLE_WAIT_SECONDS = 0.3
_LAST_WRITTEN: dict[Path, FileState] = {}  # per real file, what this process wrote last


def _write(session: Session, path: Path) -> Session:
    session = _showable(session, path)
    text = dump_session(session)
    write_text_atomically(path, text)
    _LAST_WRITTEN[real_file(path)] = file_state(path, text.encode("utf-8"))
    return session


def _merge_and_write(
    session: Session | None,
    path: Path,
    base: Session | None,
    *,
    last: bool,
    settle: bool = True,
) -> Session | None:
    """Merge *session* (made from *base*; None: only the late writes) and the late writes into
    replaced files into the file and write it; None when the file changed meanwhile (on the
    *last* try it is written anyway). Returns what is in the file. With
    *settle*, a file someone else wrote just now is first given the time to become quiet."""
    from readinggroup.session import replaced
    from readinggroup.session.merge import merge_sessions, say_skipped

    handle, busy = _open_quiet(path, wait=SETTLE_WAIT_SECONDS if settle else 0.0)
    watched = False
    try:
        held, data = read_open_session(path, handle)
        seen = file_state(handle, data)
        current = held
        late_writes = replaced.late_writes(path)
        for earlier, late in late_writes:
            current = merge_sessions(earlier.held, late, current).session
        merged = current
        if session is not None and base is not None:
            result = merge_sessions(base, session, current)
            say_skipped(path, result)
            merged = result.session
        if merged == held:  # nothing of this run's left to add: keep the file's text
            replaced.forget(path, late_writes)
            return held
        written = _showable(merged, path)
        text = dump_session(written)
        if not write_text_atomically(path, text, unless_changed_from=None if last else seen):
            return None
        _LAST_WRITTEN[real_file(path)] = file_state(path, text.encode("utf-8"))
        replaced.forget(path, late_writes)
        if path.stat().st_ino != os.fstat(handle).st_ino:  # replaced, not written in place
            replaced.watch(path, replaced.Replaced(handle, seen, held), editor_seen=busy)
            watched = True
        return written
    finally:
        if not watched:
            os.close(handle)


def _open_quiet(path: Path, *, wait: float) -> tuple[int, bool]:
    """The session file open for reading once nobody else has written it for
    SETTLE_QUIET_SECONDS (at most *wait* seconds of waiting), and whether someone else had
    written it that recently."""
    deadline = time.monotonic() + wait
    while True:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            os.close(handle)
            read_session(path)  # says what the path is instead
        ours = file_state(handle) == _LAST_WRITTEN.get(real_file(path))
        busy = not ours and quiet_for(handle) < SETTLE_QUIET_SECONDS
        if not busy or time.monotonic() >= deadline:
            return handle, busy
        os.close(handle)
        time.sleep(SETTLE_SECONDS)


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
