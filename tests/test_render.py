"""The renderer's own promises: the organiser's template, sizes that fit, fonts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pptx import Presentation
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.oxml.ns import qn
from pptx.util import Inches

from readinggroup.cli import cli
from readinggroup.render.metrics import text_metrics
from readinggroup.render.textfit import Box, count_lines, fitting_size, measure
from readinggroup.render.theme import read_palette, theme_fonts
from tests.fakes import fake_services
from tests.slide_checks import require_noto_sans


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


def test_widths_come_from_the_font_file() -> None:
    require_noto_sans()
    noto = text_metrics("Noto Sans", "Noto Sans CJK JP")
    assert noto.char_width("i") < 0.35 < noto.char_width("W")
    assert noto.char_width("あ") == 1.0
    assert 1.3 < noto.line_height < 1.6  # Noto Sans CJK: ascent + descent


def test_a_missing_font_is_measured_with_the_widest_fallback() -> None:
    require_noto_sans()
    noto = text_metrics("Noto Sans", "Noto Sans CJK JP", bold=True)
    missing = text_metrics("Not Installed Sans", "Noto Sans CJK JP", bold=True)
    title = "Scaled ReLU Matters for Training Vision Transformers"
    assert sum(map(missing.char_width, title)) >= sum(map(noto.char_width, title))


def test_a_paragraph_is_measured_once_and_wrapped_at_any_width() -> None:
    measured = measure("word " * 10)
    assert [measured.lines(width) for width in (100, 10.5, 5)] == [1, 4, 10]


def test_a_kept_marker_never_breaks() -> None:
    line = "10. ConvMLP: Hierarchical Convolutional MLPs for Vision（重複 → Top recent #3）"
    measured = measure(line, kept=["（重複 → Top recent #3）"])
    assert measured.lines(80) == 1
    assert measured.breaks(80) == ()
    # where it does not fit the rest of the line it starts the next, with the word glued to it,
    # and the writer is told to break there (a renderer would cut the marker)
    assert measured.lines(40) == 2
    assert measured.breaks(40) == (line.index("Vision"),)
    # a marker wider than a whole line: the size is refused
    assert measured.lines(12) is None
    assert measure(line).lines(40) == 2
    assert measure(line).breaks(40) == ()


def test_hanging_indent_narrows_every_line_but_the_first() -> None:
    text = "x " * 40
    assert measure(text, rest=4).lines(10) == 6 > measure(text).lines(10) == 4
    assert measure(text, rest=4).lines(100) == 1


def _sizes(slide: Any) -> list[float]:
    return [
        run.font.size.pt
        for shape in slide.shapes
        if shape.has_text_frame
        for paragraph in shape.text_frame.paragraphs
        for run in paragraph.runs
    ]


def test_one_size_per_role_where_the_text_allows(workdir: Path) -> None:
    assert CliRunner().invoke(cli, ["render", "2021-10"], obj=fake_services()).exit_code == 0
    deck = Presentation(str(workdir / "output" / "2021-10.pptx"))
    summaries = [_sizes(slide)[-1] for slide in list(deck.slides)[4:] if len(_sizes(slide)) > 6]
    common = max(set(summaries), key=summaries.count)
    assert summaries.count(common) >= 0.75 * len(summaries)
    assert all(size <= common for size in summaries)


def test_list_lines_hang_and_summary_lines_have_bullets(workdir: Path) -> None:
    assert CliRunner().invoke(cli, ["render", "2021-10"], obj=fake_services()).exit_code == 0
    deck = Presentation(str(workdir / "output" / "2021-10.pptx"))
    lines = deck.slides[1].shapes[1].text_frame.paragraphs
    properties = lines[0]._p.pPr
    assert int(properties.get("marL")) == -int(properties.get("indent")) > 0
    summary = deck.slides[4].shapes[-1].text_frame.paragraphs[0]._p.pPr
    assert summary.find(qn("a:buChar")).get("char") == "•"


def test_built_in_look_keeps_its_colours_through_its_theme(workdir: Path) -> None:
    assert CliRunner().invoke(cli, ["render", "2021-10"], obj=fake_services()).exit_code == 0
    deck = Presentation(str(workdir / "output" / "2021-10.pptx"))
    palette = read_palette(deck.slide_master)
    heading = deck.slides[1].shapes[0].text_frame.paragraphs[0].runs[0]
    assert heading.font.color.theme_color == MSO_THEME_COLOR.TEXT_2
    assert palette.resolve("tx2") == (0x1F, 0x4E, 0x79)
    assert palette.resolve("accent2") == (0xC0, 0x39, 0x2B)
    assert theme_fonts(deck.slide_master)["minor.latin"] == "Noto Sans"


def test_export_needs_pdf_or_png(workdir: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "2021-10"], obj=fake_services())
    assert result.exit_code == 2
    assert "Error: give --pdf, --png, --markdown or several" in result.stderr
    assert not (workdir / "output").exists()
