"""The figure finder against arXiv's three formats, built at test time (tests/fixtures/figures)."""

from __future__ import annotations

import io
import os
import re
import struct
import zlib
from pathlib import Path

import pytest
import responses
from PIL import Image

from readinggroup.adapters.affiliations import arxiv_pages
from readinggroup.adapters.affiliations.arxiv_pages import ArxivPages
from readinggroup.adapters.affiliations.html_page import ArxivHtmlSource
from readinggroup.adapters.figures.eprint import unpack_eprint
from readinggroup.adapters.figures.finder import ArxivFigureFinder
from readinggroup.adapters.figures.html_figures import figures_on_page
from readinggroup.adapters.figures.images import embedded_images, usable_picture
from readinggroup.adapters.figures.latex_figures import (
    document_text,
    figure_graphics,
    graphic_files,
    graphics_paths,
    main_tex,
)
from readinggroup.adapters.transport.profiles import Profile
from readinggroup.adapters.transport.sessions import PoliteSession
from readinggroup.config_file import parse_config
from readinggroup.models import Paper
from readinggroup.services import real_services
from tests.fixtures.affiliations.fake_services import FakeClock
from tests.fixtures.figures.builders import (
    EPS,
    eprint_single_tex,
    eprint_tar,
    figure_env,
    jpeg,
    latexml_page,
    paper_pdf,
    pdf_figure,
    png,
    tex_document,
)
from tests.fixtures.figures.fake_arxiv import FakeArxiv, serve_arxiv

ARXIV = "https://arxiv.org"
OLD = Paper(id="2109.04454", version=2, title="ConvMLP", authors=("Jiachen Li",))
NEW = Paper(id="2401.00042", version=1, title="A 2024 paper", authors=("Ada Lovelace",))


def finder(clock: FakeClock | None = None) -> tuple[ArxivFigureFinder, ArxivPages]:
    clock = clock or FakeClock()
    pages = ArxivPages(
        session=PoliteSession(retries=0, timeout=2), sleep=clock.sleep, clock=clock.monotonic
    )
    return ArxivFigureFinder(pages), pages


