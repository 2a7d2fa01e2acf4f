"""Checks of a deck as LibreOffice draws it: words from ``pdftotext -bbox``, colours from PNGs.

Shared by the renderer's LibreOffice tests; each deck is converted once per test module.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from readinggroup.builtin_deck import EMU_PER_POINT
from readinggroup.render.metrics import is_installed
from readinggroup.render.theme import contrast

_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.DOTALL)
Box = tuple[float, float, float, float]


# Set in CI (.ci/run): a missing renderer or font fails the tests needing it instead of skipping.
REQUIRED = "READINGGROUP_REQUIRE_LIBREOFFICE"


def require_libreoffice() -> None:
    """Skip the module without LibreOffice/poppler, except in CI where they must be there."""
    if all(shutil.which(tool) for tool in ("soffice", "pdftotext", "pdftoppm")):
        return
    if os.environ.get(REQUIRED):
        raise RuntimeError("LibreOffice and poppler-utils are required here (see .ci/run)")
    pytest.skip("LibreOffice or poppler-utils not installed", allow_module_level=True)


def require_noto_sans() -> None:
    """Skip the calling test without fontconfig's Noto Sans, except in CI where it must be there."""
    if shutil.which("fc-match") and is_installed("Noto Sans"):
        return
    if os.environ.get(REQUIRED):
        pytest.fail("Noto Sans (fonts-noto-core) and fc-match are required here (see .ci/run)")
    pytest.skip("Noto Sans not installed")


@dataclass(frozen=True, slots=True)
class Word:
    box: Box
    text: str


@dataclass(frozen=True, slots=True)
class Page:
    width: float
    height: float
    words: list[Word]


def convert(decks: list[Path], outdir: Path) -> list[Path]:
    """All *decks* to PDF in one LibreOffice run (a profile of its own in *outdir*)."""
    profile = (outdir / "profile").resolve().as_uri()
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profile}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *map(str, decks),
        ],
        capture_output=True,
        check=True,
        timeout=600,
    )
    return [outdir / f"{deck.stem}.pdf" for deck in decks]


def pages(pdf: Path) -> list[Page]:
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    found = []
    for width, height, body in _PAGE.findall(html):
        words = [
            Word((float(a), float(b), float(c), float(d)), t)
            for a, b, c, d, t in _WORD.findall(body)
        ]
        found.append(Page(float(width), float(height), words))
    return found


def images(pdf: Path, folder: Path) -> list[Any]:
    """The pages of *pdf* at 72 dpi (one pixel per point), as Pillow images (PPM: no PNG
    compression to wait for)."""
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "72", str(pdf), str(folder / "p")], check=True)
    paths = sorted(folder.glob("p-*.ppm"), key=lambda p: int(p.stem.split("-")[-1]))
    return [Image.open(path).convert("RGB") for path in paths]


def overlaps(words: list[Word]) -> list[tuple[str, str]]:
    """Pairs of words whose boxes overlap by more than a third of a line: text into text."""
    found = []
    ordered = sorted(words, key=lambda w: w.box[1])
    for index, first in enumerate(ordered):
        for second in ordered[index + 1 :]:
            if second.box[1] >= first.box[3] - 1:
                break
            dx = min(first.box[2], second.box[2]) - max(first.box[0], second.box[0])
            dy = min(first.box[3], second.box[3]) - max(first.box[1], second.box[1])
            line = min(first.box[3] - first.box[1], second.box[3] - second.box[1])
            if dx > 1 and dy > line / 3:
                found.append((first.text, second.text))
    return found


def _rect(shape: Any) -> Box | None:
    if shape.left is None or shape.width is None:
        return None
    left, top = shape.left / EMU_PER_POINT, shape.top / EMU_PER_POINT
    return (left, top, left + shape.width / EMU_PER_POINT, top + shape.height / EMU_PER_POINT)


def text_boxes(slide: Any) -> list[Box]:
    """The boxes of the slide's shapes that hold text, in points."""
    return [r for s in slide.shapes if s.has_text_frame and (r := _rect(s)) is not None]


def decorations(slide: Any) -> list[tuple[Box, str]]:
    """What the slide's layout and master draw (pictures, shapes, static text) and its text."""
    layout = slide.slide_layout
    owners = [layout]
    if layout._element.get("showMasterSp") != "0":
        owners.append(layout.slide_master)
    found = []
    for owner in owners:
        for shape in owner.shapes:
            rect = _rect(shape)
            if shape.is_placeholder or rect is None:
                continue
            found.append((rect, shape.text_frame.text if shape.has_text_frame else ""))
    return found


def inside(word: Box, box: Box, slack: float = 1.5) -> bool:
    return (
        word[0] >= box[0] - slack
        and word[1] >= box[1] - slack
        and word[2] <= box[2] + slack
        and word[3] <= box[3] + slack
    )


def intersects(word: Box, box: Box, shrink: float = 1.0) -> bool:
    return (
        word[0] + shrink < box[2]
        and box[0] < word[2] - shrink
        and word[1] + shrink < box[3]
        and box[1] < word[3] - shrink
    )


@functools.cache
def _contrast(first: tuple[int, int, int], second: tuple[int, int, int]) -> float:
    return contrast(first, second)


def word_contrast(image: Any, word: Box) -> float:
    """Contrast between the word's background (the commonest colour in its box) and its ink (the
    pixel that differs most from that)."""
    crop = image.crop((int(word[0]), int(word[1]), int(word[2]) + 1, int(word[3]) + 1))
    colors = crop.getcolors(crop.width * crop.height)
    background = max(colors)[1]
    return max(_contrast(color, background) for _, color in colors)


def problems(deck: Any, pdf: Path, pngs: Path) -> list[str]:
    """Every way the drawn deck breaks the renderer's promises, one line each (empty = none)."""
    found = []
    drawn = images(pdf, pngs)
    for number, (slide, page, image) in enumerate(
        zip(deck.slides, pages(pdf), drawn, strict=True), 1
    ):
        boxes, shapes = text_boxes(slide), decorations(slide)
        if not page.words:
            found.append(f"slide {number}: empty")
        found.extend(f"slide {number}: overlap {pair}" for pair in overlaps(page.words))
        for word in page.words:
            where = f"slide {number}: {word.text!r}"
            if any(inside(word.box, box) and word.text in text for box, text in shapes if text):
                continue  # the layout's own static text
            if not inside(word.box, (0, 0, page.width, page.height), slack=0):
                found.append(f"{where} beyond the slide")
            elif not any(inside(word.box, box) for box in boxes):
                found.append(f"{where} outside its box")
            if any(intersects(word.box, shape) for shape, _ in shapes):
                found.append(f"{where} over a layout or master shape")
            if word_contrast(image, word.box) < 3:
                found.append(f"{where} contrast {word_contrast(image, word.box):.2f}")
    return found
