"""Values a person types that YAML would misread: the writer quotes them, and a file where a
person typed one unquoted names the line and the fix in words."""

from __future__ import annotations

from pathlib import Path

import pytest

from readinggroup.errors import SessionFileError
from readinggroup.models import Session
from readinggroup.session import dump_session, load_session, save_session
from readinggroup.session.yaml_problems import likely_fix, quoted

EXAMPLE = Path("sessions/2021-10.yaml").resolve()

# Text YAML reads as something else when it stands unquoted after a key.
MISREAD = [
    "手法: 新しい",
    "see: the appendix",
    "#1 idea",
    "fix #3 later",
    "@alice asked",
    "*bold* text",
    "&anchor",
    "!important",
    "| pipe",
    "> quote",
    "`code`",
    "% done",
    "- item",
    "? why",
    "[draft] text",
    "{x} y",
    "'It's me",
    '"quoted" rest',
    "ends with:",
    "yes",
    "null",
    "2021-10-06",
    "0x10",
]


@pytest.fixture
def example() -> Session:
    return load_session(EXAMPLE)


@pytest.mark.parametrize("text", MISREAD)
def test_the_writer_quotes_what_yaml_would_misread(
    example: Session, tmp_path: Path, text: str
) -> None:
    paper = example.papers[0].with_text("title_ja", text, writer="human")
    session = example.with_papers((paper, *example.papers[1:]))
    written = dump_session(session)
    line = next(line for line in written.splitlines() if line.startswith("  title_ja: "))
    assert line.removeprefix("  title_ja: ")[0] in "'\"", line
    path = tmp_path / "2021-10.yaml"
    save_session(session, path)
    assert load_session(path).papers[0].title_ja == text


def typed(tmp_path: Path, value: str) -> tuple[Path, int]:
    """The example with the first paper's notes typed as *value* (unquoted), and that line."""
    text = EXAMPLE.read_text(encoding="utf-8")
    start = text.index("  notes: ")
    end = text.index("\n", start)
    path = tmp_path / "2021-10.yaml"
    path.write_text(f"{text[:start]}  notes: {value}{text[end:]}", encoding="utf-8")
    return path, text[:start].count("\n") + 1


UNTOUCHED = " and run again (the file was left untouched)"


@pytest.mark.parametrize(
    ("value", "said"),
    [
        (
            "手法: 新しい",
            "broken YAML (mapping values are not allowed here); a value with ': ' must be "
            "quoted: write notes: '手法: 新しい'",
        ),
        (
            "@alice asked",
            "broken YAML (found character '@' that cannot start any token); a value starting "
            "with @ must be quoted: write notes: '@alice asked'",
        ),
        (
            "*bold* text",
            "broken YAML (expected alphabetic or numeric character, but found '*'); a value "
            "starting with * must be quoted: write notes: '*bold* text'",
        ),
        (
            "#1 idea",
            "papers[0].notes is empty: YAML reads what follows ' #' as a comment; a value "
            "starting with # must be quoted: write notes: '#1 idea'",
        ),
        (
            "'It's me",
            "broken YAML (expected <block end>, but found '<scalar>'); a value starting with a "
            "quote must be one quoted whole: write notes: '''It''s me' (inside '…' a ' is "
            "written twice)",
        ),
        (
            "& more",
            "broken YAML (expected alphabetic or numeric character, but found ' '); a value "
            "starting with & must be quoted: write notes: '& more'",
        ),
    ],
)
def test_a_misread_value_names_its_line_and_the_fix(tmp_path: Path, value: str, said: str) -> None:
    path, line = typed(tmp_path, value)
    before = path.read_bytes()
    with pytest.raises(SessionFileError) as caught:
        load_session(path)
    assert str(caught.value) == f"{path}, line {line}: {said}{UNTOUCHED}"
    assert path.read_bytes() == before


def test_the_suggested_line_reads_back_as_typed(tmp_path: Path) -> None:
    for value in MISREAD:
        fix = likely_fix(f"  notes: {value}")
        if fix is None:
            continue  # YAML reads it fine unquoted (yes, null …: the writer quotes them)
        suggested = fix.split("write notes: ", 1)[1].removesuffix(
            " (inside '…' a ' is written twice)"
        )
        assert suggested == quoted(value)
        path, _ = typed(tmp_path, suggested)
        assert load_session(path).papers[0].notes == value


def test_comments_after_values_are_still_comments(tmp_path: Path) -> None:
    """Only an empty value followed by a comment is refused; after a date, true or a quoted
    value a comment is what the person meant (the README's annotated example has them)."""
    text = EXAMPLE.read_text(encoding="utf-8")
    commented = (
        text.replace("\ndate: 2021-10-06\n", "\ndate: 2021-10-06   # the meetup\n")
        .replace("  pickup: true\n", "  pickup: true   # at most one\n", 1)
        .replace("  notes: ''\n", "  notes: ''   # yours\n", 1)
    )
    assert commented.count("   # ") == 3
    path = tmp_path / "2021-10.yaml"
    path.write_text(commented, encoding="utf-8")
    assert load_session(path) == load_session(EXAMPLE)