def size_of(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        return image.size


def multi_file_source() -> bytes:
    """An EPS first, then a PNG and a PDF figure; names without extension; \\graphicspath."""
    intro = "Intro text.\n" + figure_env("arch", "The architecture (EPS).")
    body = (
        "% \\begin{figure}\\includegraphics{commented}\\caption{no}\\end{figure}\n"
        "\\input{sections/intro}\n"
        + figure_env("results", "Accuracy of $\\alpha$-nets against \\textbf{baselines}.")
        + figure_env("diagram.pdf", "The pipeline.", star=True)
    )
    return eprint_tar(
        {
            "ms.tex": tex_document(body, preamble="\\graphicspath{{figs/}{other/}}"),
            "sections/intro.tex": intro,
            "figs/arch.eps": EPS,
            "other/results.png": png(640, 400),
            "figs/diagram.pdf": pdf_figure(),
            "supplement.tex": tex_document(figure_env("results", "Supplement.")),
            "figs/unused.png": png(100, 100),
        }
    )


# --- the e-print source ----------------------------------------------------------------------


def test_the_first_readable_figure_of_the_source_after_an_eps(
    http: responses.RequestsMock,
) -> None:
    http.add(responses.GET, f"{ARXIV}/e-print/2109.04454v2", body=multi_file_source())
    found, _ = finder()
    figure = found.find(OLD)
    assert figure is not None
    assert (figure.origin, figure.name, figure.extension) == ("e-print", "other/results.png", "png")
    assert figure.caption == "Accuracy of α-nets against baselines."
    assert size_of(figure.data) == (640, 400)
    # no HTML page is asked for a 2021 paper, no PDF when the source had a figure
    assert [call.request.url for call in http.calls] == [f"{ARXIV}/e-print/2109.04454v2"]


def test_a_chosen_figure_number_and_a_pdf_figure_drawn(http: responses.RequestsMock) -> None:
    http.add(responses.GET, f"{ARXIV}/e-print/2109.04454v2", body=multi_file_source())
    found, _ = finder()
    figure = found.find(OLD, number=3)
    assert figure is not None
    assert (figure.origin, figure.name, figure.extension) == ("e-print", "figs/diagram.pdf", "png")
    assert figure.caption == "The pipeline."
    width, height = size_of(figure.data)
    assert width == 1600
    assert height == 800


def test_a_chosen_figure_that_is_eps_falls_to_the_pdf(http: responses.RequestsMock) -> None:
    http.add(responses.GET, f"{ARXIV}/e-print/2109.04454v2", body=multi_file_source())
    http.add(responses.GET, f"{ARXIV}/pdf/2109.04454v2", body=paper_pdf([png(300, 300)]))
    found, _ = finder()
    figure = found.find(OLD, number=1)
    assert figure is not None
    assert (figure.origin, figure.name) == ("pdf", "embedded picture 1")


def test_a_single_gzipped_tex_whose_figure_is_missing_falls_to_the_pdf_largest_picture(
    http: responses.RequestsMock,
) -> None:
    text = tex_document(figure_env("missing", "Not in the archive."))
    http.add(responses.GET, f"{ARXIV}/e-print/2109.04454v2", body=eprint_single_tex(text))
    pictures = [png(120, 900), png(500, 300), jpeg(800, 600), png(250, 250)]
    http.add(responses.GET, f"{ARXIV}/pdf/2109.04454v2", body=paper_pdf(pictures))
    found, _ = finder()
    figure = found.find(OLD)
    assert figure is not None
    # 120 px wide is too narrow; the JPEG is the largest and kept as JPEG
    assert (figure.origin, figure.name, figure.extension) == ("pdf", "embedded picture 2", "jpg")
    assert size_of(figure.data) == (800, 600)
    assert figure.caption == ""


def test_a_pdf_only_submission_is_read_once(http: responses.RequestsMock) -> None:
    http.add(responses.GET, f"{ARXIV}/e-print/2109.04454v2", body=paper_pdf([png(400, 300)]))
    found, _ = finder()
    figure = found.find(OLD)
    assert figure is not None
    assert figure.origin == "pdf"
    assert len(http.calls) == 1  # the e-print was the PDF: no /pdf/ request


def test_nothing_anywhere_is_no_figure(http: responses.RequestsMock) -> None:
    http.add(responses.GET, f"{ARXIV}/e-print/2109.04454v2", body=eprint_tar({"README": "x"}))
    http.add(responses.GET, f"{ARXIV}/pdf/2109.04454v2", body=paper_pdf([png(150, 150)]))
    found, _ = finder()
    assert found.find(OLD) is None


def test_no_eprint_and_no_pdf_is_no_figure(http: responses.RequestsMock) -> None:
    http.add(responses.GET, re.compile(f"{ARXIV}/.*"), status=404)
    found, _ = finder()
    assert found.find(OLD) is None
    assert [call.request.url for call in http.calls] == [
        f"{ARXIV}/e-print/2109.04454v2",
        f"{ARXIV}/pdf/2109.04454v2",
    ]


# --- the HTML page ---------------------------------------------------------------------------


def test_the_html_page_figure_not_in_a_table_and_the_page_shared_with_affiliations(
    http: responses.RequestsMock,
) -> None:
    page = latexml_page(
        "A 2024 paper",
        [("x1.svg", "A TikZ drawing."), ("x2.png", 'Our <math alttext="\\beta">β</math> model.')],
        table_image="x0.png",
    )
    http.add(responses.GET, f"{ARXIV}/html/2401.00042v1", body=page, content_type="text/html")
    http.add(responses.GET, f"{ARXIV}/html/2401.00042v1/x1.svg", body=b"<svg xmlns='x'/>")
    http.add(responses.GET, f"{ARXIV}/html/2401.00042v1/x2.png", body=png(500, 250))
    clock = FakeClock()
    found, pages = finder(clock)
    answers = ArxivHtmlSource(pages).lookup([NEW])  # 著者所属 reads the page first
    assert answers[NEW.id][0].affiliations == ("University of London",)
    figure = found.find(NEW)
    assert figure is not None
    assert (figure.origin, figure.name, figure.extension) == ("html", "x2.png", "png")
    assert figure.caption == "Figure 2: Our \\beta model."
    # one request for the page (著者所属 and the figure), the SVG, the PNG; 3 s apart
    assert [call.request.url for call in http.calls] == [
        f"{ARXIV}/html/2401.00042v1",
        f"{ARXIV}/html/2401.00042v1/x1.svg",
        f"{ARXIV}/html/2401.00042v1/x2.png",
    ]
    assert clock.sleeps == [3.0, 3.0]


def test_a_paper_without_an_html_page_goes_on_to_its_source(http: responses.RequestsMock) -> None:
    http.add(responses.GET, f"{ARXIV}/html/2401.00042v1", status=404)
    http.add(responses.GET, f"{ARXIV}/e-print/2401.00042v1", body=multi_file_source())
    found, _ = finder()
    figure = found.find(NEW)
    assert figure is not None
    assert figure.origin == "e-print"


def test_page_figures_resolve_against_the_page_folder_or_its_base() -> None:
    page = latexml_page("T", [("extracted/51/figs/teaser.png", "Teaser.")])
    assert [figure.path for figure in figures_on_page(page, "/html/2401.00042v1")] == [
        "/html/2401.00042v1/extracted/51/figs/teaser.png"
    ]
    based = page.replace("<head>", '<head><base href="/html/2401.00042v3/"/>')
    assert [figure.path for figure in figures_on_page(based, "/html/2401.00042")] == [
        "/html/2401.00042v3/extracted/51/figs/teaser.png"
    ]
    elsewhere = latexml_page("T", [("https://example.org/a.png", "Not the paper's.")])
    assert figures_on_page(elsewhere, "/html/2401.00042v1") == []


def test_a_panel_belongs_to_its_figure_and_the_caption_is_the_figures() -> None:
    page = (
        '<figure class="ltx_figure"><div class="ltx_flex_figure">'
        '<figure class="ltx_figure ltx_figure_panel"><img src="x1.png"/>'
        '<figcaption class="ltx_caption">(a) left</figcaption></figure>'
        '<figure class="ltx_figure ltx_figure_panel"><img src="x2.png"/>'
        '<figcaption class="ltx_caption">(b) right</figcaption></figure></div>'
        '<figcaption class="ltx_caption">Figure 1: Both sides.</figcaption></figure>'
    )
    figures = figures_on_page(page, "/html/2401.00042v1")
    assert [(figure.name, figure.caption) for figure in figures] == [
        ("x1.png", "Figure 1: Both sides.")
    ]


# --- the pieces ------------------------------------------------------------------------------


def test_the_main_file_is_the_one_with_documentclass_and_begin_document() -> None:
    files = {
        "macros.tex": b"\\newcommand{\\x}{y}",
        "appendix/supp.tex": tex_document("supp").encode(),
        "paper.tex": tex_document("body").encode(),
        "old.tex": b"% \\documentclass{article}\n% \\begin{document}\n",
    }
    assert main_tex(files) == "paper.tex"
    assert main_tex({"a.txt": b"x"}) is None


def test_inputs_are_read_in_place_comments_dropped_and_loops_stopped() -> None:
    files = {
        "sub/main.tex": tex_document("\\input{parts/a}\n\\include{parts/b.tex}").encode(),
        "sub/parts/a.tex": b"A \\input{parts/a} % \\input{parts/b}\n",
        "sub/parts/b.tex": b"\\iffalse hidden \\fi B\n\\begin{comment}gone\\end{comment}",
    }
    text = document_text(files, "sub/main.tex")
    assert "A" in text
    assert "B" in text
    assert "hidden" not in text
    assert "gone" not in text


def test_graphic_files_follow_pdflatex() -> None:
    files = {
        "figs/a.png": b"1",
        "figs/a.pdf": b"2",
        "b.jpg": b"3",
        "figs/c.eps": b"4",
        "x/figs/d.png": b"5",
    }
    text = '\\graphicspath{{figs/}{"x/figs/"}}'
    folders = graphics_paths(text)
    assert folders == ["figs/", "x/figs/"]
    assert graphic_files("a", files, main="ms.tex", folders=folders) == [
        "figs/a.png",
        "figs/a.pdf",
    ]
    assert graphic_files("b.jpg", files, main="ms.tex", folders=folders) == ["b.jpg"]
    assert graphic_files("./d", files, main="ms.tex", folders=folders) == ["x/figs/d.png"]
    assert graphic_files("c", files, main="ms.tex", folders=folders) == ["figs/c.eps"]


def test_only_graphics_inside_figure_environments_count() -> None:
    text = (
        "\\includegraphics{logo}\n"
        "\\begin{figure*}\\includegraphics[trim={1 2 3 4},clip]{wide}"
        "\\subcaption{left}\\caption[short]{Long {nested} caption.}\\end{figure*}"
        "\\begin{table}\\includegraphics{in_table}\\end{table}"
        "\\begin{figure}\\includegraphics{a}\\includegraphics*{b}\\end{figure}"
    )
    graphics = figure_graphics(text)
    assert [(g.figure, g.name) for g in graphics] == [(1, "wide"), (2, "a"), (2, "b")]
    assert graphics[0].caption == "Long nested caption."


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (png(10, 10), ("png", 10, 10)),
        (jpeg(30, 20), ("jpg", 30, 20)),
        (EPS, None),
        (b"not a picture", None),
        (png(10, 10)[:60], None),  # cut off
    ],
)
def test_usable_pictures(data: bytes, expected: tuple[str, int, int] | None) -> None:
    picture = usable_picture(data)
    shown = None if picture is None else (picture.extension, picture.width, picture.height)
    assert shown == expected


