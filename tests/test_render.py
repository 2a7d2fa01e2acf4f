"""The renderer's own promises: the organiser's template, sizes that fit, fonts."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation
from pptx.util import Inches

from readinggroup.cli import cli
from readinggroup.render.textfit import Box, count_lines, fitting_size
from tests.fakes import fake_services


def test_template_replaces_the_built_in_look(workdir: Path) -> None:
    template = Presentation()
    template.slide_width, template.slide_height = Inches(10), Inches(7.5)  # 4:3
    template.slides.add_slide(template.slide_layouts[0])  # a sample slide to be dropped
    template.save(str(workdir / "ours.pptx"))
    result = CliRunner().invoke(
        cli, ["render", "2021-10", "--template", "ours.pptx"], obj=fake_services()
    )
    assert result.exit_code == 0, result.output
    deck = Presentation(str(workdir / "output" / "2021-10.pptx"))
    assert len(deck.slides) == 25
    assert deck.slide_width == Inches(10)
    assert deck.slides[0].slide_layout.name == "Title Slide"
    assert deck.slides[1].slide_layout.name == "Title Only"
    right_edges = [s.left + s.width for slide in deck.slides for s in slide.shapes]
    assert max(right_edges) <= Inches(10)


def test_missing_template_is_one_sentence(workdir: Path) -> None:
    result = CliRunner().invoke(
        cli, ["render", "2021-10", "--template", "nope.pptx"], obj=fake_services()
    )
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: template nope.pptx not found; fix the path or leave it empty\n"
    )


@pytest.mark.parametrize(
    ("text", "width_em", "lines"),
    [
        ("short", 10, 1),
        ("あ" * 20, 10, 2),
        ("あ" * 21, 10, 3),
        ("word " * 10, 10.5, 4),  # Latin breaks at spaces only
        ("x" * 40, 10, 3),  # a word longer than the line breaks anywhere
    ],
)
def test_count_lines(text: str, width_em: float, lines: int) -> None:
    assert count_lines(text, width_em) == lines


def test_fitting_size_shrinks_long_text_and_keeps_short_text_large() -> None:
    box = Box(width_pt=900, height_pt=200)
    assert fitting_size(["短い要旨"], box, largest=18, smallest=8) == 18
    long = fitting_size(["長い要旨。" * 200], box, largest=18, smallest=8)
    assert 8 <= long < 18
    assert fitting_size(["長" * 100_000], box, largest=18, smallest=8) == 8
