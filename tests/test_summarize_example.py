"""The shipped 2021-10 session with every summary line blanked, drafted again from the abstracts.

Done when: 目的/成果/方法 each filled for at least 13 of the 16 papers (15 have an abstract),
every line at most one slide line, no line repeating another, with translator none (English)
and with a fake translator; 固有名 holds every name the title or abstract coins and never a
field term.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner

from readinggroup.cli import cli
from readinggroup.models import Paper, Session
from readinggroup.paper_records import Summary
from readinggroup.protocols import Translator
from readinggroup.session import load_session, save_session
from readinggroup.stages.summarize import summarize_session
from readinggroup.text.clauses import fits_line
from readinggroup.text.names import is_field_term
from tests.fakes import FakeTranslator, fake_services
from tests.test_names_table import EXPECTED

EXAMPLE = Path(__file__).parent.parent / "sessions" / "2021-10.yaml"
LINES = ("purpose", "result", "method")


def blanked() -> Session:
    """The organiser's session without any summary line (nor their provenance)."""
    session = load_session(EXAMPLE)
    papers = tuple(
        dataclasses.replace(
            paper,
            summary=Summary(),
            provenance={k: v for k, v in paper.provenance.items() if not k.startswith("summary.")},
        )
        for paper in session.papers
    )
    return session.with_papers(papers)


def drafted(translator: Translator | None) -> list[Paper]:
    session, report = summarize_session(blanked(), translator=translator)
    assert report.failed == 0
    return list(session.papers)


@pytest.mark.parametrize("translator", [None, FakeTranslator()], ids=["none", "fake"])
def test_purpose_result_method_filled_short_and_distinct(translator: Translator | None) -> None:
    papers = drafted(translator)
    assert len(papers) == 16
    for line in LINES:
        filled = [paper.id for paper in papers if paper.summary.get(line)]  # type: ignore[arg-type]
        assert len(filled) >= 13, line
    for paper in papers:
        texts = [paper.summary.get(line) for line in LINES]  # type: ignore[arg-type]
        assert all(fits_line(text) for text in texts), paper.id
        filled = [text for text in texts if text]
        assert len(set(filled)) == len(filled), paper.id
        if translator is not None:
            assert all(text.startswith("JA:") for text in filled)


def test_names_are_the_coined_ones_and_never_a_field_term_alone() -> None:
    for paper in drafted(None):
        names = [name for name in paper.summary.names.split("、") if name]
        assert [name for name in EXPECTED[paper.id] if name not in names] == [], paper.id
        assert not any(is_field_term(name) for name in names), paper.id


def test_each_line_records_its_writer() -> None:
    paper = next(p for p in drafted(None) if p.id == "2109.04454")
    assert paper.provenance["summary.names"].startswith("extractive:")
    assert paper.provenance["summary.purpose"].startswith("extractive:")
    assert "summary.affiliations" not in paper.provenance  # nothing known: left empty


def test_show_summaries_prints_each_line_its_writer_and_what_needs_a_look(workdir: Path) -> None:
    path = workdir / "sessions" / "2021-10.yaml"
    save_session(blanked(), path)
    runner = CliRunner()
    services = fake_services(translator=FakeTranslator())
    result = runner.invoke(cli, ["summarize", "2021-10"], obj=services)
    assert result.exit_code == 0, result.output
    session = load_session(path)
    edited = next(p for p in session.papers if p.id == "2109.04454")
    edited = edited.with_text(
        "summary.purpose", "MLPを下流タスクに使いやすくすること", writer="human"
    )
    edited = dataclasses.replace(edited, summary=dataclasses.replace(edited.summary, method=""))
    papers = tuple(edited if p.id == edited.id else p for p in session.papers)
    save_session(session.with_papers(papers), path)

    result = runner.invoke(cli, ["show", "2021-10", "--summaries"], obj=services)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    start = lines.index("2109.04454  ConvMLP: Hierarchical Convolutional MLPs for Vision")
    assert lines[start + 1 : start + 6] == [
        "  目的：MLPを下流タスクに使いやすくすること  [by hand]",
        f"  成果：{edited.summary.result}  [extractive, not edited yet]",
        "  方法：  [empty]",
        f"  固有名：{edited.summary.names}  [extractive, not edited yet]",
        f"  著者所属：{edited.summary.affiliations}  [affiliations, not edited yet]",
    ]
    assert len([line for line in lines if not line.startswith(" ")]) == 16 + 1  # + the count

    result = runner.invoke(cli, ["show", "2021-10", "--todo"], obj=services)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    start = lines.index("2109.04454  ConvMLP: Hierarchical Convolutional MLPs for Vision")
    assert [line.split("：")[0] for line in lines[start + 1 : start + 5]] == [
        "  成果",
        "  方法",
        "  固有名",
        "  著者所属",
    ]
    assert "by hand" not in result.output


def test_show_todo_of_a_month_read_through_says_so(workdir: Path) -> None:
    session = load_session(EXAMPLE)
    read = tuple(  # the organiser read the example's found 著者所属 lines and kept them
        dataclasses.replace(paper, provenance={**paper.provenance, "summary.affiliations": "human"})
        for paper in session.papers
    )
    save_session(session.with_papers(read), workdir / "sessions" / "2021-10.yaml")
    result = CliRunner().invoke(cli, ["show", "2021-10", "--todo"], obj=fake_services())
    assert result.exit_code == 0, result.output
    assert result.output == "every summary line has been read or written by hand\n"


def test_show_todo_of_the_example_lists_its_found_affiliations(workdir: Path) -> None:
    save_session(load_session(EXAMPLE), workdir / "sessions" / "2021-10.yaml")
    result = CliRunner().invoke(cli, ["show", "2021-10", "--todo"], obj=fake_services())
    assert result.exit_code == 0, result.output
    assert result.output.count("[affiliations, not edited yet]") == 16
    assert "  著者所属：Google Research  [affiliations, not edited yet]\n" in result.output