def test_a_picture_claiming_a_billion_pixels_is_refused_unread() -> None:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 30000, 30000, 8, 2, 0, 0, 0)
    bomb = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")
    assert usable_picture(bomb) is None


def test_a_gif_becomes_a_png() -> None:
    out = io.BytesIO()
    Image.new("P", (40, 30)).save(out, format="GIF")
    picture = usable_picture(out.getvalue())
    assert picture is not None
    assert picture.extension == "png"
    assert picture.data.startswith(b"\x89PNG")


def test_unpacking_cuts_off_what_unpacks_too_large() -> None:
    bomb = eprint_single_tex(tex_document("x" * 5000))
    assert unpack_eprint(bomb, limit=1000).files == {}
    assert unpack_eprint(bomb).files.keys() == {"main.tex"}
    assert unpack_eprint(b"garbage").files == {}
    assert unpack_eprint(b"\x1f\x8bgarbage").files == {}


def test_a_broken_pdf_has_no_pictures() -> None:
    assert embedded_images(b"%PDF-1.4 broken") == []
    assert usable_picture(b"%PDF-1.4 broken") is None


# --- downloads over a real socket ----------------------------------------------------------


@pytest.mark.parametrize("chunked", [False, True])
def test_a_download_past_the_size_cap_is_no_page(chunked: bool) -> None:
    big = os.urandom(300_000)
    fake = FakeArxiv(pages={"/e-print/2109.04454v2": big, "/pdf/2109.04454v2": b"%PDF-1.4"})
    if chunked:
        fake.chunked.add("/e-print/2109.04454v2")
    clock = FakeClock()
    with serve_arxiv(fake) as arxiv:
        pages = ArxivPages(
            arxiv.url,
            session=PoliteSession(profile=Profile(max_bytes=100_000), retries=0, timeout=5),
            sleep=clock.sleep,
            clock=clock.monotonic,
        )
        assert pages.get("/e-print/2109.04454v2") is None
        response = pages.get("/pdf/2109.04454v2")
    assert response is not None
    assert response.content == b"%PDF-1.4"
    assert clock.sleeps == [3.0]  # the refused download still counts for arXiv's delay


