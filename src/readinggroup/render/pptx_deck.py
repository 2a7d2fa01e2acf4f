"""The deck as a .pptx through python-pptx (the only module that imports pptx).

The built-in look is 16:9 with text boxes placed here; an organiser's template replaces it
(its layouts are chosen by name). Every run gets an explicit East Asian font (``a:ea``) and
Japanese runs ``lang="ja-JP"``, so PowerPoint, LibreOffice and Google Slides pick a Japanese face.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readinggroup.errors import InputError
from readinggroup.render.textfit import Box, fitting_size
from readinggroup.stages.deck import (
    PICKUP_BADGE,
    DuplicateSlide,
    ListSlide,
    PaperSlide,
    Slide,
    TitleSlide,
)

_JAPANESE = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")
SLIDE_WIDTH_IN = 13.333
SLIDE_HEIGHT_IN = 7.5
MARGIN_IN = 0.5
INSET_IN = 0.1  # python-pptx text boxes keep 0.1 in left/right, 0.05 in top/bottom
ACCENT = (0x1F, 0x4E, 0x79)
PICKUP_COLOR = (0xC0, 0x39, 0x2B)


@dataclass(frozen=True, slots=True)
class Fonts:
    latin: str
    east_asian: str


@dataclass(frozen=True, slots=True)
class _Frame:
    """A text box in inches."""

    left: float
    top: float
    width: float
    height: float

    def box(self) -> Box:
        return Box((self.width - 2 * INSET_IN) * 72, (self.height - 2 * 0.05) * 72)


def render_deck(
    slides: Sequence[Slide], out_path: Path, *, fonts: Fonts, template: Path | None = None
) -> Path:
    """Write *slides* to *out_path* (.pptx); *template* is an organiser's .pptx or None."""
    from pptx import Presentation
    from pptx.util import Inches

    if template is not None:
        if not template.is_file():
            raise InputError(f"template {template} not found; fix the path or leave it empty")
        presentation = Presentation(str(template))
        _remove_existing_slides(presentation)
    else:
        presentation = Presentation()
        presentation.slide_width = Inches(SLIDE_WIDTH_IN)
        presentation.slide_height = Inches(SLIDE_HEIGHT_IN)
    renderer = _Renderer(presentation, fonts)
    for slide in slides:
        renderer.add(slide)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    temporary = out_path.with_name(f".{out_path.name}.{uuid.uuid4().hex}.tmp")  # one per run
    presentation.save(str(temporary))
    temporary.replace(out_path)
    return out_path


def _bullet(paragraph: Any, size: float) -> None:
    """A real "•" bullet, so the paragraph's text itself starts with its label (目的：…)."""
    from pptx.oxml.ns import qn

    properties = paragraph._p.get_or_add_pPr()
    indent = int(size * 1.2 * 12700)  # EMU per point
    properties.set("marL", str(indent))
    properties.set("indent", str(-indent))
    bullet = properties.makeelement(qn("a:buChar"), {"char": "•"})
    properties.append(bullet)


def _remove_existing_slides(presentation: Any) -> None:
    slide_ids = presentation.slides._sldIdLst
    for slide_id in list(slide_ids):
        presentation.part.drop_rel(slide_id.rId)
        slide_ids.remove(slide_id)


