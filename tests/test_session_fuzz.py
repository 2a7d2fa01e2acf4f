"""Any text a person or a service writes into an editable field reads back exactly; typed
characters a slide cannot hold are refused with their field."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinggroup.errors import SessionFileError
from readinggroup.models import EditableField, Paper, Session
from readinggroup.session import dump_session, load_session, save_session

EXAMPLE = Path(__file__).parent.parent / "sessions" / "2021-10.yaml"
_SESSION = load_session(EXAMPLE)
_SESSION = Session(_SESSION.month, _SESSION.title, _SESSION.window, papers=_SESSION.papers[:2])
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# every code point but surrogates (not UTF-8), weighted toward YAML's and XML's odd ones
_ODD = "\t\n\r \x85\xa0\u2028\u2029\ufeff\u200b#:'\"-?|>&*!%@`{}[],\\"
texts = st.text(
    st.one_of(st.sampled_from(_ODD), st.characters(exclude_categories=["Cs"])), max_size=40
).filter(lambda text: not _REFUSED.search(text))
fields: list[EditableField] = [
    "title_ja",
    "abstract_ja",
    "summary.purpose",
    "summary.result",
    "summary.method",
    "summary.names",
    "summary.affiliations",
]


def _with(paper: Paper, values: dict[EditableField, str]) -> Paper:
    for name, text in values.items():
        paper = paper.with_text(name, text, writer="human")
    return paper


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.fixed_dictionaries({name: texts for name in fields}), notes=texts)
def test_save_then_load_gives_back_every_text(values: dict[EditableField, str], notes: str) -> None:
    from dataclasses import replace

    paper = replace(_with(_SESSION.papers[0], values), notes=notes)
    session: Session = _SESSION.with_papers((paper, *_SESSION.papers[1:]))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "2021-10.yaml"
        save_session(session, path)
        assert load_session(path) == session
        assert path.read_text("utf-8") == dump_session(session)


@settings(max_examples=50, deadline=None)
@given(
    before=texts,
    bad=st.sampled_from([*map(chr, range(0x00, 0x09)), "\x0b", "\x0c", "\x1b", "\ufffe", "\uffff"]),
)
def test_a_character_slides_cannot_hold_is_refused_with_its_field(before: str, bad: str) -> None:
    paper = _SESSION.papers[0].with_text("title_ja", before + bad, writer="human")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "2021-10.yaml"
        path.write_text(dump_session(_SESSION.with_papers((paper, *_SESSION.papers[1:]))))
        os.utime(path, (0, 0))  # saved long ago: no editor is still writing it
        with pytest.raises(SessionFileError) as caught:
            load_session(path)
    assert f"papers[0].title_ja holds U+{ord(bad):04X}, a character slides cannot show" in str(
        caught.value
    )
