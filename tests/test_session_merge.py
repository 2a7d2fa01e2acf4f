"""The three-way merge a save does when the file changed since the stage loaded it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from readinggroup.models import ListEntry, Paper, Session
from readinggroup.session import load_session, save_session
from readinggroup.session.merge import Skipped, merge_sessions

EXAMPLE = Path(__file__).parent.parent / "sessions" / "2021-10.yaml"
FIRST, SECOND = "2106.10860", "2109.00301"


@pytest.fixture(scope="module")
def base() -> Session:
    session = load_session(EXAMPLE)
    papers = tuple(replace(paper, title_ja="", provenance={}) for paper in session.papers)
    return session.with_papers(papers)


def _edit(session: Session, paper_id: str, **changes: object) -> Session:
    return session.with_papers(
        tuple(replace(p, **changes) if p.id == paper_id else p for p in session.papers)  # type: ignore[arg-type]
    )


def _paper(session: Session, paper_id: str) -> Paper:
    paper = session.paper(paper_id)
    assert paper is not None
    return paper


def test_nothing_changed_in_the_file_writes_the_stage_result(base: Session) -> None:
    ours = _edit(base, FIRST, title_ja="機械訳")
    assert merge_sessions(base, ours, base).session is ours


def test_fields_changed_on_different_sides_are_both_kept(base: Session) -> None:
    ours = base.with_papers(
        tuple(p.with_text("title_ja", f"訳{p.id}", writer="google") for p in base.papers)
    )
    theirs = _edit(base, SECOND, notes="人のメモ")
    merged = merge_sessions(base, ours, theirs)
    assert merged.skipped == ()
    assert _paper(merged.session, SECOND).notes == "人のメモ"
    assert _paper(merged.session, SECOND).title_ja == f"訳{SECOND}"
    assert _paper(merged.session, SECOND).provenance["title_ja"].startswith("google:")


def test_a_field_both_changed_keeps_the_file_text_and_says_so(base: Session) -> None:
    ours = _edit(base, FIRST, title_ja="機械訳", provenance={"title_ja": "google:0123456789"})
    theirs = _edit(base, FIRST, title_ja="人の訳")
    merged = merge_sessions(base, ours, theirs)
    paper = _paper(merged.session, FIRST)
    assert paper.title_ja == "人の訳"
    assert "title_ja" not in paper.provenance  # the human's text is not marked machine text
    assert paper.is_human_text("title_ja")
    assert merged.skipped == (Skipped(FIRST, "title_ja"),)
    assert str(merged.skipped[0]) == "2106.10860 title_ja"


def test_summary_lines_merge_line_by_line(base: Session) -> None:
    paper = _paper(base, FIRST)
    ours = _edit(base, FIRST, summary=replace(paper.summary, purpose="機械の目的"))
    theirs = _edit(base, FIRST, summary=replace(paper.summary, result="人の成果"))
    merged = _paper(merge_sessions(base, ours, theirs).session, FIRST)
    assert (merged.summary.purpose, merged.summary.result) == ("機械の目的", "人の成果")


def test_new_ranking_is_the_stage_s_and_new_papers_are_added(base: Session) -> None:
    new = Paper(id="2110.00001", version=1)
    ranked = replace(base.lists[0], entries=(ListEntry(1, new.id), *base.lists[0].entries[1:]))
    ours = replace(base, lists=(ranked, *base.lists[1:]), papers=(*base.papers, new))
    theirs = _edit(base, SECOND, notes="メモ")
    merged = merge_sessions(base, ours, theirs).session
    assert merged.lists[0].entries[0].id == new.id
    assert merged.papers[-1] == new
    assert _paper(merged, SECOND).notes == "メモ"


def test_a_paper_deleted_by_hand_stays_deleted_unless_ranked_again(base: Session) -> None:
    unlisted = Paper(id="2101.00001", title="Old")
    base = base.with_papers((*base.papers, unlisted))
    ours = _edit(base, unlisted.id, title_ja="訳")
    theirs = base.with_papers(base.papers[:-1])
    assert merge_sessions(base, ours, theirs).session.paper(unlisted.id) is None
    ranked = replace(base.lists[0], entries=(*base.lists[0].entries, ListEntry(11, unlisted.id)))
    merged = merge_sessions(base, replace(ours, lists=(ranked, base.lists[1])), theirs).session
    assert _paper(merged, unlisted.id).title_ja == "訳"


def test_a_paper_the_stage_dropped_stays_if_edited_meanwhile(base: Session) -> None:
    extra = Paper(id="2101.00001", title="Old")
    base = base.with_papers((*base.papers, extra))
    ours = base.with_papers(base.papers[:-1])
    assert merge_sessions(base, ours, _edit(base, FIRST, notes="x")).session.paper(extra.id) is None
    kept = merge_sessions(base, ours, _edit(base, extra.id, notes="まだ使う")).session
    assert _paper(kept, extra.id).notes == "まだ使う"


def test_save_with_base_keeps_an_edit_made_since_and_warns_on_conflict(
    tmp_path: Path, base: Session, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "2021-10.yaml"
    save_session(base, path)
    edited = (
        path.read_text("utf-8")
        .replace("  notes: ''", "  notes: 人が書いたメモ", 1)
        .replace("  title_ja: ''", "  title_ja: 人の訳", 1)
    )
    path.write_text(edited, "utf-8")
    ours = base.with_papers(
        tuple(p.with_text("title_ja", "機械訳", writer="google") for p in base.papers)
    )
    written = save_session(ours, path, base=base)
    assert written == load_session(path)
    assert _paper(written, FIRST).notes == "人が書いたメモ"
    assert _paper(written, FIRST).title_ja == "人の訳"
    assert _paper(written, SECOND).title_ja == "機械訳"
    assert [record.getMessage() for record in caplog.records] == [
        f"{path}: 2106.10860 title_ja was changed in the file while this ran; the file's text "
        "is kept and this run's is not saved"
    ]


def test_a_save_with_nothing_left_to_add_leaves_the_file_as_written(
    tmp_path: Path, base: Session
) -> None:
    path = tmp_path / "2021-10.yaml"
    save_session(base, path)
    edited = path.read_text("utf-8").replace("  title_ja: ''", "  title_ja: 人の訳  # 仮", 1)
    path.write_text(edited, "utf-8")
    ours = _edit(base, FIRST, title_ja="機械訳", provenance={"title_ja": "google:0123456789"})
    written = save_session(ours, path, base=base)
    assert _paper(written, FIRST).title_ja == "人の訳"
    assert path.read_text("utf-8") == edited  # the comment too


def test_two_different_pickups_keep_the_file_s(base: Session) -> None:
    ours = _edit(_edit(base, "2109.04454", pickup=False), FIRST, pickup=True)
    theirs = _edit(_edit(base, "2109.04454", pickup=False), SECOND, pickup=True)
    merged = merge_sessions(base, ours, theirs)
    assert [p.id for p in merged.session.papers if p.pickup] == [SECOND]
    assert merged.skipped == (Skipped(FIRST, "pickup"),)


def test_a_new_ranking_replaces_lists_edited_meanwhile_and_says_so(base: Session) -> None:
    reranked = replace(base.lists[0], entries=tuple(reversed(base.lists[0].entries)))
    ours = replace(base, lists=(reranked, base.lists[1]))
    theirs = replace(base, lists=(replace(base.lists[0], label="Recent"), base.lists[1]))
    merged = merge_sessions(base, ours, theirs)
    assert merged.session.lists == ours.lists
    assert merged.lists_replaced
    assert merged.skipped == ()
