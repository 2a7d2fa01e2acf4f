"""The figures stage over session values: what it looks up, what it writes, what it never
touches (a person's figure, --force included)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import pytest

from readinggroup.errors import SourceError
from readinggroup.models import HUMAN, Paper, Session
from readinggroup.paper_records import FigureRecord
from readinggroup.protocols import FoundFigure
from readinggroup.stages.figures import NOTHING_FOUND_WRITER, figure_wanted, find_figures
from tests.fakes import one_list_session

PNG = FoundFigure(b"\x89PNG fake", "png", "e-print", "figs/arch.png", "Figure 1: The model.")


class Finder:
    """Answers per paper id: a figure, None (nothing anywhere) or an error; records the asks."""

    def __init__(self, answers: Mapping[str, FoundFigure | Exception | None]) -> None:
        self.answers = answers
        self.asked: list[tuple[str, int | None]] = []

    def find(self, paper: Paper, *, number: int | None = None) -> FoundFigure | None:
        self.asked.append((paper.id, number))
        answer = self.answers.get(paper.id)
        if isinstance(answer, Exception):
            raise answer
        return answer


class Store:
    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def exists(self, relative: str) -> bool:
        return relative in self.files

    def save(self, relative: str, data: bytes) -> None:
        self.files[relative] = data


def session_of(*papers: Paper) -> Session:
    return one_list_session(papers)


def paper(paper_id: str, **fields: object) -> Paper:
    return dataclasses.replace(Paper(id=paper_id, version=1, title="A title"), **fields)  # type: ignore[arg-type]


def test_a_found_figure_is_written_and_named_with_its_source() -> None:
    finder, store = Finder({"2109.00001": PNG}), Store()
    session, report = find_figures(session_of(paper("2109.00001")), finder=finder, store=store)
    found = session.papers[0]
    assert store.files == {"figures/2021-10/2109.00001.png": PNG.data}
    assert found.figure == "figures/2021-10/2109.00001.png"
    assert found.provenance["figure"].startswith("e-print:figs/arch.png:")
    assert not found.is_human_text("figure")
    assert found.found_figure == FigureRecord(
        "figures/2021-10/2109.00001.png", "e-print", "figs/arch.png", None, "Figure 1: The model."
    )
    assert (report.attempted, report.done, report.failures) == (1, 1, ())
    # a second run asks nothing
    finder.asked.clear()
    again, report = find_figures(session, finder=finder, store=store)
    assert again == session
    assert finder.asked == []
    assert report.attempted == 0


def test_nothing_found_is_none_written_by_the_stage_and_not_asked_again() -> None:
    finder, store = Finder({}), Store()
    session, _ = find_figures(session_of(paper("2109.00001")), finder=finder, store=store)
    nothing = session.papers[0]
    assert nothing.figure == "none"
    assert nothing.provenance["figure"].startswith(f"{NOTHING_FOUND_WRITER}:")
    assert not figure_wanted(nothing, store)
    assert figure_wanted(nothing, store, force=True)  # --force asks again


@pytest.mark.parametrize("choice", ["none", "figures/mine.png"])
def test_a_persons_figure_is_never_replaced_not_even_with_force(choice: str) -> None:
    chosen = paper("2109.00001", figure=choice, provenance={"figure": HUMAN})
    finder, store = Finder({"2109.00001": PNG}), Store()
    session, report = find_figures(session_of(chosen), finder=finder, store=store, force=True)
    assert session.papers[0] == chosen
    assert finder.asked == []
    assert report.attempted == 0


def test_a_figure_number_is_found_once_and_kept_as_the_number() -> None:
    chosen = paper("2109.00001", figure="3")  # written in the file by a person
    finder, store = Finder({"2109.00001": PNG}), Store()
    session, _ = find_figures(session_of(chosen), finder=finder, store=store, force=True)
    found = session.papers[0]
    assert finder.asked == [("2109.00001", 3)]
    assert found.figure == "3"
    assert found.found_figure is not None
    assert found.found_figure.number == 3
    assert "figures/2021-10/2109.00001.png" in store.files
    finder.asked.clear()
    find_figures(session, finder=finder, store=store, force=True)
    assert finder.asked == []  # found: not asked again
    changed = dataclasses.replace(found, figure="4")
    find_figures(session_of(changed), finder=finder, store=store)
    assert finder.asked == [("2109.00001", 4)]  # the person chose another


def test_a_number_the_paper_does_not_have_is_reported() -> None:
    chosen = paper("2109.00001", figure="9")
    session, report = find_figures(session_of(chosen), finder=Finder({}), store=Store())
    assert session.papers[0] == chosen
    assert report.failures == (
        "2109.00001: the paper has no figure 9 that can be shown; "
        "write another number, a path, or none",
    )


def test_a_failing_service_leaves_the_paper_to_the_next_run() -> None:
    finder = Finder({"2109.00001": SourceError("arXiv pages", "had a server error (HTTP 503)")})
    start = session_of(paper("2109.00001"), paper("2109.00002"))
    finder.answers = {**finder.answers, "2109.00002": PNG}
    session, report = find_figures(start, finder=finder, store=Store())
    assert session.papers[0] == start.papers[0]
    assert session.papers[1].figure == "figures/2021-10/2109.00002.png"
    assert report.failures == (
        "2109.00001: figure not looked up (arXiv pages: had a server error (HTTP 503))",
    )


def test_a_found_file_the_organiser_deleted_is_found_again() -> None:
    finder, store = Finder({"2109.00001": PNG}), Store()
    session, _ = find_figures(session_of(paper("2109.00001")), finder=finder, store=store)
    store.files.clear()
    finder.asked.clear()
    find_figures(session, finder=finder, store=store)
    assert finder.asked == [("2109.00001", None)]


def test_papers_without_metadata_and_unlisted_ones_are_not_asked() -> None:
    listed = paper("2109.00001", title="")
    start = dataclasses.replace(session_of(listed), papers=(listed, paper("2109.00009")))
    finder = Finder({})
    find_figures(start, finder=finder, store=Store())
    assert finder.asked == []


def test_checkpoint_gets_each_paper_as_it_is_found() -> None:
    finder = Finder({"2109.00001": PNG, "2109.00002": PNG})
    seen: list[int] = []
    find_figures(
        session_of(paper("2109.00001"), paper("2109.00002")),
        finder=finder,
        store=Store(),
        checkpoint=lambda session: seen.append(sum(bool(p.figure) for p in session.papers)),
    )
    assert seen == [1, 2]
