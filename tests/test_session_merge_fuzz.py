"""Whatever two sides do to a session at once, the merge is a session file that loads."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from readinggroup.models import ListEntry, Paper, Session
from readinggroup.session import load_session, save_session
from readinggroup.session.merge import merge_sessions

EXAMPLE = Path(__file__).parent.parent / "sessions" / "2021-10.yaml"
BASE = load_session(EXAMPLE)
IDS = [paper.id for paper in BASE.papers]


def _set_text(session: Session, index: int, text: str) -> Session:
    paper = session.papers[index % len(session.papers)]
    return _replace_paper(session, paper.with_text("title_ja", text, writer="google"))


def _set_notes(session: Session, index: int, text: str) -> Session:
    paper = session.papers[index % len(session.papers)]
    return _replace_paper(session, replace(paper, notes=text))


def _pick(session: Session, index: int, _: str) -> Session:
    chosen = session.papers[index % len(session.papers)].id
    return session.with_papers(tuple(replace(p, pickup=p.id == chosen) for p in session.papers))


def _delete(session: Session, index: int, _: str) -> Session:
    gone = session.papers[index % len(session.papers)].id
    lists = tuple(
        replace(
            ranked,
            entries=tuple(
                replace(entry, rank=rank)
                for rank, entry in enumerate((e for e in ranked.entries if e.id != gone), 1)
            ),
        )
        for ranked in session.lists
    )
    return replace(session, lists=lists, papers=tuple(p for p in session.papers if p.id != gone))


def _rank_new(session: Session, index: int, _: str) -> Session:
    new = Paper(id=f"2110.{index % 10000:05d}", version=1)
    ranked = session.lists[0]
    entries = (ListEntry(1, new.id), *(replace(e, rank=e.rank + 1) for e in ranked.entries))
    papers = session.papers if session.paper(new.id) else (*session.papers, new)
    return replace(
        session, lists=(replace(ranked, entries=entries), *session.lists[1:]), papers=papers
    )


def _replace_paper(session: Session, paper: Paper) -> Session:
    return session.with_papers(tuple(paper if p.id == paper.id else p for p in session.papers))


edits = st.lists(
    st.tuples(
        st.sampled_from([_set_text, _set_notes, _pick, _delete, _rank_new]),
        st.integers(0, 50),
        st.text("あいうabc ", min_size=1, max_size=8),
    ),
    max_size=6,
)


def _apply(session: Session, steps: list[tuple[object, int, str]]) -> Session:
    for edit, index, text in steps:
        session = edit(session, index, text)  # type: ignore[operator]
    return session


@settings(max_examples=30, deadline=None)
@given(ours_steps=edits, theirs_steps=edits)
def test_any_two_edits_merge_into_a_file_that_loads(
    ours_steps: list[tuple[object, int, str]], theirs_steps: list[tuple[object, int, str]]
) -> None:
    ours, theirs = _apply(BASE, ours_steps), _apply(BASE, theirs_steps)
    merged = merge_sessions(BASE, ours, theirs).session
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "2021-10.yaml"
        save_session(merged, path)
        assert load_session(path) == merged
    for paper in theirs.papers:  # nothing the file changed is lost
        before, after = BASE.paper(paper.id), merged.paper(paper.id)
        if after is not None and before is not None:
            assert after.notes == paper.notes or paper.notes == before.notes
            assert after.title_ja == paper.title_ja or paper.title_ja == before.title_ja
