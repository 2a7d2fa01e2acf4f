"""The real renderer: the example deck through `export`, checked word by word in LibreOffice's PDF.

Three decks, each exported once for the module: the example with Noto Sans (also as PNGs), the
example with a Latin font this machine does not have (drawn in DejaVu Sans, wider than Noto), and
the longest texts arXiv allows.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from PIL import Image
from pptx import Presentation

from readinggroup.cli import cli
from readinggroup.session import load_session, save_session
from tests.fakes import fake_services
from tests.slide_checks import pages, problems, require_libreoffice

require_libreoffice()
EXAMPLE = Path(__file__).parent.parent / "sessions" / "2021-10.yaml"
MISSING_FONT = "Bitstream Vera Sans"  # not installed; fontconfig substitutes the wider DejaVu Sans


@dataclass(frozen=True)
class Exported:
    root: Path
    deck: Any
    pdf: Path
    stdout: str
    messages: str


def _lengthen(path: Path) -> None:
    """arXiv's longest abstracts (1,920 characters) and three-line titles."""
    session = load_session(path)
    papers = [
        replace(
            paper,
            title=paper.title + " and Beyond: " + "Scaling Laws for Everything " * 4,
            title_ja=paper.title_ja + "、そして" + "あらゆるもののスケーリング則" * 4,
            abstract_ja=(paper.abstract_ja * 4)[:1900],
        )
        for paper in session.papers
    ]
    save_session(session.with_papers(tuple(papers)), path)


def _export(root: Path, *options: str, config: str = "") -> Exported:
    (root / "sessions").mkdir(parents=True)
    (root / "sessions" / "2021-10.yaml").write_bytes(EXAMPLE.read_bytes())
    if config:
        (root / "readinggroup.toml").write_text(config, encoding="utf-8")
    return _run(root, *options)


def _run(root: Path, *options: str) -> Exported:
    result = CliRunner().invoke(
        cli, ["-C", str(root), "-v", "export", "2021-10", *options], obj=fake_services()
    )
    assert result.exit_code == 0, result.output
    deck = Presentation(str(root / "output" / "2021-10.pptx"))
    return Exported(root, deck, root / "output" / "2021-10.pdf", result.stdout, result.stderr)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Exported]]:
    root = tmp_path_factory.mktemp("export")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("READINGGROUP_CACHE_DIR", str(root / "cache"))
        noto = _export(root / "noto", "--pdf", "--png")
        missing = _export(
            root / "missing",
            "--pdf",
            config=f'fonts = {{ latin = "{MISSING_FONT}", east_asian = "Noto Sans CJK JP" }}\n',
        )
        (root / "long" / "sessions").mkdir(parents=True)
        (root / "long" / "sessions" / "2021-10.yaml").write_bytes(EXAMPLE.read_bytes())
        _lengthen(root / "long" / "sessions" / "2021-10.yaml")
        long = _run(root / "long", "--pdf")
        yield {"noto": noto, "missing": missing, "long": long}
    logging.getLogger("readinggroup").handlers.clear()


@pytest.mark.parametrize("name", ["noto", "missing", "long"])
def test_every_word_fits_and_reads(exported: dict[str, Exported], name: str) -> None:
    deck = exported[name]
    assert len(deck.deck.slides) == 25
    assert problems(deck.deck, deck.pdf, deck.root / "checked") == []


def test_example_keeps_its_slide_texts(exported: dict[str, Exported]) -> None:
    text = " ".join(word.text for page in pages(exported["noto"].pdf) for word in page.words)
    for marker in ("ピックアップ", "重複", "Pickup", "原文", "固有名：", "Top recent #3"):
        assert marker in text


def test_png_export_draws_every_slide_and_a_contact_sheet(exported: dict[str, Exported]) -> None:
    folder = exported["noto"].root / "output" / "2021-10"
    slides = sorted(folder.glob("slide-*.png"))
    assert [path.name for path in slides[:2]] == ["slide-01.png", "slide-02.png"]
    assert len(slides) == 25
    with Image.open(folder / "contact-sheet.png") as sheet:
        assert sheet.width > sheet.height  # five 16:9 slides a row, five rows
    assert exported["noto"].stdout == f"{exported['noto'].pdf}\n"


def test_a_missing_font_is_named_and_the_deck_still_fits(exported: dict[str, Exported]) -> None:
    assert f"the deck uses the font {MISSING_FONT}, which is not installed here" in (
        exported["missing"].messages
    )
    assert "Noto Sans," not in exported["noto"].messages


def test_export_reuses_an_up_to_date_deck(exported: dict[str, Exported]) -> None:
    """The example's second export converts the deck it already has instead of rendering it."""
    first = exported["missing"]
    deck = first.root / "output" / "2021-10.pptx"
    written = deck.stat().st_mtime_ns
    again = _run(first.root, "--pdf")
    assert deck.stat().st_mtime_ns == written
    assert "is up to date; exporting it as it is" in again.messages
