"""What a save with ``base=`` keeps when the file changed meanwhile, through the public calls only:
the file holds a person's (or another run's) edits, the stage saves what it made of *base*."""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from readinggroup.errors import SessionFileError
from readinggroup.models import ListEntry, Paper, Session
from readinggroup.paper_records import AuthorAffiliations
from readinggroup.session import dump_session, load_session, save_session

EXAMPLE = Path(__file__).parent.parent / "sessions" / "2021-10.yaml"
FIRST, SECOND = "2106.10860", "2109.00301"
UNLISTED = Paper(id="2101.00001", version=1, title="An old paper nobody ranked")


@pytest.fixture
def base() -> Session:
    """The example without a pickup and with one paper on no list."""
    session = load_session(EXAMPLE)
    papers = tuple(replace(paper, pickup=False) for paper in session.papers)
    return session.with_papers((*papers, UNLISTED))


def _edit(session: Session, paper_id: str, **changes: object) -> Session:
    return session.with_papers(
        tuple(replace(p, **changes) if p.id == paper_id else p for p in session.papers)  # type: ignore[arg-type]
    )


def _paper(session: Session, paper_id: str) -> Paper:
    paper = session.paper(paper_id)
    assert paper is not None, paper_id
    return paper


def _save_over(path: Path, *, base: Session, theirs: Session, ours: Session) -> Session:
    """The file holds *theirs*; the stage, which loaded *base*, saves *ours*."""
    save_session(theirs, path)
    assert load_session(path) == theirs
    written = save_session(ours, path, base=base)
    assert load_session(path) == written
    return written


def _warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def test_settings_merge_key_by_key(tmp_path: Path, base: Session) -> None:
    ours = replace(base, settings={**base.settings, "translator": "google"})
    theirs = replace(base, settings={**base.settings, "duplicates": "full"})
    written = _save_over(tmp_path / "s.yaml", base=base, theirs=theirs, ours=ours)
    assert written.settings == {**base.settings, "translator": "google", "duplicates": "full"}


def test_a_hand_edit_to_the_lists_survives_a_stage_that_left_them_alone(
    tmp_path: Path, base: Session
) -> None:
    relabelled = (replace(base.lists[0], label="今月の新着"), *base.lists[1:])
    theirs = replace(base, lists=relabelled)
    ours = base.with_papers(
        tuple(p.with_text("title_ja", f"訳{p.id}", writer="google") for p in base.papers)
    )
    written = _save_over(tmp_path / "s.yaml", base=base, theirs=theirs, ours=ours)
    assert written.lists == relabelled
    assert _paper(written, SECOND).title_ja == f"訳{SECOND}"


def test_the_stage_s_changes_after_the_summary_are_kept_beside_an_edit_of_the_same_paper(
    tmp_path: Path, base: Session
) -> None:
    """Every field of a paper is merged, not only those before ``summary``: the pickup, the
    notes and the affiliations found by the stage survive a hand edit of the title."""
    found = (AuthorAffiliations("Ali Hassani", ("University of Oregon",), "openalex"),)
    ours = _edit(base, FIRST, pickup=True, notes="段階のメモ", found_affiliations=found)
    theirs = _edit(base, FIRST, title_ja="人が付けた題")
    written = _paper(_save_over(tmp_path / "s.yaml", base=base, theirs=theirs, ours=ours), FIRST)
    assert written.title_ja == "人が付けた題"
    assert (written.pickup, written.notes) == (True, "段階のメモ")
    assert written.found_affiliations == found


