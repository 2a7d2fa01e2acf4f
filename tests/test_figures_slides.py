"""The key figure on the full paper slides, as LibreOffice draws them: exactly one picture on
each full slide of a paper with a figure, inside the slide, no word over it, every word still in
its box; with the built-in look, a dark template, a 4:3 one, a portrait one and a bare wide one.

The example session gets a picture per paper (wide, square, tall, very wide in turn; one paper
``figure: none``), written as a person would name them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from readinggroup.cli import cli
from readinggroup.figure_files import shown_figure
from readinggroup.plan import FIGURE_CREDIT, PaperSlide, plan_deck
from readinggroup.session import load_session, save_session
from tests.fakes import fake_services
from tests.fixtures.figures.builders import png
from tests.slide_checks import (
    EMU_PER_POINT,
    convert,
    intersects,
    pages,
    problems,
    require_libreoffice,
)
from tests.templates import TEMPLATES

require_libreoffice()
EXAMPLE = Path(__file__).parent.parent / "sessions" / "2021-10.yaml"
SHAPES = [(1600, 800), (900, 900), (400, 1200), (2500, 500)]
WITHOUT = "2109.05237"  # figure: none
LOOKS: dict[str, Callable[[Path], Path] | None] = {"built_in": None, **TEMPLATES}


@dataclasses.dataclass(frozen=True)
class Rendered:
    deck: Any
    pdf: Path
    pngs: Path
    slides: tuple[Any, ...]  # the plan, slide by slide


def with_figures(work: Path) -> Any:
    """The example session with a person's figure for every paper but one."""
    session = load_session(EXAMPLE)
    papers = []
    for index, paper in enumerate(session.papers):
        if paper.id == WITHOUT:
            papers.append(dataclasses.replace(paper, figure="none"))
            continue
        relative = f"figures/2021-10/{paper.id}.png"
        (work / relative).parent.mkdir(parents=True, exist_ok=True)
        (work / relative).write_bytes(png(*SHAPES[index % len(SHAPES)]))
        papers.append(dataclasses.replace(paper, figure=relative))
    session = session.with_papers(tuple(papers))
    (work / "sessions").mkdir(parents=True, exist_ok=True)
    save_session(session, work / "sessions" / "2021-10.yaml")
    return session


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendered]:
    root = tmp_path_factory.mktemp("figures")
    decks, plans = {}, {}
    for name, build in LOOKS.items():
        work = root / name
        work.mkdir()
        session = with_figures(work)
        args = ["-C", str(work), "render", "2021-10"]
        if build is not None:
            args += ["--template", str(build(work))]
        result = CliRunner().invoke(cli, args, obj=fake_services())
        assert result.exit_code == 0, result.output
        deck = work / "output" / f"{name}.pptx"
        (work / "output" / "2021-10.pptx").rename(deck)
        decks[name] = deck
        shown = {p.id: f for p in session.papers if (f := shown_figure(p, work, where="x"))}
        plans[name] = plan_deck(session, figures=shown)
    pdfs = convert(list(decks.values()), root / "pdf")
    return {
        name: Rendered(Presentation(str(deck)), pdf, root / "png" / name, plans[name])
        for (name, deck), pdf in zip(decks.items(), pdfs, strict=True)
    }


def pictures(slide: Any) -> list[Any]:
    return [shape for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]


def box(shape: Any) -> tuple[float, float, float, float]:
    left, top = shape.left / EMU_PER_POINT, shape.top / EMU_PER_POINT
    return (left, top, left + shape.width / EMU_PER_POINT, top + shape.height / EMU_PER_POINT)


@pytest.mark.parametrize("name", list(LOOKS))
def test_one_picture_per_full_slide_inside_the_slide_under_no_word(
    rendered: dict[str, Rendered], name: str
) -> None:
    look = rendered[name]
    width = look.deck.slide_width / EMU_PER_POINT
    height = look.deck.slide_height / EMU_PER_POINT
    drawn = pages(look.pdf)
    with_figure = 0
    for number, (planned, slide, page) in enumerate(
        zip(look.slides, look.deck.slides, drawn, strict=True), 1
    ):
        found = pictures(slide)
        if not (isinstance(planned, PaperSlide) and planned.figure is not None):
            assert found == [], f"slide {number}"
            continue
        with_figure += 1
        assert len(found) == 1, f"slide {number}"
        picture = box(found[0])
        assert min(picture[0], picture[1]) >= 0, f"slide {number}"
        assert (picture[2], picture[3]) <= (width, height), f"slide {number}"
        assert picture[3] <= height, f"slide {number}"
        covered = [word.text for word in page.words if intersects(word.box, picture)]
        assert covered == [], f"slide {number}"
        credit = FIGURE_CREDIT.format(id=planned.paper_id)
        texts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        assert credit in texts, f"slide {number}"
        assert credit in slide.notes_slide.notes_text_frame.text
    assert with_figure == 16  # 15 papers with a figure, the pickup's slide twice


@pytest.mark.parametrize("name", list(LOOKS))
def test_every_word_still_fits_and_reads(rendered: dict[str, Rendered], name: str) -> None:
    look = rendered[name]
    assert problems(look.deck, look.pdf, look.pngs) == []


def test_the_aspect_ratio_is_kept(rendered: dict[str, Rendered]) -> None:
    look = rendered["built_in"]
    for planned, slide in zip(look.slides, look.deck.slides, strict=True):
        if isinstance(planned, PaperSlide) and planned.figure is not None:
            (picture,) = pictures(slide)
            pixels = planned.figure.pixels
            assert picture.width / picture.height == pytest.approx(pixels[0] / pixels[1], rel=0.01)
