"""The real renderer: LibreOffice turns the deck into a PDF where no text overflows its box."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from readinggroup.cli import cli
from readinggroup.session import load_session, save_session
from tests.fakes import fake_services

if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
    if os.environ.get("READINGGROUP_REQUIRE_LIBREOFFICE"):
        raise RuntimeError("LibreOffice and poppler-utils are required here (see .ci/run)")
    pytest.skip("LibreOffice or poppler-utils not installed", allow_module_level=True)

_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.DOTALL)


def _pages(pdf: Path) -> list[tuple[float, float, list[tuple[float, float, float, float, str]]]]:
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for width, height, body in _PAGE.findall(html):
        words = [
            (float(a), float(b), float(c), float(d), t) for a, b, c, d, t in _WORD.findall(body)
        ]
        pages.append((float(width), float(height), words))
    return pages


def _overlaps(words: list[tuple[float, float, float, float, str]]) -> list[tuple[str, str]]:
    """Pairs of words whose boxes overlap by more than a sliver: text running into text.

    Glyph boxes of adjacent lines touch (CJK boxes are ~1.3 em tall at 1.2 em pitch), so only an
    overlap of over a third of a line counts.
    """
    found = []
    ordered = sorted(words, key=lambda w: w[1])
    for index, first in enumerate(ordered):
        for second in ordered[index + 1 :]:
            if second[1] >= first[3] - 1:
                break
            dx = min(first[2], second[2]) - max(first[0], second[0])
            dy = min(first[3], second[3]) - max(first[1], second[1])
            line = min(first[3] - first[1], second[3] - second[1])
            if dx > 1 and dy > line / 3:
                found.append((first[4], second[4]))
    return found


def _export(root: Path) -> Path:
    result = CliRunner().invoke(
        cli, ["-C", str(root), "export", "2021-10", "--pdf"], obj=fake_services()
    )
    assert result.exit_code == 0, result.output
    pdf = Path(result.stdout.strip())
    assert pdf == root / "output" / "2021-10.pdf"
    return pdf


def test_example_exports_to_pdf_without_overflow(workdir: Path) -> None:
    pages = _pages(_export(workdir))
    assert len(pages) == 25
    text = " ".join(word[4] for page in pages for word in page[2])
    assert "ピックアップ" in text
    assert "重複" in text
    for number, (width, height, words) in enumerate(pages, start=1):
        assert words, f"slide {number} is empty"
        outside = [w for x0, y0, x1, y1, w in words if min(x0, y0) < 0 or x1 > width or y1 > height]
        assert outside == [], f"slide {number}: text beyond the slide"
        assert _overlaps(words) == [], f"slide {number}: text overlaps"


def test_longest_texts_still_fit(workdir: Path) -> None:
    """arXiv's longest abstracts (1,920 characters) and a two-line title shrink, never spill."""
    path = workdir / "sessions" / "2021-10.yaml"
    session = load_session(path)
    long_papers = []
    for paper in session.papers:
        long_papers.append(
            replace(
                paper,
                title=paper.title + " and Beyond: " + "Scaling Laws for Everything " * 4,
                title_ja=paper.title_ja + "、そして" + "あらゆるもののスケーリング則" * 4,
                abstract_ja=(paper.abstract_ja * 4)[:1900],
            )
        )
    save_session(session.with_papers(tuple(long_papers)), path)
    for number, (width, height, words) in enumerate(_pages(_export(workdir)), start=1):
        outside = [w for x0, y0, x1, y1, w in words if min(x0, y0) < 0 or x1 > width or y1 > height]
        assert outside == [], f"slide {number}: text beyond the slide"
        assert _overlaps(words) == [], f"slide {number}: text overlaps"
