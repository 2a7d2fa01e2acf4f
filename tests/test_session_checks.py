"""The session file's checks: each mistake one exact sentence with its line, the file untouched."""

from __future__ import annotations

import importlib.util
import logging
import os
from dataclasses import replace
from pathlib import Path

import pytest

from readinggroup.errors import SessionFileError
from readinggroup.models import Paper
from readinggroup.session import load_session, save_session

EXAMPLE = Path(__file__).parent.parent / "sessions" / "2021-10.yaml"
BENCH = Path(__file__).parent.parent / "bench" / "bench_session.py"
TEXT = EXAMPLE.read_text("utf-8")
FIRST_PAPER = TEXT[TEXT.index("- id: '2106.10860'") : TEXT.index("- id: '2106.15590'")]
TITLE_JA = "  title_ja: 乗算を使わずに行列を掛ける"
UNTOUCHED = "(the file was left untouched)"
FIX_THERE = f"fix it there and run again {UNTOUCHED}"
FIX = f"fix it and run again {UNTOUCHED}"

CASES = {
    "duplicate key, the second empty": (
        TITLE_JA,
        f"{TITLE_JA}\n  title_ja:",
        "line 75: papers[0].title_ja is written twice (lines 74 and 75); keep one and run again "
        f"{UNTOUCHED}",
    ),
    "anchor": (
        "group: 医療AI勉強会",
        "group: &g 医療AI勉強会",
        "line 7: an anchor or alias (&name, *name), which a session file does not use; write "
        f"the value out in full and run again {UNTOUCHED}",
    ),
    "merge key": (
        TITLE_JA,
        f"{TITLE_JA}\n  <<: {{notes: 人のメモ}}",
        "line 75: a merge key (<<), which a session file does not use; write the value out in "
        f"full and run again {UNTOUCHED}",
    ),
    "unclosed double quote": (
        TITLE_JA,
        '  title_ja: "乗算を使わずに行列を掛ける',
        f"line 74: broken YAML (the quote opened here is never closed); {FIX_THERE}",
    ),
    "unclosed single quote": (
        TITLE_JA,
        "  title_ja: '乗算を使わずに行列を掛ける",
        f"line 74: broken YAML (the quote opened here is never closed); {FIX_THERE}",
    ),
    "unclosed flow list": (
        "month: 2021-10",
        "month: [2021-10",
        f"line 5: broken YAML (expected ',' or ']', but got ':' on line 6); {FIX_THERE}",
    ),
    "escaped U+FFFE": (
        TITLE_JA,
        '  title_ja: "乗算\\uFFFE"',
        "line 74: papers[0].title_ja holds U+FFFE, a character slides cannot show; delete it "
        f"and run again {UNTOUCHED}",
    ),
    "escaped escape character": (
        "  notes: ''",
        '  notes: "\\e[31m"',
        "line 83: papers[0].notes holds U+001B, a character slides cannot show; delete it and "
        f"run again {UNTOUCHED}",
    ),
    "raw vertical tab": (
        TITLE_JA,
        f"{TITLE_JA}\x0b",
        f"line 74: character U+000B is not allowed in a session file; delete it and run again "
        f"{UNTOUCHED}",
    ),
    "empty title": (
        "title: AI最新論文読み会2021年10月",
        "title:",
        f"line 6: title: empty; write the text after the colon; {FIX}",
    ),
    "bad window": (
        "window: 2021-09-01..2021-09-30",
        "window: last-month",
        "line 10: window: 'last-month' is not a window; use previous-month, same-month or "
        f"YYYY-MM-DD..YYYY-MM-DD; {FIX}",
    ),
    "list window backwards": (
        "  window: 2021-09-01..2021-09-30",
        "  window: 2021-09-30..2021-09-01",
        "line 21: lists[0].window: window '2021-09-30..2021-09-01' ends before it starts; swap "
        f"the two dates; {FIX}",
    ),
    "published in month 13": (
        "  published: 2021-06-21",
        "  published: 2021-13-01",
        f"line 63: papers[0].published: must be a date (YYYY-MM-DD), not '2021-13-01'; {FIX}",
    ),
    "month against file name": (
        "month: 2021-10",
        "month: 2021-11",
        "line 5: month: 2021-11 does not match the file name 2021-10.yaml; write 2021-10 here "
        f"or rename the file to 2021-11.yaml and run again {UNTOUCHED}",
    ),
    "month 13": (
        "month: 2021-10",
        "month: 2021-13",
        f"line 5: month: '2021-13' is not a month: 13 is not between 01 and 12; {FIX}",
    ),
    "duplicate rank": (
        "{rank: 2, id: '2109.01652'",
        "{rank: 1, id: '2109.01652'",
        "line 24: lists[0].entries[1].rank: rank 1 of Top recent is given to both 2109.00301 "
        f"and 2109.01652; give each paper its own rank and run again {UNTOUCHED}",
    ),
    "duplicate paper": (
        FIRST_PAPER,
        FIRST_PAPER + FIRST_PAPER,
        "line 93: papers[1].id: 2106.10860 appears twice (also papers[0]); keep one entry per "
        f"paper and run again {UNTOUCHED}",
    ),
    "malformed paper id": (
        "- id: '2106.10860'",
        "- id: '2106.1086O'",
        "line 50: papers[0].id: '2106.1086O' is not an arXiv id; write it like 2109.04454, "
        f"2109.04454v2 or hep-th/9901001; {FIX}",
    ),
    "id with a version": (
        "- id: '2106.10860'",
        "- id: '2106.10860v1'",
        "line 50: papers[0].id: write the bare id '2106.10860' and the version in 'version'; "
        f"{FIX}",
    ),
    "listed id without paper": (
        "{rank: 1, id: '2109.00301'",
        "{rank: 1, id: '2109.99999'",
        "line 23: lists[0].entries[0].id: 2109.99999 is on Top recent but has no entry under "
        f"papers; add one or remove the line and run again {UNTOUCHED}",
    ),
    "two pickups": (
        "  pickup: false",
        "  pickup: true",
        "line 617: papers[11].pickup: 2106.10860, 2109.04454 are all marked pickup; keep one "
        f"and run again {UNTOUCHED}",
    ),
    "long value of the wrong type": (
        "  version: 1",
        "  version: " + "x" * 5000,
        f"line 51: papers[0].version: must be a whole number, not '{'x' * 55} ...; {FIX}",
    ),
    "not a mapping": (
        TEXT,
        "- just\n- a list\n",
        "expected a mapping of session fields (schema_version, month, lists, papers) at the top "
        f"level; {FIX}",
    ),
}


