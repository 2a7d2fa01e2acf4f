"""A template's palette: theme colour slots, the colour map, the background behind a layout.

Text is coloured by theme slot (TEXT_1, TEXT_2, HYPERLINK, ACCENT_2…) so the template's own palette
applies; the slot for each part is picked here as the first one that stands out from the layout's
background (WCAG contrast), falling back to the slot with the most contrast.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lxml import etree

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_NS = {"a": _A, "p": _P}
_RT_THEME = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
_SLOTS = ("dk1", "lt1", "dk2", "lt2", *(f"accent{n}" for n in range(1, 7)), "hlink", "folHlink")
_DEFAULT_MAP = {"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2"}
READABLE = 4.5  # WCAG AA for body text
# The built-in look's palette: headings #1F4E79, the badge #C0392B, black on white.
BUILT_IN_PALETTE = {"dk1": "000000", "lt1": "FFFFFF", "dk2": "1F4E79", "accent2": "C0392B"}

Rgb = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class Palette:
    """The theme's colours by scheme name (dk1, accent1, hlink…) and the master's colour map."""

    colors: Mapping[str, Rgb]
    color_map: Mapping[str, str]

    def resolve(self, scheme: str) -> Rgb | None:
        """The colour of a scheme name as text refers to it (tx1, bg1, accent1, hlink…)."""
        return self.colors.get(self.color_map.get(scheme, scheme))


def theme_element(master: Any) -> Any:
    """The parsed theme part of slide *master*."""
    part = master.part.part_related_by(_RT_THEME)
    return etree.fromstring(part.blob)


def read_palette(master: Any) -> Palette:
    """The palette of slide *master* (its theme and its ``p:clrMap``)."""
    scheme = theme_element(master).find(".//a:clrScheme", _NS)
    colors: dict[str, Rgb] = {}
    for slot in _SLOTS:
        element = scheme.find(f"a:{slot}", _NS) if scheme is not None else None
        value = _color_value(element[0]) if element is not None and len(element) else None
        if value is not None:
            colors[slot] = value
    mapping = master._element.find("p:clrMap", _NS)
    color_map = dict(mapping.attrib) if mapping is not None else dict(_DEFAULT_MAP)
    return Palette(colors, color_map)


def set_palette(master: Any, values: Mapping[str, str]) -> None:
    """Rewrite slots of *master*'s theme (scheme name → RRGGBB), for the built-in look."""
    part = master.part.part_related_by(_RT_THEME)
    theme = etree.fromstring(part.blob)
    scheme = theme.find(".//a:clrScheme", _NS)
    for slot, value in values.items():
        element = scheme.find(f"a:{slot}", _NS)
        for child in list(element):
            element.remove(child)
        etree.SubElement(element, f"{{{_A}}}srgbClr", val=value)
    part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)


def for_layout(palette: Palette, layout: Any) -> Palette:
    """*palette* as *layout* maps it (a dark title layout in a light theme remaps bg1/tx1)."""
    override = layout._element.find("p:clrMapOvr/a:overrideClrMapping", _NS)
    return palette if override is None else Palette(palette.colors, dict(override.attrib))


def background(layout: Any, palette: Palette) -> Rgb | None:
    """The solid colour behind *layout*'s slides (layout, else master); None if a picture."""
    palette = for_layout(palette, layout)
    for owner in (layout, layout.slide_master):
        bg = owner._element.find("p:cSld/p:bg", _NS)
        if bg is None:
            continue
        fill = bg.find("p:bgPr/a:solidFill", _NS)
        if fill is None:
            fill = bg.find("p:bgPr/a:gradFill//a:gs", _NS)
        if fill is None and bg.find("p:bgRef", _NS) is not None:
            fill = bg.find("p:bgRef", _NS)
        if fill is not None and len(fill):
            return _resolve(fill[0], palette)
        return None
    return palette.resolve("bg1")


