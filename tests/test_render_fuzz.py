"""Rendering arbitrary Unicode: emoji, right-to-left text, combining marks and characters XML
cannot hold, in every text a slide shows, always gives a .pptx that opens again."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pptx import Presentation

from readinggroup.paper_records import Summary
from readinggroup.plan import plan_deck
from readinggroup.render.pptx_deck import render_deck
from readinggroup.session import load_session

EXAMPLE = Path(__file__).parent.parent / "sessions" / "2021-10.yaml"
SAMPLES = [
    "🤗🚀👩‍🔬",
    "שלום עולם",
    "مرحبا",
    "e\u0301\u0308\u20dd",
    "\x00\x0b\x1f\ufffe\uffff\ud7ff",
]
TEXT = st.one_of(
    st.text(max_size=80),
    st.lists(st.sampled_from(SAMPLES), max_size=4).map("".join),
    st.text(alphabet=st.characters(max_codepoint=0x2FF), max_size=40),
)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=TEXT, abstract=TEXT, line=TEXT, notes=TEXT)
def test_any_text_renders_to_a_deck_that_reopens(
    tmp_path: Path, title: str, abstract: str, line: str, notes: str
) -> None:
    session = load_session(EXAMPLE)
    first = dataclasses.replace(
        session.papers[0],
        title_ja=title,
        abstract_ja=abstract,
        summary=Summary(purpose=line, names=line, affiliations=line),
        notes=notes,
    )
    session = session.with_papers((first, *session.papers[1:]))
    slides = plan_deck(session)
    out = render_deck(slides, tmp_path / "fuzz.pptx", fonts=None)
    assert len(Presentation(str(out)).slides) == len(slides)
