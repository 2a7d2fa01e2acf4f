"""A layout with sample text baked into a plain text box ("Title / No more than two lines"):
passed over while another layout fits; when the organiser names it, no word of the deck is
drawn on its sample text (LibreOffice)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner
from pptx import Presentation

from readinggroup.cli import cli
from tests.fakes import fake_services
from tests.slide_checks import convert, problems, require_libreoffice
from tests.templates import sample_title

EXAMPLE = Path(__file__).parent.parent / "sessions" / "2021-10.yaml"
TITLE = "AI最新論文読み会2021年10月"


def render(work: Path, config: str = "") -> Any:
    (work / "sessions").mkdir(parents=True)
    (work / "sessions" / "2021-10.yaml").write_bytes(EXAMPLE.read_bytes())
    template = sample_title(work)
    (work / "readinggroup.toml").write_text(f'template = "{template.name}"\n{config}', "utf-8")
    result = CliRunner().invoke(cli, ["-C", str(work), "render", "2021-10"], obj=fake_services())
    assert result.exit_code == 0, result.output
    return Presentation(str(work / "output" / "2021-10.pptx"))


def test_a_layout_with_sample_text_is_passed_over_while_another_fits(tmp_path: Path) -> None:
    deck = render(tmp_path)
    assert {slide.slide_layout.name for slide in deck.slides} == {"Title Only"}
    assert "No more than two lines" not in {
        shape.text_frame.text for shape in deck.slides[0].shapes if shape.has_text_frame
    }


def test_a_named_layout_with_sample_text_keeps_the_deck_off_it(tmp_path: Path) -> None:
    require_libreoffice()
    deck = render(tmp_path, '[layouts]\ntitle = "Title Slide"\n')
    first = deck.slides[0]
    assert first.slide_layout.name == "Title Slide"
    # the title is not written into the placeholder under the sample text, but beside it
    (title,) = [s for s in first.shapes if s.has_text_frame and s.text_frame.text == TITLE]
    assert not title.is_placeholder
    path = tmp_path / "output" / "2021-10.pptx"
    (pdf,) = convert([path], tmp_path / "pdf")
    assert problems(deck, pdf, tmp_path / "png") == []