@pytest.mark.parametrize(("old", "new", "message"), CASES.values(), ids=CASES.keys())
def test_each_mistake_is_one_sentence_and_the_file_is_untouched(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    assert old in TEXT
    path = tmp_path / "2021-10.yaml"
    path.write_text(TEXT.replace(old, new, 1), "utf-8")
    before = path.read_bytes()
    with pytest.raises(SessionFileError) as caught:
        load_session(path)
    separator = ": " if message.startswith("expected") else ", "
    assert str(caught.value) == f"{path}{separator}{message}"
    assert path.read_bytes() == before


def _alias_bomb(levels: int) -> str:
    spec = importlib.util.spec_from_file_location("bench_session", BENCH)
    assert spec is not None
    assert spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    text: str = bench.alias_bomb(levels)
    return text


@pytest.mark.parametrize("levels", [6, 7, 9])
def test_an_alias_bomb_is_refused_at_its_first_anchor(tmp_path: Path, levels: int) -> None:
    path = tmp_path / "2021-10.yaml"
    path.write_text(_alias_bomb(levels), "utf-8")
    with pytest.raises(SessionFileError) as caught:
        load_session(path)
    assert str(caught.value) == (
        f"{path}, line 1: an anchor or alias (&name, *name), which a session file does not use; "
        f"write the value out in full and run again {UNTOUCHED}"
    )


def test_title_ja_left_empty_means_fill_it_again(tmp_path: Path) -> None:
    path = tmp_path / "2021-10.yaml"
    path.write_text(TEXT.replace(TITLE_JA, "  title_ja:", 1), "utf-8")
    assert load_session(path).papers[0].title_ja == ""


def test_a_pickup_off_the_lists_is_said(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    session = load_session(EXAMPLE)
    unlisted = Paper(id="2101.00001", title="Unlisted", pickup=True)
    papers = (*(replace(p, pickup=False) for p in session.papers), unlisted)
    path = tmp_path / "2021-10.yaml"
    save_session(session.with_papers(papers), path)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="readinggroup"):
        assert load_session(path).pickup == unlisted
    assert [record.getMessage() for record in caplog.records] == [
        f"{path}: the pickup 2101.00001 is on none of the lists, so the deck shows no pickup; "
        "choose a listed paper with `readinggroup pickup 2021-10 ID`"
    ]


def test_a_saved_file_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "2021-10.yaml"
    path.write_text(TEXT, "utf-8")
    path.chmod(0o664)
    save_session(load_session(path), path)
    assert path.stat().st_mode & 0o777 == 0o664
    assert path.read_text("utf-8") == TEXT


def test_unusual_line_breaks_read_back_exactly(tmp_path: Path) -> None:
    session = load_session(EXAMPLE)
    text = "次の行\x85NEL\u2028LS\u2029PS\r\nCRLF"
    odd = session.papers[0].with_text("abstract_ja", text, writer="human")
    path = tmp_path / "2021-10.yaml"
    save_session(session.with_papers((odd, *session.papers[1:])), path)
    assert load_session(path).papers[0].abstract_ja == text
    assert '"次の行\\NNEL\\LLS\\PPS\\r\\nCRLF"' in path.read_text("utf-8")


def test_a_pickup_version_the_session_does_not_have_is_refused(workdir: Path) -> None:
    from click.testing import CliRunner

    from readinggroup.cli import cli
    from tests.fakes import fake_services

    path = workdir / "sessions" / "2021-10.yaml"
    before = path.read_bytes()
    result = CliRunner().invoke(cli, ["pickup", "2021-10", "2109.04454v3"], obj=fake_services())
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: 2109.04454v3: this month's session has 2109.04454v2, not version 3; run "
        "`readinggroup pickup 2021-10 2109.04454` without the version\n"
    )
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "a: " + "[" * 10_000 + "\n",
            "line 1: broken YAML (exceeded maximum nesting depth); fix it there and run again "
            f"{UNTOUCHED}",
        ),
        (
            "a: " + "[" * 100_000 + "]" * 100_000 + "\n",
            "line 1: broken YAML (exceeded maximum nesting depth); fix it there and run again "
            f"{UNTOUCHED}",
        ),
        (
            TEXT.replace(TITLE_JA, "  " + "k" * 1000 + ": x", 1),
            f"line 74: papers[0].{'k' * 37}...: unknown key '{'k' * 37}...' (a typo?); {FIX}",
        ),
        (
            TEXT.replace(TITLE_JA, "  title_ja: '" + "x" * 1_000_000 + "\n  bad: [", 1),
            f"line 74: broken YAML (the quote opened here is never closed); {FIX_THERE}",
        ),
    ],
    ids=["nested deep, unclosed", "nested deep", "a long unknown key", "a long unclosed quote"],
)
def test_odd_input_gets_a_short_sentence(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "2021-10.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(SessionFileError) as caught:
        load_session(path)
    assert str(caught.value) == f"{path}, {message}"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown needs root")
def test_a_saved_file_keeps_its_owner(tmp_path: Path) -> None:
    path = tmp_path / "2021-10.yaml"
    path.write_text(TEXT, "utf-8")
    os.chown(path, 1234, 5678)
    save_session(load_session(path), path)
    assert (path.stat().st_uid, path.stat().st_gid) == (1234, 5678)


def test_a_service_answer_slides_cannot_show_is_saved_without_those_characters(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    session = load_session(EXAMPLE)
    answer = session.papers[0].with_text("abstract_ja", "機械\x0b訳\ufffe", writer="google")
    path = tmp_path / "2021-10.yaml"
    with caplog.at_level(logging.WARNING, logger="readinggroup"):
        save_session(session.with_papers((answer, *session.papers[1:])), path)
    saved = load_session(path).papers[0]
    assert saved.abstract_ja == "機械訳"
    assert not saved.is_human_text("abstract_ja")  # still machine text, refilled by --force
    assert [record.getMessage() for record in caplog.records] == [
        f"{path}: 2106.10860: characters slides cannot show were dropped"
    ]
