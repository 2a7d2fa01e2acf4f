"""Papers the group has already read, across two and three months through the real CLI: marked
"既出" on the list line, the slide and in the post, or left out with repeats = "skip"; the
decision kept in the session file, where a person undoes it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pptx import Presentation

from readinggroup.cli import cli
from readinggroup.models import ListEntry, Paper, RankedList, Session
from readinggroup.months import Month, Window
from readinggroup.session import load_session
from readinggroup.stages.repeats import decide_repeats, read_months
from tests.fakes import FakeMetadata, example_papers, fake_services
from tests.months import parse

READ_IN_OCTOBER = "2109.04454"  # the example's pickup, on 2021-10's lists
NEW = ("2110.00001", "2110.00002", "2110.00003")


def metadata() -> FakeMetadata:
    papers = dict(example_papers())
    for paper_id in NEW:
        papers[paper_id] = Paper(id=paper_id, version=1, title=f"New paper {paper_id}")
    return FakeMetadata(papers)


def configure(root: Path, *, repeats: str = "") -> None:
    line = f'repeats = "{repeats}"\n' if repeats else ""
    (root / "readinggroup.toml").write_text(
        f'translator = "none"\n{line}'
        '[[lists]]\nlabel = "Top recent"\nsources = ["file"]\nfile = "lists/{meeting}.txt"\n'
        "size = 3\n",
        "utf-8",
    )
    (root / "lists").mkdir(exist_ok=True)
    for month in ("2021-11", "2021-12"):
        (root / "lists" / f"{month}.txt").write_text(
            "\n".join([READ_IN_OCTOBER, *NEW]) + "\n", "utf-8"
        )


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), obj=fake_services(metadata=metadata()))


def listed(session: Session) -> list[str]:
    return [entry.id for entry in session.lists[0].entries]


def test_a_paper_read_last_month_is_marked_on_its_line_slide_and_post(workdir: Path) -> None:
    configure(workdir)
    result = run("fetch", "2021-11")
    assert result.exit_code == 0, result.stderr
    session = load_session(workdir / "sessions" / "2021-11.yaml")
    assert listed(session) == [READ_IN_OCTOBER, "2110.00001", "2110.00002"]
    paper = session.paper(READ_IN_OCTOBER)
    assert paper is not None
    assert paper.already_read == "2021-10"
    assert "already_read: 2021-10" in (workdir / "sessions" / "2021-11.yaml").read_text("utf-8")
    new = session.paper("2110.00001")
    assert new is not None
    assert new.already_read == ""

    shown = run("show", "2021-11").stdout
    row = next(line for line in shown.splitlines() if READ_IN_OCTOBER in line)
    assert "既出 2021-10" in row
    assert shown.count("既出") == 1

    assert run("render", "2021-11").exit_code == 0
    deck = Presentation(str(workdir / "output" / "2021-11.pptx"))
    texts = [  # a mark that does not fit the rest of its line starts the next: \v, a line break
        "\n".join(
            shape.text_frame.text.replace("\v", "")
            for shape in slide.shapes
            if shape.has_text_frame
        )
        for slide in deck.slides
    ]
    assert "1. ConvMLP: Hierarchical Convolutional MLPs for Vision（既出 2021-10）" in texts[1]
    assert "Top recent #1（既出 2021-10）" in texts[2]
    assert "既出" not in texts[3]

    assert run("export", "2021-11", "--markdown").exit_code == 0
    tokens = parse((workdir / "output" / "2021-11.md").read_text("utf-8"))
    cells = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "td_open"]
    assert cells[:3] == ["1", cells[1], "既出 2021-10"]
    assert "Top recent #1（既出 2021-10）" in [t.content for t in tokens if t.type == "inline"]


def test_skip_leaves_it_out_and_a_person_can_undo_it(workdir: Path) -> None:
    configure(workdir, repeats="skip")
    assert run("fetch", "2021-11").exit_code == 0
    path = workdir / "sessions" / "2021-11.yaml"
    session = load_session(path)
    assert listed(session) == list(NEW)  # the next candidate moved up
    assert [entry.rank for entry in session.lists[0].entries] == [1, 2, 3]
    skipped = session.paper(READ_IN_OCTOBER)
    assert skipped is not None  # kept in the file with the decision, though not listed
    assert skipped.already_read == "2021-10"

    # the organiser wants it after all
    path.write_text(
        path.read_text("utf-8").replace("already_read: 2021-10", "already_read: none"), "utf-8"
    )
    assert run("fetch", "2021-11").exit_code == 0
    session = load_session(path)
    assert listed(session) == [READ_IN_OCTOBER, "2110.00001", "2110.00002"]
    undone = session.paper(READ_IN_OCTOBER)
    assert undone is not None
    assert undone.already_read == "none"
    assert undone.read_in is None
    assert run("export", "2021-11", "--markdown").exit_code == 0
    assert "既出" not in (workdir / "output" / "2021-11.md").read_text("utf-8")


def test_a_third_month_names_the_month_it_was_first_read(workdir: Path) -> None:
    configure(workdir)
    assert run("fetch", "2021-11").exit_code == 0
    assert run("fetch", "2021-12").exit_code == 0
    session = load_session(workdir / "sessions" / "2021-12.yaml")
    first = session.paper(READ_IN_OCTOBER)
    again = session.paper("2110.00001")
    assert first is not None
    assert again is not None
    assert (first.already_read, again.already_read) == ("2021-10", "2021-11")


def test_an_earlier_month_that_cannot_be_read_is_named_and_passed_over(workdir: Path) -> None:
    configure(workdir)
    (workdir / "sessions" / "2021-09.yaml").write_text("month: [broken\n", "utf-8")
    result = run("fetch", "2021-11")
    assert result.exit_code == 0
    assert "2021-09.yaml" in result.stderr
    assert "not counted as read before" in result.stderr


@pytest.mark.parametrize(
    ("value", "problem"),
    [("2021-13", "13 is not between 01 and 12"), ("no", "write the month it was read")],
)
def test_a_wrong_already_read_is_one_sentence(workdir: Path, value: str, problem: str) -> None:
    path = workdir / "sessions" / "2021-10.yaml"
    text = path.read_text("utf-8")
    path.write_text(
        text.replace("  pickup: false\n", f"  already_read: {value}\n  pickup: false\n", 1), "utf-8"
    )
    result = run("render", "2021-10")
    assert result.exit_code == 1
    assert "already_read" in result.stderr
    assert problem in result.stderr
    assert path.read_text("utf-8") != text  # left as the person wrote it


def test_repeats_setting_is_checked_once(workdir: Path) -> None:
    configure(workdir, repeats="never")
    result = run("fetch", "2021-11")
    assert result.exit_code == 1
    assert "repeats" in result.stderr
    assert "'mark' or 'skip'" in result.stderr


def entry_ids(session: Session) -> list[str]:
    return [entry.id for entry in session.lists[0].entries]


@pytest.mark.parametrize("skip", [False, True])
def test_only_the_lines_a_list_would_show_are_recorded(skip: bool) -> None:
    month = Month(2021, 11)
    ids = ["a.1", "r.1", "a.2", "a.3", "r.2"]  # r.*: read before; size 3
    session = Session(
        month=month,
        title="t",
        window=Window(month.first_day, month.last_day),
        lists=(
            RankedList(
                "L", ("file",), tuple(ListEntry(n, i) for n, i in enumerate(ids, 1)), size=3
            ),
        ),
        papers=tuple(Paper(id=i) for i in ids),
    )
    read = {"r.1": Month(2021, 9), "r.2": Month(2021, 10)}
    decided, report = decide_repeats(session, read=read, skip=skip)
    recorded = {p.id: p.already_read for p in decided.papers if p.already_read}
    if skip:
        assert entry_ids(decided) == ["a.1", "a.2", "a.3"]
        assert recorded == {"r.1": "2021-09"}  # r.2 would not have been shown: not written down
    else:
        assert entry_ids(decided) == ids
        assert recorded == {"r.1": "2021-09"}  # r.2 is below the cut
    assert report.done == 1
    # a person's "none" is never replaced, and the paper stays listed
    undone = decided.with_papers(
        tuple(replace(p, already_read="none") if p.id == "r.1" else p for p in decided.papers)
    )
    again, _ = decide_repeats(replace(undone, lists=session.lists), read=read, skip=skip)
    assert "r.1" in entry_ids(again)
    assert again.paper("r.1").already_read == "none"  # type: ignore[union-attr]


def test_read_months_takes_the_first_month_before_this_one() -> None:
    def month_with(month: Month, ids: list[str]) -> Session:
        entries = tuple(ListEntry(n, i) for n, i in enumerate(ids, 1))
        return Session(
            month=month,
            title="t",
            window=Window(month.first_day, month.last_day),
            lists=(RankedList("L", ("file",), entries),),
        )

    sessions = [
        month_with(Month(2021, 10), ["x", "y"]),
        month_with(Month(2021, 9), ["x"]),
        month_with(Month(2021, 11), ["z"]),
    ]
    assert read_months(sessions, before=Month(2021, 11)) == {
        "x": Month(2021, 9),
        "y": Month(2021, 10),
    }
