"""The session file's rarer shapes: what round-trips, and the sentences for files no one can use."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from readinggroup.errors import SessionFileError
from readinggroup.models import Session
from readinggroup.session import load_session, save_session
from readinggroup.session.problems import Problem
from readinggroup.session.read import quiet_for
from readinggroup.session.yaml_problems import DocumentProblem

EXAMPLE = Path(__file__).parent.parent / "sessions" / "2021-10.yaml"
UNTOUCHED = "(the file was left untouched)"


@pytest.fixture
def example() -> Session:
    return load_session(EXAMPLE)


def test_a_list_without_its_own_window_round_trips(example: Session, tmp_path: Path) -> None:
    session = replace(example, lists=(replace(example.lists[0], window=None), *example.lists[1:]))
    path = tmp_path / "2021-10.yaml"
    save_session(session, path)
    assert load_session(path) == session


def test_fields_after_one_left_out_unset_are_still_written(
    example: Session, tmp_path: Path
) -> None:
    """found_affiliations unset is left out of the file; the figure and already_read after it
    are written all the same."""
    paper = replace(example.papers[0], found_affiliations=None, figure="none", already_read="none")
    session = example.with_papers((paper, *example.papers[1:]))
    path = tmp_path / "2021-10.yaml"
    save_session(session, path)
    assert load_session(path) == session


def test_a_writer_named_with_a_colon_is_kept_whole_when_unshowable_characters_are_dropped(
    example: Session, tmp_path: Path
) -> None:
    paper = example.papers[0].with_text("title_ja", "機械\x0b訳", writer="llm:gpt-4o-mini")
    path = tmp_path / "2021-10.yaml"
    save_session(example.with_papers((paper, *example.papers[1:])), path)
    saved = load_session(path).papers[0]
    assert saved.title_ja == "機械訳"
    assert saved.provenance["title_ja"].rpartition(":")[0] == "llm:gpt-4o-mini"
    assert not saved.is_human_text("title_ja")


def test_a_save_makes_the_missing_folders(example: Session, tmp_path: Path) -> None:
    path = tmp_path / "club" / "sessions" / "2021-10.yaml"
    save_session(example, path)
    assert load_session(path) == example


def test_a_missing_session_says_how_to_make_it(tmp_path: Path) -> None:
    path = tmp_path / "2021-10.yaml"
    with pytest.raises(SessionFileError) as caught:
        load_session(path)
    assert str(caught.value) == (
        f"{path}: no such session; run `readinggroup fetch 2021-10` to create it"
    )


def test_a_file_over_the_size_cap_is_refused_with_its_size_in_mb(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("readinggroup.session.read.MAX_SESSION_BYTES", 2 * 10**6)
    path = tmp_path / "2021-10.yaml"
    path.write_bytes(EXAMPLE.read_bytes() + b"#" * (2_349_999 - EXAMPLE.stat().st_size) + b"\n")
    with pytest.raises(SessionFileError) as caught:
        load_session(path)
    assert str(caught.value) == (
        f"{path} is 2.4 MB, more than the 2 MB a session file may be; some field holds far too "
        "much text (an arXiv abstract has at most 1,920 characters): shorten it"
    )


def test_a_file_of_exactly_the_size_cap_is_read(
    example: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("readinggroup.session.read.MAX_SESSION_BYTES", EXAMPLE.stat().st_size)
    assert load_session(EXAMPLE) == example


def test_a_file_that_cannot_be_looked_at_has_been_quiet_forever(tmp_path: Path) -> None:
    assert quiet_for(tmp_path / "gone.yaml") == float("inf")


def test_a_yaml_problem_without_a_line_is_said_without_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(libyaml gives every problem a place today; a problem without one still reads well.)"""

    def unreadable(text: str) -> object:
        raise DocumentProblem(None, "broken YAML (unreadable)")

    monkeypatch.setattr("readinggroup.session.read.parse_document", unreadable)
    with pytest.raises(SessionFileError) as caught:
        load_session(EXAMPLE)
    assert str(caught.value) == (
        f"{EXAMPLE}: broken YAML (unreadable); fix it there and run again {UNTOUCHED}"
    )


def test_a_check_failing_at_a_key_the_file_lacks_is_said_without_a_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refused(document: object, path: Path) -> Session:
        raise Problem(("nowhere",), "something is off; fix it")

    monkeypatch.setattr("readinggroup.session.checks.to_session", refused)
    with pytest.raises(SessionFileError) as caught:
        load_session(EXAMPLE)
    assert (
        str(caught.value)
        == f"{EXAMPLE}: nowhere: something is off; fix it and run again {UNTOUCHED}"
    )
