"""The shipped example builds the meetup's 25-slide deck offline, in the meetup's format."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pptx import Presentation
from pptx.oxml.ns import qn

from readinggroup.cli import cli
from tests.fakes import fake_services

TITLES = {
    "2109.04454": "ConvMLP: Hierarchical Convolutional MLPs for Vision",
    "2109.00301": "∞-former: Infinite Memory Transformer",
}


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = tmp_path_factory.mktemp("example")
    (root / "sessions").mkdir()
    example = Path(__file__).parent.parent / "sessions" / "2021-10.yaml"
    (root / "sessions" / "2021-10.yaml").write_bytes(example.read_bytes())
    result = CliRunner().invoke(
        cli, ["-C", str(root), "build", "2021-10"], obj=fake_services(), catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(root / "output" / "2021-10.pptx")
    return Presentation(str(root / "output" / "2021-10.pptx"))


def texts(slide: Any) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def all_text(slide: Any) -> str:
    return "\n".join(texts(slide))


def test_25_slides_in_the_meetup_order(deck: Any) -> None:
    slides = list(deck.slides)
    assert len(slides) == 25  # 1 title + 2 lists + 1 pickup list + 1 pickup + 16 papers + 4 重複
    assert texts(slides[0])[0] == "AI最新論文読み会2021年10月"
    assert "医療AI勉強会" in all_text(slides[0])
    assert "2021年10月6日" in all_text(slides[0])
    assert "https://deeplearning-b.connpass.com/event/221384/" in all_text(slides[0])
    assert [texts(s)[0] for s in slides[1:4]] == ["Top recent", "Top hype", "Top recent"]


def test_list_slides_have_one_english_line_per_paper(deck: Any) -> None:
    recent = texts(deck.slides[1])[1].split("\n")
    hype = texts(deck.slides[2])[1].split("\n")
    assert len(recent) == len(hype) == 10
    assert recent[0] == "1. ∞-former: Infinite Memory Transformer"
    assert recent[2] == "3. ConvMLP: Hierarchical Convolutional MLPs for Vision"
    assert hype[1].endswith("（重複 → Top recent #6）")
    assert sum("重複" in line for line in hype) == 4
    assert not any("ピックアップ" in line for line in recent + hype)


def test_pickup_list_marks_only_the_pickup(deck: Any) -> None:
    # a line break (\v) may put the mark at the start of the entry's next line
    lines = texts(deck.slides[3])[1].replace("\v", "").split("\n")
    marked = [line for line in lines if "← ピックアップ" in line]
    assert marked == ["3. ConvMLP: Hierarchical Convolutional MLPs for Vision ← ピックアップ"]


def test_pickup_slide(deck: Any) -> None:
    slide_texts = texts(deck.slides[4])
    title = "ConvMLP：視覚のための階層的畳み込みMLP"
    assert slide_texts[0] == f"{title} (原文: {TITLES['2109.04454']})"
    assert slide_texts[1] == "https://arxiv.org/abs/2109.04454v2"
    assert "Top recent #3" in slide_texts
    assert "Pickup" in slide_texts


def test_papers_in_list_order_with_duplicates_pointing_back(deck: Any) -> None:
    labels = []
    for slide in list(deck.slides)[5:]:
        label = next(t for t in texts(slide) if re.match(r"Top (recent|hype) #\d+", t))
        labels.append(label)
    assert labels[:10] == [f"Top recent #{rank}" for rank in range(1, 11)]
    assert labels[10:] == [
        "Top hype #1",
        "Top hype #2 — 重複 → Top recent #6",
        "Top hype #3",
        "Top hype #4 — 重複 → Top recent #7",
        "Top hype #5",
        "Top hype #6 — 重複 → Top recent #2",
        "Top hype #7",
        "Top hype #8",
        "Top hype #9",
        "Top hype #10 — 重複 → Top recent #3",
    ]
    # the pickup keeps its badge in its normal place and on its 重複 slide
    assert "Pickup" in texts(deck.slides[7])
    assert "Pickup" in texts(deck.slides[24])


def test_paper_slide_text_interface(deck: Any) -> None:
    slide = deck.slides[5]  # Top recent #1
    slide_texts = texts(slide)
    assert slide_texts[0].endswith(f"(原文: {TITLES['2109.00301']})")
    summary = slide_texts[-1].split("\n")
    assert [line.split("：")[0] for line in summary] == [
        "目的",
        "成果",
        "方法",
        "固有名",
        "著者所属",
    ]
    assert summary[3] == "固有名：∞-former"
    notes = slide.notes_slide.notes_text_frame.text
    assert "Transformers are unable to model long-term memories effectively" in notes


def test_no_latex_markup_on_any_slide(deck: Any) -> None:
    for slide in deck.slides:
        text = all_text(slide)
        assert "$" not in text
        assert "\\" not in text


def test_links_are_hyperlinks(deck: Any) -> None:
    for slide in list(deck.slides)[4:]:
        url_box = next(
            s
            for s in slide.shapes
            if s.has_text_frame and s.text_frame.text.startswith("https://arxiv.org/abs/")
        )
        run = url_box.text_frame.paragraphs[0].runs[0]
        assert run.hyperlink.address == url_box.text_frame.text


def test_every_japanese_run_has_an_east_asian_font(deck: Any) -> None:
    japanese = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
    checked = 0
    for slide in deck.slides:
        for shape in slide.shapes:
            if not shape.has_text_frame:
                continue
            for paragraph in shape.text_frame.paragraphs:
                for run in paragraph.runs:
                    if not japanese.search(run.text):
                        continue
                    properties = run._r.find(qn("a:rPr"))
                    assert properties.get("lang") == "ja-JP"
                    east_asian = properties.find(qn("a:ea"))
                    assert east_asian is not None
                    assert east_asian.get("typeface") == "Noto Sans CJK JP"
                    checked += 1
    assert checked > 100