def test_changes_to_a_paper_deleted_by_hand_are_dropped_with_a_warning(
    tmp_path: Path, base: Session, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "s.yaml"
    theirs = base.with_papers(tuple(p for p in base.papers if p.id != UNLISTED.id))
    ours = _edit(base, UNLISTED.id, title_ja="機械訳")
    with caplog.at_level(logging.WARNING, logger="readinggroup"):
        written = _save_over(path, base=base, theirs=theirs, ours=ours)
    assert written.paper(UNLISTED.id) is None
    assert _warnings(caplog) == [
        f"{path}: {UNLISTED.id} (the paper was deleted from the file) was changed in the file "
        "while this ran; the file's text is kept and this run's is not saved"
    ]


def test_a_deleted_paper_the_stage_did_not_change_goes_quietly(
    tmp_path: Path, base: Session, caplog: pytest.LogCaptureFixture
) -> None:
    theirs = base.with_papers(tuple(p for p in base.papers if p.id != UNLISTED.id))
    ours = _edit(base, FIRST, title_ja="機械訳")
    with caplog.at_level(logging.WARNING, logger="readinggroup"):
        written = _save_over(tmp_path / "s.yaml", base=base, theirs=theirs, ours=ours)
    assert written.paper(UNLISTED.id) is None
    assert _paper(written, FIRST).title_ja == "機械訳"
    assert _warnings(caplog) == []


def test_the_stage_s_only_pickup_is_kept_when_the_file_has_none(
    tmp_path: Path, base: Session, caplog: pytest.LogCaptureFixture
) -> None:
    ours = _edit(base, FIRST, pickup=True)
    theirs = _edit(base, SECOND, notes="人のメモ")
    with caplog.at_level(logging.INFO, logger="readinggroup"):
        written = _save_over(tmp_path / "s.yaml", base=base, theirs=theirs, ours=ours)
    assert [p.id for p in written.papers if p.pickup] == [FIRST]
    assert _paper(written, SECOND).notes == "人のメモ"
    assert [r.getMessage() for r in caplog.records] == []


def test_the_file_s_only_pickup_is_kept_when_the_stage_chose_none(
    tmp_path: Path, base: Session
) -> None:
    ours = _edit(base, FIRST, notes="段階のメモ")
    theirs = _edit(base, SECOND, pickup=True)
    written = _save_over(tmp_path / "s.yaml", base=base, theirs=theirs, ours=ours)
    assert [p.id for p in written.papers if p.pickup] == [SECOND]
    assert _paper(written, FIRST).notes == "段階のメモ"


def test_list_scores_are_written_and_read_back(tmp_path: Path, base: Session) -> None:
    ranked = replace(
        base.lists[0],
        entries=(
            ListEntry(1, FIRST, score=12.5, scores={"hf": 12.5, "s2": 3.0}),
            *base.lists[0].entries[1:],
        ),
    )
    session = replace(base, lists=(ranked, *base.lists[1:]))
    path = tmp_path / "s.yaml"
    save_session(session, path)
    entry = load_session(path).lists[0].entries[0]
    assert (entry.score, dict(entry.scores)) == (12.5, {"hf": 12.5, "s2": 3.0})
    assert load_session(path) == session


def test_a_machine_text_keeps_its_writer_when_unshowable_characters_are_dropped(
    tmp_path: Path, base: Session
) -> None:
    paper = _paper(base, FIRST)
    answer = paper.with_text("title_ja", "機械\x0b訳", writer="deepl")
    human = answer.with_text("abstract_ja", "人の\x0b訳", writer="human")
    path = tmp_path / "s.yaml"
    save_session(_edit(base, FIRST, **_fields(human)), path)
    saved = _paper(load_session(path), FIRST)
    assert saved.title_ja == "機械訳"
    assert saved.provenance["title_ja"].startswith("deepl:")
    assert not saved.is_human_text("title_ja")  # refilled by --force, as the writer's text
    assert saved.abstract_ja == "人の訳"
    assert saved.is_human_text("abstract_ja")


def _fields(paper: Paper) -> dict[str, object]:
    names = ("title_ja", "abstract_ja", "provenance")
    return {name: getattr(paper, name) for name in names}


def test_a_file_caught_half_written_is_read_again_until_whole(
    tmp_path: Path, base: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("readinggroup.session.read.SETTLE_QUIET_SECONDS", 2.0)  # a loaded machine
    path = tmp_path / "s.yaml"
    whole = dump_session(base)
    path.write_text(whole[: len(whole) // 3], "utf-8")  # an editor saving in place, just now
    finish = threading.Timer(0.2, path.write_text, (whole, "utf-8"))
    finish.start()
    try:
        assert load_session(path) == base
    finally:
        finish.join()


def test_a_broken_file_left_alone_is_refused_at_once(tmp_path: Path, base: Session) -> None:
    path = tmp_path / "s.yaml"
    whole = dump_session(base)
    path.write_text(whole[: len(whole) // 3], "utf-8")
    long_ago = time.time() - 3600
    os.utime(path, (long_ago, long_ago))
    started = time.monotonic()
    with pytest.raises(SessionFileError):
        load_session(path)
    assert time.monotonic() - started < 0.1  # not read again: nobody is writing it


def test_a_setting_both_sides_changed_keeps_the_file_s_and_says_so(
    tmp_path: Path, base: Session, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "s.yaml"
    ours = replace(base, settings={**base.settings, "translator": "google"})
    theirs = replace(base, settings={**base.settings, "translator": "deepl"})
    with caplog.at_level(logging.WARNING, logger="readinggroup"):
        written = _save_over(path, base=base, theirs=theirs, ours=ours)
    assert written.settings["translator"] == "deepl"
    assert _warnings(caplog) == [
        f"{path}: session settings.translator was changed in the file while this ran; the "
        "file's text is kept and this run's is not saved"
    ]


def test_a_session_field_both_sides_changed_keeps_the_file_s_and_says_so(
    tmp_path: Path, base: Session, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "s.yaml"
    ours = replace(base, title="段階の題")
    theirs = replace(base, title="人の題")
    with caplog.at_level(logging.WARNING, logger="readinggroup"):
        written = _save_over(path, base=base, theirs=theirs, ours=ours)
    assert written.title == "人の題"
    assert _warnings(caplog) == [
        f"{path}: session title was changed in the file while this ran; the file's text is "
        "kept and this run's is not saved"
    ]


def test_session_fields_and_lists_changed_on_one_side_only_merge_without_a_word(
    tmp_path: Path, base: Session, caplog: pytest.LogCaptureFixture
) -> None:
    relabelled = (replace(base.lists[0], label="今月の新着"), *base.lists[1:])
    theirs = replace(base, title="人の題", group="人の会", lists=relabelled)
    ours = replace(_edit(base, FIRST, notes="段階のメモ"), event_url="https://example.org/e/1")
    with caplog.at_level(logging.INFO, logger="readinggroup"):
        written = _save_over(tmp_path / "s.yaml", base=base, theirs=theirs, ours=ours)
    assert (written.title, written.group, written.event_url) == (
        "人の題",
        "人の会",
        "https://example.org/e/1",
    )
    assert written.lists == relabelled
    assert _paper(written, FIRST).notes == "段階のメモ"
    assert [r.getMessage() for r in caplog.records] == []


def test_a_paper_the_stage_added_is_kept_even_on_no_list(tmp_path: Path, base: Session) -> None:
    added = Paper(id="2110.00002", version=2, title="A paper the stage brought")
    ours = base.with_papers((*base.papers, added))
    theirs = _edit(base, SECOND, notes="人のメモ")
    written = _save_over(tmp_path / "s.yaml", base=base, theirs=theirs, ours=ours)
    assert written.papers[-1] == added
    assert _paper(written, SECOND).notes == "人のメモ"


def test_settings_keys_added_or_removed_on_one_side_follow_that_side(
    tmp_path: Path, base: Session
) -> None:
    ours = replace(base, settings={**base.settings, "figures": "arxiv"})  # the stage adds one
    del_theirs = {k: v for k, v in base.settings.items() if k != "duplicates"}  # a hand removes one
    theirs = replace(base, settings=del_theirs)
    written = _save_over(tmp_path / "a.yaml", base=base, theirs=theirs, ours=ours)
    assert written.settings == {**del_theirs, "figures": "arxiv"}
    del_ours = {k: v for k, v in base.settings.items() if k != "summarizer"}  # the stage removes
    ours = replace(base, settings=del_ours)
    theirs = _edit(base, SECOND, notes="人のメモ")
    written = _save_over(tmp_path / "b.yaml", base=base, theirs=theirs, ours=ours)
    assert written.settings == del_ours


def test_the_stage_s_machine_text_keeps_its_writer_beside_a_hand_edit_of_the_paper(
    tmp_path: Path, base: Session
) -> None:
    paper = _paper(base, FIRST)
    ours = base.with_papers(
        tuple(
            p.with_text("title_ja", "機械の題", writer="google") if p.id == FIRST else p
            for p in base.papers
        )
    )
    theirs = _edit(base, FIRST, notes="人のメモ")
    written = _paper(_save_over(tmp_path / "s.yaml", base=base, theirs=theirs, ours=ours), FIRST)
    assert (written.title_ja, written.notes) == ("機械の題", "人のメモ")
    assert written.provenance["title_ja"].startswith("google:")
    assert not written.is_human_text("title_ja")  # --force may still redo it
    assert written.summary == paper.summary


def test_conflicts_are_said_field_by_field_the_summary_lines_last(
    tmp_path: Path, base: Session, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "s.yaml"
    drafted = base.with_papers(
        tuple(
            p.with_text("summary.purpose", "機械の目的", writer="llm").with_text(
                "title_ja", "機械の題", writer="google"
            )
            if p.id == FIRST
            else p
            for p in base.papers
        )
    )
    paper = _paper(base, FIRST)
    theirs = _edit(
        base, FIRST, title_ja="人の題", summary=replace(paper.summary, purpose="人の目的")
    )
    with caplog.at_level(logging.WARNING, logger="readinggroup"):
        written = _paper(_save_over(path, base=base, theirs=theirs, ours=drafted), FIRST)
    assert (written.title_ja, written.summary.purpose) == ("人の題", "人の目的")
    assert written.is_human_text("summary.purpose")
    tail = (
        "was changed in the file while this ran; the file's text is kept and this run's is "
        "not saved"
    )
    assert _warnings(caplog) == [
        f"{path}: {FIRST} title_ja {tail}",
        f"{path}: {FIRST} summary.purpose {tail}",
    ]


def test_a_text_neither_side_changed_keeps_the_file_s_writer(tmp_path: Path, base: Session) -> None:
    """Another run wrote the same translation under its own writer meanwhile: the file's
    provenance stays, as the text it describes is the file's."""
    translated = base.with_papers(
        tuple(p.with_text("title_ja", "同じ訳", writer="google") for p in base.papers)
    )
    theirs = translated.with_papers(
        tuple(p.with_text("title_ja", "同じ訳", writer="deepl") for p in translated.papers)
    )
    ours = _edit(translated, FIRST, notes="段階のメモ")
    written = _save_over(tmp_path / "s.yaml", base=translated, theirs=theirs, ours=ours)
    paper = _paper(written, FIRST)
    assert paper.notes == "段階のメモ"
    assert paper.provenance["title_ja"].startswith("deepl:")


def test_another_run_s_machine_text_kept_over_ours_is_no_warning(
    tmp_path: Path, base: Session, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "s.yaml"
    ours = base.with_papers(
        tuple(
            p.with_text("title_ja", "こちらの訳", writer="google") if p.id == FIRST else p
            for p in base.papers
        )
    )
    theirs = base.with_papers(
        tuple(
            p.with_text("title_ja", "あちらの訳", writer="deepl") if p.id == FIRST else p
            for p in base.papers
        )
    )
    with caplog.at_level(logging.INFO, logger="readinggroup"):
        written = _save_over(path, base=base, theirs=theirs, ours=ours)
    assert _paper(written, FIRST).title_ja == "あちらの訳"
    assert _warnings(caplog) == []
    assert [(r.levelno, r.getMessage()) for r in caplog.records] == [
        (
            logging.INFO,
            f"{path}: {FIRST} title_ja was changed in the file while this ran; the file's text "
            "is kept and this run's is not saved",
        )
    ]
