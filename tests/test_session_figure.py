"""A paper's ``figure:`` in the session file: its forms, its place in the file, its errors, and
its rule (a human's choice is never replaced by a stage, --force included)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from readinggroup.errors import SessionFileError
from readinggroup.field_rules import Rule, editable_fields, rule_of
from readinggroup.figure_choice import figure_number
from readinggroup.models import HUMAN, Paper, Session
from readinggroup.session import dump_session, load_session, save_session
from readinggroup.session.merge import Skipped, merge_papers
from readinggroup.stages import may_fill

EXAMPLE = Path("sessions/2021-10.yaml").resolve()


def with_figure(session: Session, figure: str, provenance: dict[str, str] | None = None) -> Session:
    first = session.papers[0]
    changed = dataclasses.replace(
        first, figure=figure, provenance={**first.provenance, **(provenance or {})}
    )
    return session.with_papers((changed, *session.papers[1:]))


@pytest.fixture
def example() -> Session:
    """The shipped example with no figure chosen (it ships figure: none, to build offline)."""
    shipped = load_session(EXAMPLE)
    return shipped.with_papers(
        tuple(dataclasses.replace(paper, figure="") for paper in shipped.papers)
    )


def test_an_unset_figure_is_not_written(example: Session) -> None:
    assert "figure:" not in dump_session(example)
    shipped = load_session(EXAMPLE)
    assert all(paper.figure == "none" for paper in shipped.papers)
    assert dump_session(shipped) == EXAMPLE.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("figure", "line"),
    [
        ("figures/2021-10/2109.00301.png", "  figure: figures/2021-10/2109.00301.png"),
        ("none", "  figure: none"),
        ("2", "  figure: 2"),
    ],
)
def test_each_form_reads_back_as_written(
    example: Session, tmp_path: Path, figure: str, line: str
) -> None:
    session = with_figure(example, figure)
    path = tmp_path / "2021-10.yaml"
    save_session(session, path)
    text = path.read_text(encoding="utf-8")
    assert text.splitlines().count(line) == 1
    assert text.index(line) > text.index("  provenance:")  # after the fields there were
    assert load_session(path) == session


def test_a_number_says_which_figure_of_the_source() -> None:
    assert figure_number("2") == 2
    assert figure_number("figures/2021-10/2.png") is None
    assert figure_number("none") is None


def test_the_provenance_names_source_and_file(example: Session, tmp_path: Path) -> None:
    paper = example.papers[0].with_text(
        "figure", "figures/2021-10/2109.00301.png", writer="e-print:figs/arch.pdf"
    )
    session = example.with_papers((paper, *example.papers[1:]))
    path = tmp_path / "2021-10.yaml"
    save_session(session, path)
    assert re.search(r"^    figure: e-print:figs/arch\.pdf:[0-9a-f]{10}$", path.read_text(), re.M)
    again = load_session(path).papers[0]
    assert again == paper
    assert not again.is_human_text("figure")


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("0", "0 is not a figure number; write a path relative to the working folder"),
        ("-3", "-3 is not a figure number; write a path"),
        ("1.5", "must be a path relative to the working folder"),
        ("true", "must be a path relative to the working folder"),
        ("[1, 2]", "must be a path relative to the working folder"),
        (
            "/home/me/arch.png",
            "/home/me/arch.png is a full path; copy the picture into the working folder (the one "
            "holding sessions/) and write its path relative to it (figures/2021-10/2109.00301.png)",
        ),
    ],
)
def test_a_bad_figure_names_file_line_and_field(
    example: Session, tmp_path: Path, value: str, said: str
) -> None:
    path = tmp_path / "2021-10.yaml"
    save_session(with_figure(example, "none"), path)
    text = path.read_text(encoding="utf-8")
    line = text[: text.index("  figure: none")].count("\n") + 1
    path.write_text(text.replace("  figure: none", f"  figure: {value}"), encoding="utf-8")
    with pytest.raises(SessionFileError) as caught:
        load_session(path)
    message = str(caught.value)
    assert message.startswith(f"{path}, line {line}: papers[0].figure: ")
    assert said in message
    assert message.endswith("; fix it and run again (the file was left untouched)")
    assert path.read_text(encoding="utf-8") != text  # left as the person wrote it


def test_the_figure_rule_is_human_edit_wins() -> None:
    assert rule_of(Paper, "figure") is Rule.HUMAN_WINS
    assert "figure" in editable_fields(Paper)


def test_a_stage_never_replaces_a_human_figure_not_even_with_force() -> None:
    chosen = Paper(id="2109.00301", figure="figures/mine.png", provenance={"figure": HUMAN})
    assert not may_fill(chosen, "figure", force=True)
    assert not may_fill(chosen, "figure", force=False)
    found = Paper(id="2109.00301").with_text("figure", "figures/a.png", writer="html:x1.png")
    assert may_fill(found, "figure", force=True)
    assert not may_fill(found, "figure", force=False)
    assert may_fill(Paper(id="2109.00301"), "figure", force=False)
    edited = dataclasses.replace(found, figure="3")  # the organiser chose the third
    assert not may_fill(edited, "figure", force=True)


def test_a_figure_chosen_in_the_file_meanwhile_wins_the_merge() -> None:
    base = Paper(id="2109.00301")
    ours = base.with_text("figure", "figures/a.png", writer="html:x1.png")
    theirs = dataclasses.replace(base, figure="none")
    skipped: list[Skipped] = []
    merged = merge_papers(base, ours, theirs, skipped)
    assert merged.figure == "none"
    assert "figure" not in merged.provenance  # the stage's provenance went with its value
    assert skipped == [Skipped("2109.00301", "figure")]
    alone = merge_papers(base, ours, dataclasses.replace(base, notes="x"), [])
    assert (alone.figure, alone.notes) == ("figures/a.png", "x")
    assert alone.provenance["figure"] == ours.provenance["figure"]


def test_the_editable_fields_type_lists_what_the_rules_make_editable() -> None:
    """models.EditableField is written out for mypy; the rules on the fields decide."""
    from typing import get_args

    from readinggroup.models import EditableField

    assert set(get_args(EditableField)) == set(editable_fields(Paper))
