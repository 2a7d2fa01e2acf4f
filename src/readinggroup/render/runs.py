"""Writing paragraphs into a text frame: explicit spacing, indents, theme colours and fonts.

Every paragraph states its line spacing, spacing, indents and bullet, so what the fitter assumed is
what the renderer does whatever the template's text styles say. Colours are theme slots. Every run
gets an explicit East Asian font (``a:ea``) and ``lang``, so PowerPoint, LibreOffice and Google
Slides pick a Japanese face.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

_JAPANESE = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")
EMU_PER_POINT = 12700
_SLOT_NAMES = {
    "tx1": "TEXT_1",
    "tx2": "TEXT_2",
    "bg1": "BACKGROUND_1",
    "bg2": "BACKGROUND_2",
    "hlink": "HYPERLINK",
    **{f"accent{n}": f"ACCENT_{n}" for n in range(1, 7)},
}


@dataclass(frozen=True, slots=True)
class RunFonts:
    """Typefaces written on runs; a None *latin* leaves the template's theme font."""

    latin: str | None
    east_asian: str


@dataclass(frozen=True, slots=True)
class Style:
    """How a block's paragraphs look; None values leave the placeholder's own."""

    bold: bool | None = None
    center: bool | None = None
    color: str | None = None  # a theme scheme name: tx1, tx2, hlink, accent2…
    link: str | None = None  # the paragraph whose text is this address links to it
    link_color: str | None = None
    keep_all: bool = False  # each paragraph stays on one line (shrinks instead)
    bullet: bool = False
    hang: float = 0.0  # em by which lines after a bullet or number are indented


@dataclass(slots=True)
class Written:
    """A block of text on a slide, waiting for its final size."""

    role: str
    fit: float
    style: Style
    paragraphs: list[Any] = field(default_factory=list)
    runs: list[Any] = field(default_factory=list)


def theme_color(scheme: str) -> Any:
    from pptx.enum.dml import MSO_THEME_COLOR

    return getattr(MSO_THEME_COLOR, _SLOT_NAMES[scheme])


def fill(
    text_frame: Any, texts: Sequence[str], style: Style, fonts: RunFonts, role: str
) -> Written:
    """Write *texts* as paragraphs of *text_frame* (replacing what it held)."""
    from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN

    text_frame.clear()
    text_frame.word_wrap = True
    text_frame.auto_size = MSO_AUTO_SIZE.NONE
    written = Written(role, 0.0, style)
    for index, text in enumerate(texts):
        paragraph = text_frame.paragraphs[0] if index == 0 else text_frame.add_paragraph()
        paragraph.line_spacing = 1.0
        paragraph.space_before = paragraph.space_after = 0
        if style.center is not None:
            paragraph.alignment = PP_ALIGN.CENTER if style.center else PP_ALIGN.LEFT
        _bullet(paragraph, style.bullet)
        # no 、。 hanging past the right edge: the fitter counts them inside the line
        paragraph._p.get_or_add_pPr().set("hangingPunct", "0")
        run = paragraph.add_run()
        run.text = text
        if style.bold is not None:
            run.font.bold = style.bold
        linked = bool(style.link) and text == style.link
        color = style.link_color if linked and style.link_color else style.color
        if color is not None:
            run.font.color.theme_color = theme_color(color)
        if linked:
            run.hyperlink.address = style.link
        _set_fonts(run, text, fonts)
        written.paragraphs.append(paragraph)
        written.runs.append(run)
    return written


def apply_size(written: Written, size: float) -> None:
    """Give *written* its final font *size* (pt) and the indents that go with it."""
    from pptx.util import Pt

    for run in written.runs:
        run.font.size = Pt(size)
    margin = round(written.style.hang * size * EMU_PER_POINT)
    for paragraph in written.paragraphs:
        properties = paragraph._p.get_or_add_pPr()
        properties.set("marL", str(margin))
        properties.set("indent", str(-margin))


def _bullet(paragraph: Any, bullet: bool) -> None:
    """A real "•" bullet, or none (a placeholder's inherited bullets switched off)."""
    from pptx.oxml.ns import qn

    properties = paragraph._p.get_or_add_pPr()
    for old in properties.findall(qn("a:buNone")) + properties.findall(qn("a:buChar")):
        properties.remove(old)
    if bullet:
        properties.append(properties.makeelement(qn("a:buChar"), {"char": "•"}))
    else:
        properties.append(properties.makeelement(qn("a:buNone"), {}))


def _set_fonts(run: Any, text: str, fonts: RunFonts) -> None:
    from pptx.oxml.ns import qn

    properties = run._r.get_or_add_rPr()
    if fonts.latin is not None:
        run.font.name = fonts.latin
    east_asian = properties.find(qn("a:ea"))
    if east_asian is None:
        east_asian = properties.makeelement(qn("a:ea"), {})
        latin = properties.find(qn("a:latin"))
        if latin is not None:
            latin.addnext(east_asian)
        else:
            _insert_font_element(properties, east_asian)
    east_asian.set("typeface", fonts.east_asian)
    east_asian.set("charset", "-128")  # SHIFTJIS: lets Office substitute a Japanese face
    properties.set("lang", "ja-JP" if _JAPANESE.search(text) else "en-US")
    properties.set("altLang", "en-US")


def _insert_font_element(properties: Any, element: Any) -> None:
    """Put *element* where the schema wants fonts: after fills/effects, before hyperlinks."""
    from pptx.oxml.ns import qn

    later = [qn(f"a:{tag}") for tag in ("cs", "sym", "hlinkClick", "hlinkMouseOver", "rtl")]
    for child in properties:
        if child.tag in later:
            child.addprevious(element)
            return
    properties.append(element)
