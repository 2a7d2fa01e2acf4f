"""The figures of arXiv's HTML page (LaTeXML): ``figure.ltx_figure`` with its image and caption.

LaTeXML writes a figure as ``<figure class="ltx_figure"><img src="x1.png" …><figcaption>``;
sub-figures are ``figure.ltx_figure`` panels inside it, tables ``figure.ltx_table`` (a picture
in a table is not a figure). Image addresses are relative to the page's folder
(``/html/<id>v<n>/``) unless the page names a ``<base href>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode


@dataclass(frozen=True, slots=True)
class PageFigure:
    """One figure of the page: its first image's path on arXiv and its caption."""

    path: str  # absolute path on the site, e.g. /html/2312.00001v1/x1.png
    name: str  # as the page wrote it (x1.png, extracted/…/teaser.png)
    caption: str


def figures_on_page(page: str, page_path: str) -> list[PageFigure]:
    """The figures of the LaTeXML *page* served at *page_path*, in the paper's order.

    Only outermost figures count (a panel belongs to its figure), each with its first image;
    figures inside a table, and figures without an image (a TikZ drawing kept as SVG markup),
    are left out.
    """
    tree = LexborHTMLParser(page)
    base = tree.css_first("base[href]")
    folder = page_path.rstrip("/") + "/"
    if base is not None:
        folder = urljoin(folder, base.attributes.get("href") or "")
    found: list[PageFigure] = []
    for figure in tree.css("figure.ltx_figure"):
        if _inside_figure_or_table(figure):
            continue
        image = figure.css_first("img[src]")
        source = (image.attributes.get("src") or "").strip() if image is not None else ""
        if not source or source.startswith("data:"):
            continue
        target = urlsplit(urljoin(folder, source))
        if target.netloc:  # an image on another site is not the paper's
            continue
        found.append(PageFigure(target.path, source, _caption(figure)))
    return found


def _inside_figure_or_table(node: LexborNode) -> bool:
    """Whether *node* is a panel of a figure, or sits in a table."""
    parent = node.parent
    while parent is not None and parent.tag not in ("body", "html"):
        classes = (parent.attributes.get("class") or "").split()
        if parent.tag == "table" or (
            parent.tag == "figure" and {"ltx_figure", "ltx_table"} & set(classes)
        ):
            return True
        parent = parent.parent
    return False


def _caption(figure: LexborNode) -> str:
    """The figure's own caption ("Figure 1: …"), math as its TeX, not its panels' captions."""
    own = [child for child in figure.iter() if child.tag == "figcaption"]
    caption = own[-1] if own else figure.css_first("figcaption")
    if caption is None:
        return ""
    copy = LexborHTMLParser(caption.html or "")
    for math in copy.css("math"):
        math.replace_with(math.attributes.get("alttext") or "")
    for note in copy.css(".ltx_note"):
        note.decompose()
    body = copy.body
    text = body.text(deep=True, separator="") if body is not None else ""
    return re.sub(r"\s+", " ", text).strip()
