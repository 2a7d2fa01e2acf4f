"""Session file checks the shipped example does not reach on its own: relative windows, a list's
size, window and scores, found affiliations, several problems at once, missing keys and long
values (exact sentences).

Each case edits a copy of the example; the other catalogue is test_session_checks.py.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from readinggroup.errors import SessionFileError
from readinggroup.models import ListEntry, Paper
from readinggroup.months import Window
from readinggroup.paper_records import AuthorAffiliations
from readinggroup.session import load_session, save_session

EXAMPLE = Path(__file__).parent.parent / "sessions" / "2021-10.yaml"
UNTOUCHED = "; fix it and run again (the file was left untouched)"
FIRST_LIST = (
    "  size: 10\n  window: 2021-09-01..2021-09-30\n  entries:\n  - {rank: 1, id: '2109.00301'"
)
ENTRY = "{rank: 1, id: '2109.00301', score: null, scores: {}}"
SECOND_LIST = (
    "  size: 10\n  window: 2021-09-01..2021-09-30\n  entries:\n  - {rank: 1, id: '2109.00162'"
)


def edited(tmp_path: Path, *edits: tuple[str, str], count: int = 1) -> Path:
    """A copy of the example with each (old, new) replaced *count* times (-1: everywhere)."""
    text = EXAMPLE.read_text("utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, count)
    path = tmp_path / "2021-10.yaml"
    path.write_text(text, "utf-8")
    return path


def refusal(path: Path) -> str:
    """The sentence load_session refuses *path* with, the file name shortened to its name."""
    before = path.read_bytes()
    with pytest.raises(SessionFileError) as caught:
        load_session(path)
    assert path.read_bytes() == before
    return str(caught.value).replace(str(path), path.name)


def test_the_schema_built_from_the_models(tmp_path: Path) -> None:
    """First in this file on purpose: the mutation script credits the schema, built at import,
    to the first test it runs, so this one checks its defaults, nested records and the id."""
    example = EXAMPLE.read_text("utf-8")
    path = tmp_path / "2021-10.yaml"
    path.write_text(
        example + "- id: '2109.99999'\n  title_ja:\n"
        "- id: '2109.99998'\n  found_affiliations:\n"
        "  - {author: A. Author, affiliations: [MIT], source: openalex}\n",
        "utf-8",
    )
    *_, bare, found = load_session(path).papers
    assert bare == Paper(id="2109.99999")
    assert (type(bare.provenance), type(bare.authors)) == (dict, tuple)
    assert found.found_affiliations == (AuthorAffiliations("A. Author", ("MIT",), "openalex"),)
    path.write_text(example.replace("- id: '2106.10860'", "- id:", 1), "utf-8")
    assert refusal(path) == (
        f"2021-10.yaml, line 50: papers[0].id: empty; write the text after the colon{UNTOUCHED}"
    )


def test_relative_windows_list_sizes_and_scores_are_read(tmp_path: Path) -> None:
    path = edited(
        tmp_path,
        ("\nwindow: 2021-09-01..2021-09-30\n", "\nwindow: previous-month\n"),
        (
            FIRST_LIST,
            "  size: 5\n  window: same-month\n  entries:\n  - {rank: 1, id: '2109.00301'",
        ),
        ("'2109.00301', score: null, scores: {}", "'2109.00301', score: 2.5, scores: {hn: 10.0}"),
        (SECOND_LIST, "  size: 10\n  entries:\n  - {rank: 1, id: '2109.00162'"),
    )
    session = load_session(path)
    assert session.window == Window(date(2021, 9, 1), date(2021, 9, 30))
    top_recent, top_hype = session.lists
    assert top_recent.size == 5
    assert top_recent.window == Window(date(2021, 10, 1), date(2021, 10, 31))
    assert top_recent.entries[0] == ListEntry(1, "2109.00301", 2.5, {"hn": 10.0})
    assert top_hype.window is None


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        pytest.param(
            ("title: AI最新論文読み会2021年10月\n", ""),
            f"2021-10.yaml: title: missing{UNTOUCHED}",
            id="missing-key-has-no-line",
        ),
        pytest.param(
            ("title: Multiplying Matrices Without Multiplying", "title: [x]"),
            f"2021-10.yaml, line 53: papers[0].title: must be text, not ['x']{UNTOUCHED}",
            id="text-not-a-list",
        ),
        pytest.param(
            ("  version: 1\n", "  version: " + "x" * 58 + "\n"),
            "2021-10.yaml, line 51: papers[0].version: must be a whole number, not "
            f"'{'x' * 58}'{UNTOUCHED}",
            id="value-of-60-characters-shown-whole",
        ),
        pytest.param(
            ("  version: 1\n", "  version: " + "x" * 59 + "\n"),
            "2021-10.yaml, line 51: papers[0].version: must be a whole number, not "
            f"'{'x' * 55} ...{UNTOUCHED}",
            id="value-of-61-characters-cut",
        ),
        pytest.param(
            ("- id: '2106.10860'", "- id: '" + "x" * 400 + "'"),
            f"2021-10.yaml, line 50: papers[0].id: '{'x' * 40}… (400 characters)' is not an "
            "arXiv id; write it like 2109.04454, 2109.04454v2 or hep-th/9901001"
            f"{UNTOUCHED}",
            id="long-id-abbreviated",
        ),
        pytest.param(
            (
                "url: https://arxiv.org/abs/2106.10860v1",
                "url: https://arxiv.org/abs/2106.10860v3",
            ),
            "2021-10.yaml, line 52: papers[0].url: https://arxiv.org/abs/2106.10860v3 does not "
            "match id and version (https://arxiv.org/abs/2106.10860v1); change 'version' instead "
            "of the url and run again (the file was left untouched)",
            id="url-against-version",
        ),
        pytest.param(
            ("  version: 1\n", "  version: 0\n"),
            "2021-10.yaml, line 51: papers[0].version: must be 1 or more (arXiv's first is v1), "
            f"not 0{UNTOUCHED}",
            id="version-zero",
        ),
        pytest.param(
            ("{rank: 1, id: '2109.00301'", "{rank: 0, id: '2109.00301'"),
            "2021-10.yaml, line 23: lists[0].entries[0].rank: must be 1 or more (1 is the top of "
            f"the list), not 0{UNTOUCHED}",
            id="rank-zero",
        ),
        pytest.param(
            ("schema_version: 1", "schema_version: 0"),
            "2021-10.yaml, line 4: schema_version: must be 1 or more (the first version "
            f"readinggroup wrote), not 0{UNTOUCHED}",
            id="schema-version-zero",
        ),
        pytest.param(
            ("\nwindow: 2021-09-01..2021-09-30\n", "\nwindow: September\n"),
            "2021-10.yaml, line 10: window: 'September' is not a window; use previous-month, "
            f"same-month or YYYY-MM-DD..YYYY-MM-DD{UNTOUCHED}",
            id="session-window",
        ),
        pytest.param(
            ("  window: 2021-09-01..2021-09-30\n  entries:", "  window: September\n  entries:"),
            "2021-10.yaml, line 21: lists[0].window: 'September' is not a window; use "
            f"previous-month, same-month or YYYY-MM-DD..YYYY-MM-DD{UNTOUCHED}",
            id="list-window",
        ),
        pytest.param(
            ("month: 2021-10", "month: 2021-13"),
            "2021-10.yaml, line 5: month: '2021-13' is not a month: 13 is not between 01 and 12"
            f"{UNTOUCHED}",
            id="month-13",
        ),
        pytest.param(
            ("  figure: none\n", "  figure: none\n  already_read: someday\n"),
            "2021-10.yaml, line 96: papers[0].already_read: 'someday' is not a month; write it as "
            f"YYYY-MM, e.g. 2021-10{UNTOUCHED}",
            id="already-read-not-a-month",
        ),
        pytest.param(
            ("  - {author: David R. So, affiliations:", "  - {affiliations:"),
            f"2021-10.yaml, line 909: papers[15].found_affiliations[0].author: missing{UNTOUCHED}",
            id="affiliations-without-author",
        ),
        pytest.param(
            (ENTRY, "{rank: 1, id: 'abc', score: null, scores: {}}"),
            "2021-10.yaml, line 23: lists[0].entries[0].id: 'abc' is not an arXiv id; write it "
            f"like 2109.04454, 2109.04454v2 or hep-th/9901001{UNTOUCHED}",
            id="entry-id",
        ),
        pytest.param(
            (ENTRY, "{rank: 1, id: '2109.00301', score: null, scores: {hf: high}}"),
            "2021-10.yaml, line 23: lists[0].entries[0].scores.hf: must be a number, not 'high'"
            f"{UNTOUCHED}",
            id="score-not-a-number",
        ),
        pytest.param(
            (ENTRY, "{rank: 1, id: '2109.00301', score: null, scores: {1: 2.0}}"),
            "2021-10.yaml, line 23: lists[0].entries[0].scores[1].[key]: must be text, not 1"
            f"{UNTOUCHED}",
            id="score-under-a-number",
        ),
        pytest.param(
            ("label: Top recent", "label: '  '"),
            "2021-10.yaml, line 17: lists[0].label: empty; every list needs a label for its slide "
            f'(e.g. "Top recent"){UNTOUCHED}',
            id="blank-label",
        ),
        pytest.param(
            ("  size: 10\n", "  size: 0\n"),
            "2021-10.yaml, line 20: lists[0].size: must be a number of papers from 1 to 100, not 0"
            f"{UNTOUCHED}",
            id="size-0",
        ),
        pytest.param(
            ("  size: 10\n", "  size: 101\n"),
            "2021-10.yaml, line 20: lists[0].size: must be a number of papers from 1 to 100, not "
            f"101{UNTOUCHED}",
            id="size-101",
        ),
        pytest.param(
            ("  sources:\n  - file\n", "  sources:\n  - nowhere\n"),
            "2021-10.yaml, line 19: lists[0].sources[0]: must be one of 'hf', 'hn', 's2', "
            f"'openalex', 'alphaxiv' or 'file', not 'nowhere'{UNTOUCHED}",
            id="unknown-source",
        ),
    ],
)
def test_each_problem_is_one_exact_sentence(
    tmp_path: Path, edit: tuple[str, str], message: str
) -> None:
    assert refusal(edited(tmp_path, edit)) == message


def test_a_summary_key_is_found_by_its_japanese_label(tmp_path: Path) -> None:
    text = EXAMPLE.read_text("utf-8")
    purpose = re.search(r"^    目的:.*$", text, re.MULTILINE)
    assert purpose is not None
    path = edited(tmp_path, (purpose[0], "    目的: [a, b]"))
    assert refusal(path) == (
        f"2021-10.yaml, line 77: papers[0].summary.目的: must be text, not ['a', 'b']{UNTOUCHED}"
    )


@pytest.mark.parametrize(
    ("wrong", "shown", "more"),
    [
        pytest.param(5, 5, "", id="five-shown"),
        pytest.param(6, 5, " (and 1 more)", id="sixth-counted"),
        pytest.param(11, 5, " (and 6 more)", id="eleven"),
    ],
)
def test_several_problems_are_listed_five_at_most(
    tmp_path: Path, wrong: int, shown: int, more: str
) -> None:
    path = edited(tmp_path, ("  version: 1\n", "  version: one\n"), count=wrong)
    message = refusal(path)
    problem = "must be a whole number, not 'one'"
    assert message.startswith(f"2021-10.yaml, line 51: papers[0].version: {problem}; 2021-10.yaml")
    assert message.count(problem) == shown
    assert message.count(f"{problem}; 2021-10.yaml, line ") == shown - 1
    assert message.endswith(f"{problem}{more}{UNTOUCHED}")


def test_found_affiliations_are_read_back_as_records(tmp_path: Path) -> None:
    session = load_session(EXAMPLE)
    found = (
        AuthorAffiliations("Davis Blalock", ("MosaicML", "MIT CSAIL"), "arxiv_html"),
        AuthorAffiliations("", (), "openalex"),
    )
    paper = replace(session.papers[0], found_affiliations=found)
    path = tmp_path / "2021-10.yaml"
    save_session(session.with_papers((paper, *session.papers[1:])), path)
    assert load_session(path).papers[0].found_affiliations == found
    assert load_session(path).papers[1].found_affiliations == session.papers[1].found_affiliations


@pytest.mark.parametrize("size", [1, 100])
def test_a_list_of_one_to_a_hundred_papers_is_read(tmp_path: Path, size: int) -> None:
    path = edited(tmp_path, ("  size: 10\n", f"  size: {size}\n"))
    assert load_session(path).lists[0].size == size


def test_what_a_list_may_leave_out_or_write_loosely(tmp_path: Path) -> None:
    """No size: 10; an entry without scores: none; an entry's id with a version: the bare id."""
    path = edited(
        tmp_path,
        (FIRST_LIST, FIRST_LIST.replace("  size: 10\n", "")),
        (ENTRY, "{rank: 1, id: '2109.00301v2'}"),
    )
    top_recent = load_session(path).lists[0]
    assert top_recent.size == 10
    assert top_recent.entries[0] == ListEntry(1, "2109.00301", None, {})
