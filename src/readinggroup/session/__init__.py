"""The session file ``sessions/YYYY-MM.yaml``: one codec, derived from the model's field rules.

Reading (``read``, checked by ``schema``, worded by ``problems``), writing (``write``) and
merging (``merge``) all follow each field's ``field_rules.Stored``, declared once beside the
model in ``models.py``; ``yaml_text`` is the YAML in and out, ``lock`` the one writer at a time,
``run`` one command's session. Only what a command uses is imported: reading takes no lock and
no merge.
"""

from __future__ import annotations

from pathlib import Path

from readinggroup.months import Month
from readinggroup.session.read import MAX_SESSION_BYTES, load_session, read_session
from readinggroup.session.write import HEADER, dump_session, save_session

__all__ = [
    "HEADER",
    "MAX_SESSION_BYTES",
    "dump_session",
    "load_session",
    "read_session",
    "save_session",
    "session_path",
]


def session_path(sessions_dir: Path, month: Month) -> Path:
    """Where the session of *month* lives."""
    return sessions_dir / f"{month}.yaml"
