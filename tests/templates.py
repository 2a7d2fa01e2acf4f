"""Organisers' templates built with python-pptx, each reproducing a case real templates have.

python-pptx cannot add shapes to layouts or masters, so shapes are drawn on a scratch slide and
their XML moved (pictures with their image relationship re-made on the layout's part).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.shapes import MSO_SHAPE
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from readinggroup.render.theme import set_palette

_next_id = [5000]


def _scaled(presentation: Any, width: float, height: float) -> None:
    """Resize the slides to *width* × *height* in, moving the master's and layouts' boxes along."""
    sx = Inches(width) / presentation.slide_width
    sy = Inches(height) / presentation.slide_height
    presentation.slide_width, presentation.slide_height = Inches(width), Inches(height)
    owners = [presentation.slide_master, *presentation.slide_layouts]
    for owner in owners:
        for shape in owner.placeholders:
            if shape._element.spPr.find(qn("a:xfrm")) is None:
                continue
            shape.left, shape.width = Emu(int(shape.left * sx)), Emu(int(shape.width * sx))
            shape.top, shape.height = Emu(int(shape.top * sy)), Emu(int(shape.height * sy))


def _move_to(owner: Any, draw: Callable[[Any], Any], presentation: Any) -> None:
    """Draw a shape with *draw* on a scratch slide and move it onto *owner* (layout/master)."""
    scratch = presentation.slides.add_slide(presentation.slide_layouts[6])
    shape = draw(scratch.shapes)
    element = copy.deepcopy(shape._element)
    _next_id[0] += 1
    element.find(".//" + qn("p:cNvPr")).set("id", str(_next_id[0]))
    blip = element.find(".//" + qn("a:blip"))
    if blip is not None:
        image = scratch.part.related_part(blip.get(qn("r:embed")))
        rel = owner.part.relate_to(image, _IMAGE_RT)
        blip.set(qn("r:embed"), rel)
    owner.shapes._spTree.append(element)
    slide_ids = presentation.slides._sldIdLst
    last = slide_ids[-1]
    presentation.part.drop_rel(last.rId)
    slide_ids.remove(last)


_IMAGE_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"


def _logo(path: Path) -> Path:
    image = Image.new("RGB", (300, 160), (230, 120, 20))
    ImageDraw.Draw(image).ellipse((20, 20, 140, 140), fill=(255, 255, 255))
    image.save(path)
    return path


def _rectangle(left: float, top: float, width: float, height: float, rgb: str) -> Any:
    def draw(shapes: Any) -> Any:
        shape = shapes.add_shape(
            MSO_SHAPE.RECTANGLE, Inches(left), Inches(top), Inches(width), Inches(height)
        )
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor.from_string(rgb)
        shape.line.fill.background()
        return shape

    return draw


def _static_text(left: float, top: float, width: float, height: float, text: str) -> Any:
    def draw(shapes: Any) -> Any:
        box = shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
        box.text_frame.text = text
        box.text_frame.paragraphs[0].runs[0].font.size = Pt(14)
        box.text_frame.paragraphs[0].runs[0].font.color.theme_color = MSO_THEME_COLOR.TEXT_1
        return box

    return draw


def dark(folder: Path) -> Path:
    """16:9, black background through the colour map, a link colour unreadable on it, an accent
    line the master draws under every title."""
    presentation = Presentation()
    _scaled(presentation, 13.333, 7.5)
    master = presentation.slide_master
    set_palette(
        master,
        {"dk1": "111111", "lt1": "F2F2F2", "dk2": "1B2A41", "lt2": "D9E1EA", "hlink": "1F3A93"},
    )
    color_map = master._element.find(qn("p:clrMap"))
    color_map.set("bg1", "dk1")
    color_map.set("tx1", "lt1")
    color_map.set("bg2", "dk2")
    color_map.set("tx2", "lt2")
    master.background.fill.solid()
    master.background.fill.fore_color.theme_color = MSO_THEME_COLOR.BACKGROUND_1
    _move_to(master, _rectangle(0.6, 1.75, 12.1, 0.06, "E07020"), presentation)
    _title_below(presentation, 1.7)
    return _save(presentation, folder / "dark.pptx")


def _title_below(presentation: Any, bottom: float) -> None:
    """Titles of the master end at *bottom* inches (above the master's own decoration)."""
    for shape in presentation.slide_master.placeholders:
        if shape.placeholder_format.type is not None and shape.name.startswith("Title"):
            shape.top, shape.height = Inches(0.3), Inches(bottom - 0.3)


def logo_4x3(folder: Path) -> Path:
    """4:3 with a logo picture on the content layout and static text on the title layout."""
    presentation = Presentation()
    layouts = presentation.slide_layouts
    logo = _logo(folder / "logo.png")
    _move_to(
        layouts[5],
        lambda shapes: shapes.add_picture(
            str(logo), Inches(8.3), Inches(6.4), Inches(1.5), Inches(0.8)
        ),
        presentation,
    )
    _move_to(layouts[0], _static_text(0.5, 6.5, 5.0, 0.5, "Reading group · 社外秘"), presentation)
    return _save(presentation, folder / "logo_4x3.pptx")


def japanese_poster(folder: Path) -> Path:
    """A3 portrait, layout names as Japanese PowerPoint writes them, a vertical layout last."""
    presentation = Presentation()
    _scaled(presentation, 11.69, 16.54)
    names = {0: "タイトル スライド", 1: "タイトルとコンテンツ", 5: "タイトルのみ", 6: "白紙"}
    for index, layout in enumerate(presentation.slide_layouts):
        layout.name = names.get(index, f"縦書き {index}")
    set_palette(presentation.slide_master, {"lt1": "FFFFFF", "dk1": "1A1A1A", "accent2": "2E75B6"})
    return _save(presentation, folder / "japanese_poster.pptx")


def bare_wide(folder: Path) -> Path:
    """20 × 11.25 in, Google Slides' layout names, no placeholders at all, a band across the top
    of the master and static text on the content layout."""
    presentation = Presentation()
    _scaled(presentation, 20, 11.25)
    layouts = presentation.slide_layouts
    for index, name in ((0, "TITLE"), (5, "TITLE_ONLY"), (6, "BLANK")):
        layouts[index].name = name
    for layout in layouts:
        for placeholder in list(layout.placeholders):
            placeholder._element.getparent().remove(placeholder._element)
    master = presentation.slide_master
    _move_to(master, _rectangle(0, 0, 20, 1.0, "2F5597"), presentation)
    _move_to(layouts[5], _static_text(15.5, 10.3, 4.0, 0.6, "© Reading group"), presentation)
    return _save(presentation, folder / "bare_wide.pptx")


def sample_title(folder: Path) -> Path:
    """16:9, the title layout's sample text baked into a plain text box over its title
    placeholder, as some downloaded themes have it ("Title / No more than two lines")."""
    presentation = Presentation()
    _scaled(presentation, 13.333, 7.5)
    title = presentation.slide_layouts[0]
    _move_to(title, _static_text(1.0, 2.2, 11.3, 1.8, SAMPLE_TEXT), presentation)
    return _save(presentation, folder / "sample_title.pptx")


SAMPLE_TEXT = "Title\nNo more than two lines"


def _save(presentation: Any, path: Path) -> Path:
    presentation.save(str(path))
    return path


TEMPLATES: dict[str, Callable[[Path], Path]] = {
    "dark": dark,
    "logo_4x3": logo_4x3,
    "japanese_poster": japanese_poster,
    "bare_wide": bare_wide,
}
# The layout each role must get, per template.
EXPECTED_LAYOUTS = {
    "dark": ("Title Slide", "Title Only"),
    "logo_4x3": ("Title Slide", "Title Only"),
    "japanese_poster": ("タイトル スライド", "タイトルのみ"),
    "bare_wide": ("TITLE", "TITLE_ONLY"),
}
