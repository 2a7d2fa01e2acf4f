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
from xml.sax.saxutils import escape

from readinggroup.builtin_deck import EMU_PER_POINT
from readinggroup.text.script import has_japanese

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
    text_frame: Any,
    texts: Sequence[str],
    style: Style,
    fonts: RunFonts,
    role: str,
    breaks: Sequence[Sequence[int]] = (),
) -> Written:
    """Write *texts* as paragraphs of *text_frame* (replacing what it held), each with a line
    break at its *breaks* (offsets into the text).

    The paragraphs are written as XML in one go: python-pptx's property setters cost more than
    everything else in a render.
    """
    from pptx.oxml import parse_xml

    body = text_frame._txBody
    properties = body.bodyPr
    properties.set("wrap", "square")
    for autofit in list(properties):
        if autofit.tag in _AUTOFIT:
            properties.remove(autofit)
    properties.insert(0, properties.makeelement(f"{{{_A}}}noAutofit", {}))
    for old in body.findall(f"{{{_A}}}p"):
        body.remove(old)
    written = Written(role, 0.0, style)
    for index, text in enumerate(texts):
        linked = bool(style.link) and text == style.link
        relation = _link(text_frame, text) if linked else ""
        color = style.link_color if linked and style.link_color else style.color
        cuts = breaks[index] if index < len(breaks) else ()
        starts, ends = (0, *cuts), (*cuts, len(text))
        parts = [text[start:end] for start, end in zip(starts, ends, strict=True)]
        paragraph = parse_xml(_paragraph_xml(parts, style, fonts, color, relation))
        body.append(paragraph)
        written.paragraphs.append(paragraph[0])
        written.runs.extend(paragraph.iter(f"{{{_A}}}rPr"))
    return written


_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_AUTOFIT = {f"{{{_A}}}{tag}" for tag in ("noAutofit", "normAutofit", "spAutoFit")}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_ALIGN = {True: ' algn="ctr"', False: ' algn="l"', None: ""}


def _paragraph_xml(
    parts: Sequence[str], style: Style, fonts: RunFonts, color: str | None, relation: str
) -> str:
    """One paragraph of *parts*, a line break between each two."""
    text = "".join(parts)
    # explicit spacing and no 、。 hanging past the edge: what the fitter assumed, whatever the
    # template's text styles say
    bullet = '<a:buChar char="•"/>' if style.bullet else "<a:buNone/>"
    run = f'lang="{"ja-JP" if has_japanese(text) else "en-US"}" altLang="en-US"'
    if style.bold is not None:
        run += f' b="{int(style.bold)}"'
    inner = f'<a:solidFill><a:schemeClr val="{color}"/></a:solidFill>' if color else ""
    if fonts.latin is not None:
        inner += f'<a:latin typeface="{_attribute(fonts.latin)}"/>'
    # Shift-JIS charset: lets Office substitute a Japanese face
    inner += f'<a:ea typeface="{_attribute(fonts.east_asian)}" charset="-128"/>'
    if relation:
        inner += f'<a:hlinkClick r:id="{relation}"/>'
    properties = f"<a:rPr {run}>{inner}</a:rPr>"
    runs = f"<a:br>{properties}</a:br>".join(
        f"<a:r>{properties}<a:t>{_text(part)}</a:t></a:r>" for part in parts
    )
    return (
        f'<a:p xmlns:a="{_A}" xmlns:r="{_R}"><a:pPr{_ALIGN[style.center]} hangingPunct="0">'
        '<a:lnSpc><a:spcPct val="100000"/></a:lnSpc><a:spcBef><a:spcPts val="0"/></a:spcBef>'
        f'<a:spcAft><a:spcPts val="0"/></a:spcAft>{bullet}</a:pPr>'
        f"{runs}</a:p>"
    )


def _text(value: str) -> str:
    """*value* as XML text; control characters XML forbids written as PowerPoint does (_x001B_)."""
    return _CONTROL.sub(lambda found: f"_x{ord(found.group()):04X}_", escape(value))


def _attribute(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def _link(text_frame: Any, address: str) -> str:
    from pptx.opc.constants import RELATIONSHIP_TYPE

    part = text_frame.part
    return str(part.relate_to(address, RELATIONSHIP_TYPE.HYPERLINK, is_external=True))


def apply_size(written: Written, size: float) -> None:
    """Give *written* its final font *size* (pt) and the indents that go with it."""
    for run in written.runs:
        run.set("sz", str(round(size * 100)))
    margin = str(round(written.style.hang * size * EMU_PER_POINT))
    for properties in written.paragraphs:
        properties.set("marL", margin)
        properties.set("indent", "-" + margin if margin != "0" else "0")
