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
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast, get_args

from readinggroup.atomic_files import write_text_atomically
from readinggroup.errors import SessionFileError
from readinggroup.field_rules import Stored, file_key, is_record, stored_rules
from readinggroup.models import HUMAN, EditableField, Paper, Session
from readinggroup.session.read import read_session
from readinggroup.session.yaml_text import OneLine, dump_document
from readinggroup.text.showable import without_unshowable

if TYPE_CHECKING:
    from readinggroup.session.merge import Merged

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
    from readinggroup.session.merge import merge_sessions

    path.parent.mkdir(parents=True, exist_ok=True)
    with session_lock(path):
        if base is not None and path.exists():
            current = read_session(path)
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