def test_real_services_share_one_html_page_and_one_delay_between_affiliations_and_figures(
    tmp_path: Path,
) -> None:
    page = latexml_page("A 2024 paper", [("x1.png", "The model.")])
    fake = FakeArxiv(
        pages={"/html/2401.00042v1": page.encode(), "/html/2401.00042v1/x1.png": png(300, 200)}
    )
    with serve_arxiv(fake) as arxiv:
        config = parse_config(
            {
                "sources": {
                    "arxiv_pages": {"base_url": arxiv.url},
                    "openalex": {"base_url": arxiv.url + "/openalex"},
                    "s2": {"base_url": arxiv.url + "/s2"},
                }
            }
        )
        services = real_services()
        sleeps: list[float] = []
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(arxiv_pages.time, "sleep", sleeps.append)
            found = services.affiliations(config).find([NEW])
            finder = services.figures(config)
            assert finder is not None
            figure = finder.find(NEW)
    assert found[NEW.id][0].affiliations == ("University of London",)
    assert figure is not None
    assert figure.caption == "Figure 1: The model."
    pages = [path for path in arxiv.paths if path.startswith("/html/")]  # OpenAlex asked first
    assert pages == ["/html/2401.00042v1", "/html/2401.00042v1/x1.png"]
    assert len(sleeps) == 1  # the image waited for arXiv's delay after the page
