"""Organisers' templates through LibreOffice: every word on the page, in its box, off the
layout's own drawings, readable on its background; each slide role on the right layout.

Each template is rendered with the example session, and all decks are converted in one
LibreOffice run for the module.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pptx import Presentation

from readinggroup.cli import cli
from tests.fakes import fake_services
from tests.slide_checks import convert, problems, require_libreoffice
from tests.templates import EXPECTED_LAYOUTS, TEMPLATES

require_libreoffice()
EXAMPLE = Path(__file__).parent.parent / "sessions" / "2021-10.yaml"


@dataclass(frozen=True)
class Rendered:
    deck: Any
    pdf: Path
    pngs: Path


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendered]:
    root = tmp_path_factory.mktemp("templates")
    decks = {}
    for name, build in TEMPLATES.items():
        work = root / name
        (work / "sessions").mkdir(parents=True)
        (work / "sessions" / "2021-10.yaml").write_bytes(EXAMPLE.read_bytes())
        template = build(work)
        result = CliRunner().invoke(
            cli,
            ["-C", str(work), "render", "2021-10", "--template", str(template)],
            obj=fake_services(),
        )
        assert result.exit_code == 0, result.output
        deck = work / "output" / f"{name}.pptx"
        (work / "output" / "2021-10.pptx").rename(deck)
        decks[name] = deck
    pdfs = convert(list(decks.values()), root / "pdf")
    return {
        name: Rendered(Presentation(str(deck)), pdf, root / "png" / name)
        for (name, deck), pdf in zip(decks.items(), pdfs, strict=True)
    }


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_every_word_fits_and_reads(rendered: dict[str, Rendered], name: str) -> None:
    deck = rendered[name]
    assert len(deck.deck.slides) == 25
    assert problems(deck.deck, deck.pdf, deck.pngs) == []


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_each_role_gets_its_layout(rendered: dict[str, Rendered], name: str) -> None:
    slides = list(rendered[name].deck.slides)
    title, content = EXPECTED_LAYOUTS[name]
    assert slides[0].slide_layout.name == title
    assert {slide.slide_layout.name for slide in slides[1:]} == {content}