def _resolve(element: Any, palette: Palette) -> Rgb | None:
    if etree.QName(element).localname == "schemeClr":
        return palette.resolve(element.get("val"))
    return _color_value(element)


def _color_value(element: Any) -> Rgb | None:
    name = etree.QName(element).localname
    value = element.get("val") if name == "srgbClr" else element.get("lastClr")
    if name not in ("srgbClr", "sysClr") or not value or len(value) != 6:
        return None
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def luminance(color: Rgb) -> float:
    """WCAG relative luminance."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(value) for value in color)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: Rgb, second: Rgb) -> float:
    """WCAG contrast ratio, 1 to 21."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable_slot(
    palette: Palette, under: Rgb | None, preferred: Sequence[str], *, fallback: Sequence[str]
) -> str:
    """The first scheme name of *preferred* readable on *under*, else the most contrasting one.

    With an unknown background (a picture) the first of *fallback* is used.
    """
    if under is None:
        return fallback[0]
    for scheme in preferred:
        color = palette.resolve(scheme)
        if color is not None and contrast(color, under) >= READABLE:
            return scheme
    candidates = [s for s in (*preferred, *fallback) if palette.resolve(s) is not None]
    if not candidates:
        return fallback[0]
    return max(candidates, key=lambda s: contrast(palette.resolve(s) or (0, 0, 0), under))


def theme_fonts(master: Any) -> dict[str, str]:
    """The theme's typefaces: major/minor × latin/ea (e.g. ``{"minor.latin": "Calibri"}``)."""
    scheme = theme_element(master).find(".//a:fontScheme", _NS)
    found: dict[str, str] = {}
    for kind in ("major", "minor"):
        for script in ("latin", "ea"):
            element = scheme.find(f"a:{kind}Font/a:{script}", _NS) if scheme is not None else None
            found[f"{kind}.{script}"] = element.get("typeface", "") if element is not None else ""
    return found


def set_theme_fonts(master: Any, *, latin: str, east_asian: str) -> None:
    """Make *master*'s theme name *latin* and *east_asian* for headings and body (built-in look)."""
    part = master.part.part_related_by(_RT_THEME)
    theme = etree.fromstring(part.blob)
    for kind in ("major", "minor"):
        for script, typeface in (("latin", latin), ("ea", east_asian)):
            element = theme.find(f".//a:fontScheme/a:{kind}Font/a:{script}", _NS)
            if element is not None:
                element.set("typeface", typeface)
    part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)


def badge_slots(palette: Palette, under: Rgb | None) -> tuple[str, str]:
    """The badge's fill (an accent that shows on *under*; the built-in look's is accent 2) and
    the slot of its text (whichever of bg1/tx1 reads best on that fill)."""
    accents = ["accent2", "accent1", *(f"accent{n}" for n in range(3, 7))]
    fill = accents[0]
    for slot in accents:
        color = palette.resolve(slot)
        if under is None or (color is not None and contrast(color, under) >= 1.5):
            fill = slot
            break
    color = palette.resolve(fill)
    text = readable_slot(palette, color, ["bg1", "tx1"], fallback=["bg1"]) if color else "bg1"
    return fill, text


def readable_links(master: Any, palette: Palette, backgrounds: Sequence[Rgb | None]) -> Palette:
    """*palette*, with the theme's link colour replaced in this deck's copy when it does not read
    on one of *backgrounds* (renderers draw hyperlinks in it whatever the run says)."""
    link = palette.colors.get("hlink")
    known = [color for color in backgrounds if color is not None]
    if link is None or all(contrast(link, under) >= READABLE for under in known):
        return palette
    slot = readable_slot(palette, known[0], ["tx2", "tx1"], fallback=["tx1", "bg1"])
    color = palette.resolve(slot) or (0, 0, 0)
    set_palette(master, {"hlink": "{:02X}{:02X}{:02X}".format(*color)})
    return read_palette(master)
