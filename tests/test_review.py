"""`readinggroup review YEAR` through the real CLI: the shipped example with two generated
months, OpenAlex's citation counts in one request, a year without sessions."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import responses
from click.testing import CliRunner, Result
from pptx import Presentation

from readinggroup.cli import cli
from tests.fakes import fake_services
from tests.fixtures.figures.builders import png
from tests.months import Listed, blocks_after, inline_text, parse, write_month

WORKS = "https://openalex.test/works"
CONVMLP = "2109.04454"  # the example's pickup


def review(*args: str) -> Result:
    return CliRunner().invoke(cli, ["review", *args], obj=fake_services())


@pytest.fixture
def year(workdir: Path) -> Path:
    """The example (2021-10) and two generated months: a paper listed in both, a pickup each,
    two highlights whose 固有名 a person wrote with a name in common."""
    (workdir / "figures" / "2021-12").mkdir(parents=True)
    (workdir / "figures" / "2021-12" / "tiny.png").write_bytes(png())
    shared = Listed("2110.00002", "Long-range Transformers", "cs.CL", names="Transformer、BERT")
    write_month(
        workdir,
        "2021-11",
        [
            ("Top recent", [Listed("2110.00001", "Vision Mixers", "cs.CV"), shared]),
            ("Top hype", [Listed("2110.00003", "Robot Hands", "cs.RO")]),
        ],
        pickup="2110.00001",
    )
    write_month(
        workdir,
        "2021-12",
        [
            (
                "Top recent",
                [
                    Listed(
                        "2111.00001",
                        "Tiny Transformers",
                        names="Transformer",
                        figure="figures/2021-12/tiny.png",
                    )
                ],
            ),
            ("Top hype", [shared, Listed("2111.00002", "Graph Things", "cs.LG")]),
        ],
        pickup="2111.00001",
    )
    return workdir


def headings(tokens: list[Any], tag: str) -> list[str]:
    return [inline_text(token) for token in blocks_after(tokens, "heading_open", tag)]


def test_the_year_in_review(year: Path) -> None:
    result = review("2021")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        str(Path("output") / "2021-review.pptx"),
        str(Path("output") / "2021-review.md"),
    ]
    assert result.stderr == (
        "WARNING: no session for 2021-01, 2021-02, 2021-03, 2021-04, 2021-05, 2021-06, 2021-07, "
        "2021-08, 2021-09\n"
    )
    tokens = parse((year / "output" / "2021-review.md").read_text("utf-8"))
    assert headings(tokens, "h1") == ["AI最新論文読み会2021年のハイライト"]
    facts = [inline_text(token) for token in blocks_after(tokens, "paragraph_open")[:3]]
    assert facts == [
        "グループ: 医療AI勉強会",
        "読み会: 2021-10, 2021-11, 2021-12",
        "セッションのない月: 2021-01, 2021-02, 2021-03, 2021-04, 2021-05, 2021-06, 2021-07, "
        "2021-08, 2021-09",
    ]
    # the name a person wrote for two highlights is a theme; the rest go by arXiv category
    assert headings(tokens, "h2") == ["Transformer", "cs.CV", "その他"]
    assert headings(tokens, "h3") == [
        "★ Tiny Transformersの研究 (原文: Tiny Transformers)",
        "Long-range Transformersの研究 (原文: Long-range Transformers)",
        "★ Vision Mixersの研究 (原文: Vision Mixers)",
        "★ ConvMLP：視覚のための階層的畳み込みMLP (原文: ConvMLP: Hierarchical Convolutional MLPs "
        "for Vision)",
    ]
    labels = [inline_text(t) for t in blocks_after(tokens, "paragraph_open")]
    assert "2021-11 Top recent #2 · 2021-12 Top hype #1" in labels
    assert "2021-10 Top recent #3 (Pickup)" in labels
    assert "目的：2111.00001の目的" in labels  # each highlight's summary lines

    deck = Presentation(str(year / "output" / "2021-review.pptx"))
    texts = [
        "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
        for slide in deck.slides
    ]
    assert len(texts) == 1 + 3 + 4  # title, a list per theme, a slide per highlight
    assert "AI最新論文読み会2021年のハイライト" in texts[0]
    assert "2021年10月・11月・12月の読み会から" in texts[0]
    assert "1. Tiny Transformers（2021-12）" in texts[1]
    assert "2. Long-range Transformers（2021-11, 2021-12）" in texts[1]
    assert "2021-12 Top recent #1 (Pickup)" in texts[2]
    assert "Pickup" in texts[2]
    assert "目的：2111.00001の目的" in texts[2]
    pictures = [
        [shape for shape in slide.shapes if shape.shape_type == 13] for slide in deck.slides
    ]
    assert [len(found) for found in pictures] == [0, 0, 1, 0, 0, 0, 0, 0]  # Tiny's figure
    assert "図：論文より引用 arXiv:2111.00001" in texts[2]
    assert (year / "output" / "2021-review" / "2111.00001.png").read_bytes() == png()
    images = [child for t in tokens for child in t.children or [] if child.type == "image"]
    assert [image.attrs["src"] for image in images] == ["2021-review/2111.00001.png"]


def openalex_config(root: Path) -> None:
    (root / "readinggroup.toml").write_text(
        '[sources.openalex]\nbase_url = "https://openalex.test"\nmailto = "a@example.org"\n',
        "utf-8",
    )


def test_citations_come_in_one_request_and_order_each_theme(
    year: Path, http: responses.RequestsMock
) -> None:
    openalex_config(year)
    cited = {"2110.00002": 120, "2111.00001": 3, CONVMLP: 400}
    works = [
        {
            "id": f"W{n}",
            "doi": f"https://doi.org/10.48550/arxiv.{paper_id}",
            "cited_by_count": count,
        }
        for n, (paper_id, count) in enumerate(cited.items())
    ]
    http.add(
        responses.GET,
        re.compile(re.escape(WORKS) + r"\?.*"),
        json={"meta": {"next_cursor": None}, "results": works},
    )
    result = review("2021")
    assert result.exit_code == 0, result.stderr
    (call,) = http.calls
    asked = call.request.params["filter"].removeprefix("doi:").split("|")  # type: ignore[attr-defined]
    assert sorted(asked) == sorted(
        f"10.48550/arxiv.{paper_id}"
        for paper_id in ("2110.00001", "2110.00002", "2111.00001", CONVMLP)
    )
    tokens = parse((year / "output" / "2021-review.md").read_text("utf-8"))
    assert headings(tokens, "h3")[:2] == [
        "Long-range Transformersの研究 (原文: Long-range Transformers)",  # the more cited first
        "★ Tiny Transformersの研究 (原文: Tiny Transformers)",
    ]
    labels = [inline_text(t) for t in blocks_after(tokens, "paragraph_open")]
    assert "2021-11 Top recent #2 · 2021-12 Top hype #1 · 被引用 120" in labels
    assert "2021-10 Top recent #3 (Pickup) · 被引用 400" in labels
    assert "2021-11 Top recent #1 (Pickup)" in labels  # OpenAlex did not know it: no count


def test_a_failed_citation_lookup_still_writes_the_review(
    year: Path, http: responses.RequestsMock
) -> None:
    openalex_config(year)
    http.add(responses.GET, re.compile(re.escape(WORKS) + r"\?.*"), json=["not", "works"])
    result = review("2021")
    assert result.exit_code == 4
    assert "OpenAlex" in result.stderr
    assert (year / "output" / "2021-review.pptx").exists()
    post = (year / "output" / "2021-review.md").read_text("utf-8")
    assert "被引用" not in post
    assert "ConvMLP" in post


def test_without_openalex_configured_nothing_is_asked(
    year: Path, http: responses.RequestsMock
) -> None:
    assert review("2021").exit_code == 0
    assert not http.calls


def test_a_year_without_sessions_is_one_sentence(workdir: Path) -> None:
    result = review("2020")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: sessions holds no session of 2020 (2020-MM.yaml); run `readinggroup fetch "
        "2020-MM` for one of its months first, or check the year\n"
    )
    assert not (workdir / "output").exists()


@pytest.mark.parametrize("year_text", ["21", "twenty", "1990"])
def test_a_year_that_is_not_one_is_refused(workdir: Path, year_text: str) -> None:
    result = review(year_text)
    assert result.exit_code == 2
    assert "YEAR" in result.stderr