class _Renderer:
    def __init__(self, presentation: Any, fonts: Fonts) -> None:
        self._presentation = presentation
        self._fonts = fonts
        self._width: float = presentation.slide_width / 914400
        self._height: float = presentation.slide_height / 914400

    def add(self, slide: Slide) -> None:
        if isinstance(slide, TitleSlide):
            self._title(slide)
        elif isinstance(slide, ListSlide):
            self._list(slide)
        elif isinstance(slide, PaperSlide):
            self._paper(slide)
        else:
            self._duplicate(slide)

    # -- slides ---------------------------------------------------------------------------
    def _new_slide(self, layout_name: str) -> Any:
        layouts = self._presentation.slide_layouts
        layout = layouts.get_by_name(layout_name) or layouts.get_by_name("Blank") or layouts[-1]
        slide = self._presentation.slides.add_slide(layout)
        for placeholder in list(slide.placeholders):  # the built-in boxes are placed by hand
            placeholder._element.getparent().remove(placeholder._element)
        return slide

    def _frame(self, top: float, width: float, height: float, left: float = MARGIN_IN) -> _Frame:
        """A box placed on the built-in 7.5 in tall grid, scaled to the template's height."""
        scale = self._height / SLIDE_HEIGHT_IN
        return _Frame(left, top * scale, width, height * scale)

    def _inner_width(self) -> float:
        return self._width - 2 * MARGIN_IN

    def _title(self, slide: TitleSlide) -> None:
        page = self._new_slide("Title Slide")
        width = self._inner_width()
        self._text(
            page,
            self._frame(2.0, width, 1.4),
            [slide.title],
            largest=40,
            bold=True,
            center=True,
            color=ACCENT,
        )
        details = [line for line in (slide.group, slide.date_text) if line]
        if details:
            self._text(page, self._frame(3.6, width, 1.2), details, largest=24, center=True)
        if slide.event_url:
            self._text(
                page,
                self._frame(4.9, width, 0.6),
                [slide.event_url],
                largest=18,
                center=True,
                link=slide.event_url,
            )

    def _list(self, slide: ListSlide) -> None:
        page = self._new_slide("Title Only")
        width = self._inner_width()
        self._text(
            page,
            self._frame(0.3, width, 0.9),
            [slide.heading],
            largest=32,
            bold=True,
            color=ACCENT,
        )
        self._text(
            page,
            self._frame(1.3, width, 5.9),
            slide.lines,
            largest=22,
            smallest=9,
        )

    def _paper_heading(self, title_line: str, url: str) -> Any:
        """A slide with the paper's title line and its link: what full and 重複 slides share."""
        page = self._new_slide("Title Only")
        width = self._inner_width()
        self._text(
            page,
            self._frame(0.25, width, 1.05),
            [title_line],
            largest=24,
            smallest=12,
            bold=True,
            color=ACCENT,
        )
        self._text(page, self._frame(1.3, width, 0.4), [url], largest=14, link=url)
        return page

    def _paper(self, slide: PaperSlide) -> None:
        page = self._paper_heading(slide.title_line, slide.url)
        width = self._inner_width()
        self._text(page, self._frame(1.75, width, 3.05), [slide.abstract], largest=18, smallest=8)
        self._rank_row(page, slide.rank_label, slide.pickup, top=4.85)
        self._text(
            page,
            self._frame(5.3, width, 2.1),
            slide.summary_lines,
            largest=16,
            smallest=8,
            bullets=True,
        )
        self._notes(page, slide.notes)

    def _duplicate(self, slide: DuplicateSlide) -> None:
        page = self._paper_heading(slide.title_line, slide.url)
        self._rank_row(page, slide.rank_label, slide.pickup, top=3.2)
        self._notes(page, slide.notes)

    def _rank_row(self, page: Any, label: str, pickup: bool, *, top: float) -> None:
        badge_width = 1.4
        self._text(
            page,
            self._frame(top, self._inner_width() - badge_width - 0.2, 0.45),
            [label],
            largest=18,
            smallest=10,
            bold=True,
        )
        if pickup:
            self._badge(
                page,
                self._frame(top, badge_width, 0.45, left=self._width - MARGIN_IN - badge_width),
            )

    # -- text -----------------------------------------------------------------------------
    def _badge(self, page: Any, frame: _Frame) -> None:
        from pptx.dml.color import RGBColor
        from pptx.enum.shapes import MSO_SHAPE
        from pptx.util import Inches

        shape = page.shapes.add_shape(
            MSO_SHAPE.ROUNDED_RECTANGLE,
            Inches(frame.left),
            Inches(frame.top),
            Inches(frame.width),
            Inches(frame.height),
        )
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor(*PICKUP_COLOR)  # type: ignore[no-untyped-call]
        shape.line.fill.background()
        self._fill(
            shape.text_frame,
            [PICKUP_BADGE],
            size=16,
            bold=True,
            center=True,
            color=(0xFF, 0xFF, 0xFF),
        )

    def _text(
        self,
        page: Any,
        frame: _Frame,
        paragraphs: Sequence[str],
        *,
        largest: float,
        smallest: float = 10,
        bold: bool = False,
        center: bool = False,
        color: tuple[int, int, int] | None = None,
        link: str | None = None,
        bullets: bool = False,
    ) -> None:
        from pptx.util import Inches

        measured = [f"• {text}" for text in paragraphs] if bullets else paragraphs
        size = fitting_size(measured, frame.box(), largest=largest, smallest=smallest)
        shape = page.shapes.add_textbox(
            Inches(frame.left), Inches(frame.top), Inches(frame.width), Inches(frame.height)
        )
        shape.text_frame.word_wrap = True
        self._fill(
            shape.text_frame,
            paragraphs,
            size=size,
            bold=bold,
            center=center,
            color=color,
            link=link,
            bullets=bullets,
        )

    def _fill(
        self,
        text_frame: Any,
        paragraphs: Sequence[str],
        *,
        size: float,
        bold: bool,
        center: bool,
        color: tuple[int, int, int] | None = None,
        link: str | None = None,
        bullets: bool = False,
    ) -> None:
        from pptx.dml.color import RGBColor
        from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN
        from pptx.util import Pt

        text_frame.auto_size = MSO_AUTO_SIZE.NONE
        for index, text in enumerate(paragraphs):
            paragraph = text_frame.paragraphs[0] if index == 0 else text_frame.add_paragraph()
            if center:
                paragraph.alignment = PP_ALIGN.CENTER
            if bullets:
                _bullet(paragraph, size)
            run = paragraph.add_run()
            run.text = text
            run.font.size = Pt(size)
            run.font.bold = bold
            if color is not None:
                run.font.color.rgb = RGBColor(*color)  # type: ignore[no-untyped-call]
            if link:
                run.hyperlink.address = link
            self._set_fonts(run, text)

    def _set_fonts(self, run: Any, text: str) -> None:
        from pptx.oxml.ns import qn

        run.font.name = self._fonts.latin
        properties = run._r.get_or_add_rPr()
        east_asian = properties.find(qn("a:ea"))
        if east_asian is None:
            east_asian = properties.makeelement(qn("a:ea"), {})
            latin = properties.find(qn("a:latin"))
            latin.addnext(east_asian)
        east_asian.set("typeface", self._fonts.east_asian)
        east_asian.set("charset", "-128")  # SHIFTJIS: lets Office substitute a Japanese face
        properties.set("lang", "ja-JP" if _JAPANESE.search(text) else "en-US")
        properties.set("altLang", "en-US")

    def _notes(self, page: Any, notes: str) -> None:
        page.notes_slide.notes_text_frame.text = notes
