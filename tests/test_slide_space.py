"""The example's slides use their space, as LibreOffice draws them: list slides fill the slide,
each abstract takes the largest size that fits its box (half a point more and LibreOffice draws
it past the box), 重複 slides carry the paper's 目的 and 成果, and no word leaves its box."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pptx import Presentation
from pptx.oxml.ns import qn

from readinggroup.builtin_deck import BUILT_IN_FONTS
from readinggroup.cli import cli
from readinggroup.plan import DuplicateSlide, ListSlide, PaperSlide, Slide, plan_deck
from readinggroup.render.blocks import INSET_IN
from readinggroup.render.metrics import LINE_PITCH, text_metrics
from readinggroup.render.textfit import Measured, measure, needed_height
from readinggroup.session import load_session
from tests.fakes import fake_services
from tests.slide_checks import (
    EMU_PER_POINT,
    convert,
    pages,
    problems,
    require_libreoffice,
    require_noto_sans,
)

require_libreoffice()
EXAMPLE = Path(__file__).parent.parent / "sessions" / "2021-10.yaml"
LARGEST = {"list": 28.0, "abstract": 18.0}  # the renderer's caps for the two blocks
DENSE = (9, 12, 20, 23)  # the example's longest abstracts (slide numbers)


@dataclass(frozen=True)
class Example:
    path: Path
    deck: Any
    pdf: Path
    pngs: Path
    plan: tuple[Slide, ...]


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Example:
    require_noto_sans()
    root = tmp_path_factory.mktemp("space")
    (root / "sessions").mkdir()
    (root / "sessions" / "2021-10.yaml").write_bytes(EXAMPLE.read_bytes())
    result = CliRunner().invoke(cli, ["-C", str(root), "build", "2021-10"], obj=fake_services())
    assert result.exit_code == 0, result.output
    path = root / "output" / "2021-10.pptx"
    (pdf,) = convert([path], root / "pdf")
    plan = plan_deck(load_session(EXAMPLE))
    return Example(path, Presentation(str(path)), pdf, root / "png", plan)


def shape_of(slide: Any, text: str) -> Any:
    """The shape holding *text* (line breaks the renderer wrote left out)."""
    found = [s for s in slide.shapes if s.has_text_frame and _text(s) == text]
    assert len(found) == 1, text
    return found[0]


def _text(shape: Any) -> str:
    return str(shape.text_frame.text).replace("\v", "")


def size(shape: Any) -> float:
    sizes = {int(run.get("sz")) for run in shape._element.iter(qn("a:rPr"))}
    assert len(sizes) == 1
    return sizes.pop() / 100


def box_pt(shape: Any) -> tuple[float, float, float, float]:
    """The text area of *shape* in points: left, top, right, bottom inside its margins."""
    across, down = (inset * 72 for inset in INSET_IN)
    left, top = shape.left / EMU_PER_POINT, shape.top / EMU_PER_POINT
    right, bottom = left + shape.width / EMU_PER_POINT, top + shape.height / EMU_PER_POINT
    return left + across, top + down, right - across, bottom - down


def fits(paragraphs: list[Measured], shape: Any, points: float) -> bool:
    left, top, right, bottom = box_pt(shape)
    return needed_height(paragraphs, right - left, points, LINE_PITCH) <= bottom - top


def metrics() -> Any:
    return text_metrics(BUILT_IN_FONTS.latin, BUILT_IN_FONTS.east_asian)


def test_no_word_collides_or_leaves_its_box(example: Example) -> None:
    assert problems(example.deck, example.pdf, example.pngs) == []


def test_list_slides_fill_the_slide_at_the_largest_size_that_fits(example: Example) -> None:
    drawn = pages(example.pdf)
    hang = sum(metrics().char_width(char) for char in "10. ")
    lists = [(n, s) for n, s in enumerate(example.plan, 1) if isinstance(s, ListSlide)]
    assert [n for n, _ in lists] == [2, 3, 4]
    for number, planned in lists:
        shape = shape_of(example.deck.slides[number - 1], "\n".join(planned.lines))
        page = drawn[number - 1]
        lowest = max(word.box[3] for word in page.words)
        assert lowest > 0.8 * page.height, f"slide {number} ends at {lowest / page.height:.0%}"
        measured = [
            measure(line, metrics(), kept=kept, rest=hang)
            for line, kept in zip(planned.lines, planned.kept, strict=True)
        ]
        points = size(shape)
        assert fits(measured, shape, points)
        assert points == LARGEST["list"] or not fits(measured, shape, points + 0.5)


def test_each_abstract_takes_the_largest_size_that_fits(example: Example) -> None:
    papers = [(n, s) for n, s in enumerate(example.plan, 1) if isinstance(s, PaperSlide)]
    assert len(papers) == 17
    sizes = {}
    for number, planned in papers:
        shape = shape_of(example.deck.slides[number - 1], planned.abstract)
        measured = [measure(planned.abstract, metrics())]
        points = sizes[number] = size(shape)
        assert fits(measured, shape, points)
        assert points == LARGEST["abstract"] or not fits(measured, shape, points + 0.5)
    # the dense abstracts are not held down to the size of the longest
    assert all(sizes[number] >= 13.5 for number in DENSE), sizes
    assert max(sizes.values()) == LARGEST["abstract"]


def test_half_a_point_more_and_a_dense_abstract_leaves_its_box(
    example: Example, tmp_path: Path
) -> None:
    """Only the abstract is kept on its slide, half a point larger: LibreOffice draws its last
    line below the box (so the size chosen was not too cautious)."""
    deck = Presentation(str(example.path))
    boxes = {}
    for number in DENSE:
        planned = example.plan[number - 1]
        assert isinstance(planned, PaperSlide)
        slide = deck.slides[number - 1]
        shape = shape_of(slide, planned.abstract)
        for other in [s for s in slide.shapes if s.shape_id != shape.shape_id]:
            other._element.getparent().remove(other._element)
        larger = str(round((size(shape) + 0.5) * 100))
        for run in shape._element.iter(qn("a:rPr")):
            run.set("sz", larger)
        boxes[number] = box_pt(shape)
    deck.save(str(tmp_path / "larger.pptx"))
    (pdf,) = convert([tmp_path / "larger.pptx"], tmp_path)
    drawn = pages(pdf)
    for number, (_, _, _, bottom) in boxes.items():
        lowest = max(word.box[3] for word in drawn[number - 1].words)
        assert lowest > bottom, f"slide {number}: {lowest:.1f} ≤ {bottom:.1f}"


def test_a_duplicate_slide_carries_the_papers_aim_and_result(example: Example) -> None:
    stubs = [(n, s) for n, s in enumerate(example.plan, 1) if isinstance(s, DuplicateSlide)]
    assert len(stubs) == 4
    for number, planned in stubs:
        slide = example.deck.slides[number - 1]
        texts = [_text(shape) for shape in slide.shapes if shape.has_text_frame]
        assert planned.rank_label in texts  # "Top hype #2 — 重複 → Top recent #6"
        aim, result = planned.summary_lines
        assert aim.startswith("目的：")
        assert result.startswith("成果：")
        assert f"{aim}\n{result}" in texts
