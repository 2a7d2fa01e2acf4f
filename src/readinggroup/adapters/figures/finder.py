"""The figure finder: arXiv's HTML page, else the e-print source, else the PDF's pictures.

Cheapest first, and one download per paper where it can be: the HTML page is the one 著者所属
read (kept by the run's ArxivPages), a PDF-only e-print is the PDF, and the PDF is fetched only
when neither had a figure. Papers from before December 2023 have no HTML page and are not
asked for one.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from readinggroup.adapters.affiliations.arxiv_pages import ArxivPages, may_have_html_page
from readinggroup.adapters.figures.eprint import unpack_eprint
from readinggroup.adapters.figures.html_figures import PageFigure, figures_on_page
from readinggroup.adapters.figures.images import (
    Picture,
    embedded_images,
    largest,
    usable_picture,
)
from readinggroup.adapters.figures.latex_figures import (
    TexGraphic,
    document_text,
    figure_graphics,
    graphic_files,
    graphics_paths,
    main_tex,
)
from readinggroup.models import Paper
from readinggroup.paper_records import FigureOrigin
from readinggroup.protocols import FoundFigure

log = logging.getLogger(__name__)
MAX_PAGE_IMAGES = 3  # images of the HTML page tried (each a request to arXiv) before the e-print


class ArxivFigureFinder:
    """A FigureFinder over arXiv's pages (*pages*: the run's one ArxivPages)."""

    def __init__(self, pages: ArxivPages) -> None:
        self._pages = pages

    def find(self, paper: Paper, *, number: int | None = None) -> FoundFigure | None:
        """See :class:`readinggroup.protocols.FigureFinder`."""
        found = self._from_html(paper, number) if may_have_html_page(paper) else None
        if found is not None:
            return found
        pdf: bytes | None = None
        eprint = self._pages.get(f"/e-print/{paper.versioned_id}")
        if eprint is not None:
            source = unpack_eprint(eprint.content)
            if source.pdf is not None:
                pdf = source.pdf  # a submission without source: its e-print is the PDF
            else:
                found = _from_source(source.files, number)
                if found is not None:
                    return found
        if pdf is None:
            response = self._pages.get(f"/pdf/{paper.versioned_id}")
            pdf = response.content if response is not None else None
        return _from_pdf(pdf, number) if pdf is not None else None

    def _from_html(self, paper: Paper, number: int | None) -> FoundFigure | None:
        page_path = f"/html/{paper.versioned_id}"
        page = self._pages.get(page_path, keep=True)
        if page is None:
            return None
        figures = figures_on_page(page.text, page_path)
        for figure in _chosen(figures, number, limit=MAX_PAGE_IMAGES):
            image = self._pages.get(figure.path)
            picture = usable_picture(image.content) if image is not None else None
            if picture is not None:
                return _found(picture, "html", figure.name, figure.caption)
            log.info("%s: figure %s of the HTML page is not a picture", paper.id, figure.name)
        return None


def _chosen(figures: list[PageFigure], number: int | None, *, limit: int) -> list[PageFigure]:
    if number is not None:
        return figures[number - 1 : number]
    return figures[:limit]


def _from_source(files: dict[str, bytes], number: int | None) -> FoundFigure | None:
    """The first usable ``\\includegraphics`` of the source's figures (of figure *number*)."""
    main = main_tex(files)
    if main is None:
        return None
    text = document_text(files, main)
    folders = graphics_paths(text)
    graphics: Iterable[TexGraphic] = figure_graphics(text)
    if number is not None:
        graphics = [graphic for graphic in graphics if graphic.figure == number]
    for graphic in graphics:
        for path in graphic_files(graphic.name, files, main=main, folders=folders):
            picture = usable_picture(files[path])
            if picture is not None:
                return _found(picture, "e-print", path, graphic.caption)
            log.info("figure: %s is not a picture the deck can show; the next one", path)
    return None


def _from_pdf(pdf: bytes, number: int | None) -> FoundFigure | None:
    """The PDF's largest embedded picture (with *number*: its number-th, page by page)."""
    pictures = embedded_images(pdf)
    if number is not None:
        picture = pictures[number - 1] if number <= len(pictures) else None
        position = number
    else:
        picture = largest(pictures)
        position = pictures.index(picture) + 1 if picture is not None else 0
    if picture is None:
        return None
    return _found(picture, "pdf", f"embedded picture {position}", "")


def _found(picture: Picture, origin: FigureOrigin, name: str, caption: str) -> FoundFigure:
    return FoundFigure(picture.data, picture.extension, origin, name, caption)
