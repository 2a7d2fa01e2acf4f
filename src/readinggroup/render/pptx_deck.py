"""The deck as a .pptx through python-pptx: placeholders first, then a grid clear of the layout.

Each slide role gets a layout (`layouts.py`). Text goes into the layout's title and subtitle
placeholders where it has them (their position, font and colour); the rest is placed on the
built-in grid, scaled to the slide and kept clear of every shape the layout and master draw.
Sizes are fitted with real font metrics, then made one per role across the deck where the text
allows (only the slides that need it shrink further).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from readinggroup.atomic_files import write_atomically
from readinggroup.builtin_deck import BUILT_IN_FONTS, DECK, EMU_PER_INCH, Fonts
from readinggroup.plan import (
    DuplicateSlide,
    ListSlide,
    PaperSlide,
    Slide,
    TitleSlide,
)
from readinggroup.render.blocks import Blocks, Sizes
from readinggroup.render.figure import draw_figure, figure_areas
from readinggroup.render.layouts import choose_layouts
from readinggroup.render.regions import BUILT_IN_GRID, Rect, grid_rows, sample_text, shape_rect
from readinggroup.render.runs import RunFonts, Style
from readinggroup.render.template import describe_deck, open_template
from readinggroup.render.theme import (
    Palette,
    Rgb,
    background,
    badge_slots,
    for_layout,
    read_palette,
    readable_links,
    readable_slot,
    set_theme_fonts,
    theme_fonts,
)
from readinggroup.text.showable import without_unshowable

log = logging.getLogger(__name__)
_GRID = BUILT_IN_GRID


def render_deck(
    slides: Sequence[Slide],
    out_path: Path,
    *,
    fonts: Fonts | None,
    template: Path | None = None,
    layouts: Mapping[str, str] | None = None,
    title: str = "",
    author: str = "",
    stamp: str = "",
    metrics_cache: Path | None = None,
) -> Path:
    """Write *slides* to *out_path* (.pptx).

    *template* is the organiser's .pptx/.potx (None = built-in look); *fonts* None keeps its theme
    fonts (the built-in look's are `BUILT_IN_FONTS`); *layouts* maps roles to layout names;
    *title*, *author* and *stamp* (see `render_stamp`) go into the docProps; font metrics are
    kept under *metrics_cache*.
    """
    slides = [without_unshowable(slide) for slide in slides]  # XML could not hold them
    presentation, organisers = open_template(template)
    if not organisers:
        fonts = fonts or BUILT_IN_FONTS
        set_theme_fonts(presentation.slide_master, latin=fonts.latin, east_asian=fonts.east_asian)
    renderer = _Renderer(
        presentation, fonts, layouts or {}, placeholders=organisers, metrics_cache=metrics_cache
    )
    for slide in slides:
        renderer.add(slide)
    renderer.blocks.finish()
    describe_deck(presentation, title=title, author=author, stamp=stamp)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(out_path, presentation.save)  # a temp file per run, then a rename
    return out_path


class _Renderer:
    def __init__(
        self,
        presentation: Any,
        fonts: Fonts | None,
        layouts: Mapping[str, str],
        *,
        placeholders: bool,
        metrics_cache: Path | None = None,
    ) -> None:
        self._presentation = presentation
        self._use_placeholders = placeholders
        self._layouts = choose_layouts(presentation, layouts)
        master = presentation.slide_master
        backgrounds = [
            background(layout, read_palette(master)) for layout in self._layouts.values()
        ]
        self._palette = readable_links(master, read_palette(master), backgrounds)
        theme = theme_fonts(master)
        default = BUILT_IN_FONTS
        east_asian = fonts.east_asian if fonts else theme["minor.ea"] or default.east_asian
        latin = {  # what is measured: the given font, else the theme's major/minor one
            "major": fonts.latin if fonts else theme["major.latin"] or default.latin,
            "minor": fonts.latin if fonts else theme["minor.latin"] or default.latin,
        }
        self._width = presentation.slide_width / EMU_PER_INCH
        self._height = presentation.slide_height / EMU_PER_INCH
        self._sx, self._sy = self._width / DECK.width_in, self._height / DECK.height_in
        self._scale = min(self._sx, self._sy)
        run_fonts = RunFonts(fonts.latin if fonts else None, east_asian)
        self.blocks = Blocks(run_fonts, latin, self._scale, metrics_cache)
        self._grid: dict[tuple[str, Rect | None], list[Rect]] = {}
        self._over_samples: dict[str, bool] = {}
        self._looks: dict[str, tuple[Rgb | None, Palette]] = {}
        self._under: Rgb | None = None
        self._mapped = self._palette

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
    def _new_slide(self, role: str) -> tuple[Any, Any, Any]:
        """A slide of *role*'s layout, with its title and subtitle placeholders (or None)."""
        layout = self._layouts[role]
        page = self._add_slide(layout)
        found: dict[str, Any] = {}
        wanted = {"CENTER_TITLE": "title", "TITLE": "title"}
        if role == "title":
            wanted["SUBTITLE"] = "subtitle"
        use = self._use_placeholders and not self._covers_sample_text(role, page)
        for placeholder in list(page.placeholders):
            kind = wanted.get(getattr(placeholder.placeholder_format.type, "name", ""), "")
            if use and kind and kind not in found:
                found[kind] = placeholder
            else:
                placeholder._element.getparent().remove(placeholder._element)
        if role not in self._looks:  # one layout per role: its background and colours once
            self._looks[role] = background(layout, self._palette), for_layout(self._palette, layout)
        self._under, self._mapped = self._looks[role]
        return page, found.get("title"), found.get("subtitle")

    def _covers_sample_text(self, role: str, page: Any) -> bool:
        """Whether a placeholder of *page* lies over its layout's sample text (then the whole
        slide goes on the grid, clear of it). Every slide of a role is made from one layout, with
        the same placeholders: decided on the role's first slide."""
        if role not in self._over_samples:
            samples = sample_text(self._layouts[role], Rect(0, 0, self._width, self._height))
            self._over_samples[role] = any(
                placed.overlaps(sample)
                for placeholder in page.placeholders
                if (placed := shape_rect(placeholder)) is not None
                for sample in samples
            )
        return self._over_samples[role]

    def _add_slide(self, layout: Any) -> Any:
        """A slide of *layout*; its placeholders copied only when they will be used (copying
        and removing them is a tenth of a render)."""
        slides = self._presentation.slides
        if self._use_placeholders:
            return slides.add_slide(layout)
        relation, page = slides.part.add_slide(layout)
        slides._sldIdLst.add_sldId(relation)
        return page

    def _rows(self, role: str, below: Any) -> list[Rect]:
        """The grid's rows for *role* in the free area (under the placeholder *below*, if any)."""
        placed = shape_rect(below) if below is not None else None
        key = (role, placed)
        if key not in self._grid:
            page = Rect(0, 0, self._width, self._height)
            layout = self._layouts[role]
            self._grid[key] = grid_rows(_GRID[role], layout, page, placed, self._sx, self._scale)
        return self._grid[key]

    def _title(self, slide: TitleSlide) -> None:
        page, title, subtitle = self._new_slide("title")
        details = [line for line in (slide.group, slide.date_text) if line]
        self._heading_text(page, title, "title", slide.title, sizes=(40, 16), center=True)
        if subtitle is not None:
            texts = [*details, slide.event_url] if slide.event_url else details
            style = Style(link=slide.event_url, link_color=self._slot("link"))
            self.blocks.into(subtitle, None, texts or [""], "title.details", (24, 10), style)
            return
        rows = self._rows("title", title)[-2:]
        if details:
            body = Style(center=True, color=self._slot("body"))
            self.blocks.text_box(page, rows[0], details, "title.details", (24, 10), body)
        if slide.event_url:
            link = Style(center=True, color=self._slot("link"), link=slide.event_url)
            self.blocks.text_box(page, rows[1], [slide.event_url], "title.url", (18, 8), link)

    def _list(self, slide: ListSlide) -> None:
        page, title, _ = self._new_slide("list")
        self._heading_text(page, title, "list", slide.heading, sizes=(32, 12))
        hang = sum(self.blocks.metrics("minor", bold=False).char_width(char) for char in "10. ")
        style = Style(center=False, color=self._slot("body"), hang=hang)
        rect = self._rows("list", title)[-1]
        self.blocks.text_box(page, rect, slide.lines, "list.lines", (28, 9), style, kept=slide.kept)

    def _paper(self, slide: PaperSlide) -> None:
        page, rows = self._paper_heading("paper", slide.title_line, slide.url)
        body = Style(center=False, color=self._slot("body"))
        abstract = rows[1]
        if slide.figure is not None:  # beside the abstract (below it on a portrait slide)
            portrait = self._height > self._width
            areas = figure_areas(
                abstract, slide.figure.pixels, portrait=portrait, scale=self._scale
            )
            draw_figure(
                page, self.blocks, areas, slide.figure.path, slide.figure_credit, self._slot("body")
            )
            abstract = areas.text
        self.blocks.text_box(page, abstract, [slide.abstract], "paper.abstract", (18, 8), body)
        self._rank_row(page, rows[2], slide.rank_label, slide.pickup)
        bullets = Style(center=False, color=self._slot("body"), bullet=True, hang=1.2)
        self.blocks.text_box(page, rows[3], slide.summary_lines, "paper.summary", (16, 8), bullets)
        _notes(page, slide.notes)

    def _duplicate(self, slide: DuplicateSlide) -> None:
        page, rows = self._paper_heading("duplicate", slide.title_line, slide.url)
        self._rank_row(page, rows[1], slide.rank_label, slide.pickup)
        rest = rows[2]
        if slide.figure is not None:  # small, under the summary lines
            areas = figure_areas(rest, slide.figure.pixels, portrait=True, scale=self._scale)
            body_slot = self._slot("body")
            draw_figure(page, self.blocks, areas, slide.figure.path, slide.figure_credit, body_slot)
            rest = areas.text
        if slide.summary_lines:
            body = Style(center=False, color=self._slot("body"), bullet=True, hang=1.2)
            lines = slide.summary_lines
            self.blocks.text_box(page, rest, lines, "duplicate.summary", (24, 10), body)
        _notes(page, slide.notes)

    def _paper_heading(self, role: str, title_line: str, url: str) -> tuple[Any, list[Rect]]:
        """The title line and link that full and 重複 slides share; the grid rows below them."""
        page, title, _ = self._new_slide(role)
        self._heading_text(page, title, "paper", title_line, sizes=(24, 12))
        rows = self._rows(role, title)
        if title is None:
            rows = rows[1:]
        link = Style(center=False, color=self._slot("link"), link=url)
        self.blocks.text_box(page, rows[0], [url], "paper.url", (14, 8), link)
        return page, rows

    def _heading_text(
        self,
        page: Any,
        title: Any,
        role: str,
        text: str,
        *,
        sizes: Sizes,
        center: bool = False,
    ) -> None:
        """*text* in the *title* placeholder (its own look), else bold on the grid's first row."""
        if title is not None:
            self.blocks.into(title, None, [text], f"{role}.heading", sizes, Style(), "major")
            return
        rect = self._rows(role, None)[0]
        style = Style(center=center, bold=True, color=self._slot("heading"))
        self.blocks.text_box(page, rect, [text], f"{role}.heading", sizes, style)

    def _rank_row(self, page: Any, row: Rect, label: str, pickup: bool) -> None:
        badge = 1.4 * self._scale
        label_rect = Rect(row.left, row.top, row.right - badge - 0.2 * self._scale, row.bottom)
        style = Style(center=False, bold=True, color=self._slot("body"), keep_all=True)
        self.blocks.text_box(page, label_rect, [label], "paper.rank", (18, 8), style)
        if pickup:
            height = min(0.45 * self._scale, row.height)
            rect = Rect(row.right - badge, row.top, row.right, row.top + height)
            self.blocks.badge(page, rect, *badge_slots(self._mapped, self._under))

    # -- text -----------------------------------------------------------------------------
    def _slot(self, part: str) -> str:
        """The theme slot for *part* (heading, body, link) readable on this slide's background."""
        preferred = {"heading": ["tx2", "tx1"], "body": ["tx1"], "link": ["hlink", "tx2", "tx1"]}
        fallback = ["tx1", "bg1", "tx2", "bg2"]
        return readable_slot(self._mapped, self._under, preferred[part], fallback=fallback)


def _notes(page: Any, notes: str) -> None:
    page.notes_slide.notes_text_frame.text = notes
