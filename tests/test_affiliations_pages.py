"""arXiv's pages: the LaTeXML author block, the PDF's first page, the politeness delay."""

from __future__ import annotations

import re

import pytest
import responses

from readinggroup.adapters.affiliations.arxiv_pages import ArxivPages, may_have_html_page
from readinggroup.adapters.affiliations.author_block import marked_affiliations
from readinggroup.adapters.affiliations.base import PAPER_WIDE, Answer
from readinggroup.adapters.affiliations.html_page import ArxivHtmlSource, parse_author_block
from readinggroup.adapters.affiliations.pdf_page import PdfFirstPageSource, first_page_lines
from readinggroup.adapters.transport.sessions import PoliteSession
from readinggroup.errors import SourceError
from readinggroup.models import Paper
from tests.fixtures.affiliations.fake_services import HTML_PAGES, FakeClock, first_page_pdf

CONVMLP = ("Jiachen Li", "Ali Hassani", "Steven Walton", "Humphrey Shi")
BOTH = ("SHI Lab @ University of Oregon", "University of Illinois at Urbana-Champaign")


def test_per_author_affiliations_without_labels_addresses_emails_or_notes() -> None:
    page = HTML_PAGES["2109.00301v2"].read_text("utf-8")
    assert parse_author_block(page) == [
        Answer("Pedro Henrique Martins", ("Instituto de Telecomunicações, Lisbon, Portugal",)),
        Answer("Zita Marinho", ("DeepMind", "Institute of Systems and Robotics")),
        Answer(
            "André F. T. Martins",
            (
                "Instituto de Telecomunicações",
                "LUMLIS (Lisbon ELLIS Unit), Instituto Superior Técnico",
                "Unbabel",
            ),
        ),
    ]


def test_numbered_affiliations_inside_the_person_name_are_matched_by_their_marks() -> None:
    page = HTML_PAGES["2109.04454v2"].read_text("utf-8")
    assert parse_author_block(page, CONVMLP) == [Answer(name, BOTH) for name in CONVMLP]


def test_several_names_sharing_one_affiliation_block() -> None:
    # the shape of a real page quoted in a public parser's test (see SOURCES.md)
    page = (
        '<div class="ltx_authors"><span class="ltx_creator ltx_role_author">'
        '<span class="ltx_personname">Divya Jyoti Bajpai, Kishan Kumar Upadhyay</span>'
        '<span class="ltx_author_notes"><span class="ltx_author_notes_content">'
        '<span class="ltx_contact ltx_role_affiliation"><span class="ltx_contact_name">'
        'Affiliation: </span><span class="ltx_text ltx_font_italic">MLiONS, Department of IEOR, '
        'IIT Bombay</span><br class="ltx_break">Mumbai, Maharashtra-400076, India'
        '<br class="ltx_break">{divyajyoti.bajpai}@iitb.ac.in</span></span></span></span></div>'
    )
    where = ("MLiONS, Department of IEOR, IIT Bombay, Mumbai, Maharashtra-400076, India",)
    assert parse_author_block(page) == [
        Answer("Divya Jyoti Bajpai", where),
        Answer("Kishan Kumar Upadhyay", where),
    ]


def test_author_blocks_with_their_lines_in_the_person_name() -> None:
    """NeurIPS-style ``\\And`` blocks: name, department, university and e-mail on <br> lines."""

    def creator(*lines: str) -> str:
        inner = '<br class="ltx_break"/>'.join(lines)
        person = f'<span class="ltx_personname">{inner}</span>'
        return f'<span class="ltx_creator ltx_role_author">{person}</span>'

    page = (
        '<div class="ltx_authors">'
        + creator("Jiachen Li", "SHI Lab", "University of Oregon", "jli@uoregon.edu")
        + '<span class="ltx_author_before">\u2003</span>'
        + creator("Ali Hassani", "University of Illinois at Urbana-Champaign")
        + "</div>"
    )
    assert parse_author_block(page, CONVMLP) == [
        Answer("Jiachen Li", ("SHI Lab, University of Oregon",)),
        Answer("Ali Hassani", ("University of Illinois at Urbana-Champaign",)),
    ]


def test_author_notes_inside_the_person_name_are_not_part_of_the_names() -> None:
    page = (
        '<div class="ltx_authors"><span class="ltx_creator ltx_role_author">'
        '<span class="ltx_personname">Ann Lee<span class="ltx_author_notes">'
        '<span class="ltx_contact ltx_role_affiliation">Kyoto University</span>'
        "</span></span></span></div>"
    )
    assert parse_author_block(page) == [Answer("Ann Lee", ("Kyoto University",))]


def test_a_page_without_an_author_block_or_affiliations_answers_nothing() -> None:
    assert parse_author_block("<html><body><p>No HTML for this paper</p></body></html>") == []
    bare = '<div class="ltx_authors"><span class="ltx_creator ltx_role_author">'
    bare += '<span class="ltx_personname">Brian Street</span></span></div>'
    assert parse_author_block(bare, ["Brian Street"]) == []


def test_the_first_page_of_a_pdf_in_the_usual_layout() -> None:
    pdf = first_page_pdf(
        "ConvMLP: Hierarchical Convolutional MLPs for Vision",
        [(name, "1,2") for name in CONVMLP[:3]] + [("Humphrey Shi", "1,2,3")],
        [("1", BOTH[0]), ("2", BOTH[1]), ("3", "Picsart AI Research (PAIR)")],
    )
    lines = first_page_lines(pdf)
    assert lines[:5] == [
        "ConvMLP: Hierarchical Convolutional MLPs for Vision",
        "Jiachen Li^{1,2} , Ali Hassani^{1,2} , Steven Walton^{1,2} , Humphrey Shi^{1,2,3}",
        "^{1} SHI Lab @ University of Oregon",
        "^{2} University of Illinois at Urbana-Champaign",
        "^{3} Picsart AI Research (PAIR)",
    ]
    assert marked_affiliations(lines, CONVMLP) == [
        *(Answer(name, BOTH) for name in CONVMLP[:3]),
        Answer("Humphrey Shi", (*BOTH, "Picsart AI Research (PAIR)")),
    ]


def test_unnumbered_affiliations_belong_to_the_authors_above_them() -> None:
    pdf = first_page_pdf(
        "Diverse Generation from a Single Video Made Possible",
        [("Niv Haim", "*"), ("Ben Feinstein", "*"), ("Michal Irani", "")],
        [("", "Weizmann Institute of Science, Rehovot, Israel"), ("*", "Equal contribution")],
    )
    answers = marked_affiliations(first_page_lines(pdf), ["Niv Haim", "Michal Irani"])
    weizmann = ("Weizmann Institute of Science, Rehovot, Israel",)
    assert answers == [
        Answer(name, weizmann) for name in ("Niv Haim", "Ben Feinstein", "Michal Irani")
    ]


def test_authors_side_by_side_each_with_the_lines_under_them() -> None:
    """NeurIPS prints author blocks in columns: name, department, university, e-mail."""
    pdf = grid_page(
        [
            ["Jiachen Li", "Ali Hassani"],
            ["SHI Lab", "Computer Science"],
            ["University of Oregon", "University of Illinois"],
            ["jli@uoregon.edu", "ah@illinois.edu"],
            ["Steven Walton", "Humphrey Shi"],
            ["University of Oregon", "Picsart AI Research"],
        ]
    )
    lines = first_page_lines(pdf)
    assert lines[1] == "Jiachen Li\tAli Hassani"
    assert marked_affiliations(lines, CONVMLP) == [
        Answer("Jiachen Li", ("SHI Lab, University of Oregon",)),
        Answer("Ali Hassani", ("Computer Science, University of Illinois",)),
        Answer("Steven Walton", ("University of Oregon",)),
        Answer("Humphrey Shi", ("Picsart AI Research",)),
    ]


def test_columns_that_do_not_line_up_leave_the_affiliations_to_the_whole_paper() -> None:
    lines = ["Jiachen Li\tAli Hassani", "University of Oregon", "Abstract"]
    assert marked_affiliations(lines, CONVMLP) == [Answer(PAPER_WIDE, ("University of Oregon",))]


def grid_page(rows: list[list[str]]) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="letter")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, "ConvMLP: Hierarchical Convolutional MLPs for Vision", align="C")
    pdf.ln(14)
    pdf.set_font("Helvetica", "", 11)
    for row in rows:
        for cell in row:
            pdf.cell(90, 6, cell, align="C")
        pdf.ln(6)
    pdf.ln(4)
    pdf.cell(0, 6, "Abstract")
    return bytes(pdf.output())


def test_affiliations_in_a_footnote_below_the_abstract_as_icml_prints_them() -> None:
    pdf = first_page_pdf(
        "Multiplying Matrices Without Multiplying",
        [("Davis Blalock", "1,2"), ("John Guttag", "1")],
        [],
        footnote=[
            ("1", "MIT CSAIL, Cambridge, MA, USA"),
            ("2", "MosaicML, San Francisco, CA, USA. Correspondence to: Davis Blalock <d@b.c>."),
        ],
    )
    answers = marked_affiliations(first_page_lines(pdf), ["Davis Blalock", "John Guttag"])
    assert answers == [
        Answer(
            "Davis Blalock", ("MIT CSAIL, Cambridge, MA, USA", "MosaicML, San Francisco, CA, USA")
        ),
        Answer("John Guttag", ("MIT CSAIL, Cambridge, MA, USA",)),
    ]


def test_a_file_that_is_not_a_pdf_is_a_source_error() -> None:
    with pytest.raises(SourceError, match=r"^arXiv PDF: sent a file that is not a readable PDF"):
        first_page_lines(b"<html>Access denied</html>")


def pages(clock: FakeClock) -> ArxivPages:
    return ArxivPages(
        session=PoliteSession(retries=0, timeout=2), sleep=clock.sleep, clock=clock.monotonic
    )


def test_arxiv_pages_are_three_seconds_apart_and_a_missing_page_is_none(
    http: responses.RequestsMock,
) -> None:
    http.add(responses.GET, re.compile(r"https://arxiv\.org/html/.*"), status=404)
    http.add(responses.GET, "https://arxiv.org/pdf/2109.08591v1", body=b"%PDF-1.4")
    clock = FakeClock()
    reader = pages(clock)
    assert reader.get("/html/2109.08591v1") is None
    clock.now += 1.0  # a second of other work: two more to wait
    response = reader.get("/pdf/2109.08591v1")
    assert response is not None
    assert response.content == b"%PDF-1.4"
    assert clock.sleeps == [2.0]


def test_a_refusal_names_the_setting(http: responses.RequestsMock) -> None:
    http.add(responses.GET, "https://arxiv.org/html/2109.08591v1", status=403)
    with pytest.raises(SourceError) as caught:
        pages(FakeClock()).get("/html/2109.08591v1")
    assert str(caught.value) == (
        "arXiv pages: refused the request (HTTP 403) for /html/2109.08591v1; "
        "check [sources.arxiv_pages] base_url in readinggroup.toml"
    )


def test_the_html_and_pdf_sources_ask_the_versioned_pages(http: responses.RequestsMock) -> None:
    # the ConvMLP page under ids of 2024, when arXiv renders HTML
    http.add(
        responses.GET,
        "https://arxiv.org/html/2402.04454v2",
        body=HTML_PAGES["2109.04454v2"].read_bytes(),
        content_type="text/html; charset=utf-8",
    )
    http.add(responses.GET, re.compile(r"https://arxiv\.org/(html|pdf)/.*"), status=404)
    paper = Paper(id="2402.04454", version=2, authors=CONVMLP)
    other = Paper(id="2402.08591", version=1, authors=("Niv Haim",))
    clock = FakeClock()
    found = ArxivHtmlSource(pages(clock)).lookup([paper, other])
    assert dict(found) == {paper.id: [Answer(name, BOTH) for name in CONVMLP]}
    assert PdfFirstPageSource(pages(clock)).lookup([other]) == {}
    assert [call.request.url for call in http.calls] == [
        "https://arxiv.org/html/2402.04454v2",
        "https://arxiv.org/html/2402.08591v1",
        "https://arxiv.org/pdf/2402.08591v1",
    ]


@pytest.mark.parametrize(
    ("paper", "has_page"),
    [
        (Paper(id="2311.99999", version=1), False),  # November 2023: never converted
        (Paper(id="2312.00001", version=1), True),  # the first month arXiv renders
        (Paper(id="2109.04454", version=2), False),
        (Paper(id="0704.0001"), False),  # the first new-style id
        (Paper(id="hep-th/9901001"), False),  # old-style ids are from 2007 or before
        (Paper(id="2501.12345"), True),
    ],
)
def test_html_pages_exist_for_papers_submitted_from_december_2023(
    paper: Paper, has_page: bool
) -> None:
    assert may_have_html_page(paper) is has_page


def test_no_html_page_is_asked_for_a_paper_submitted_before_december_2023(
    http: responses.RequestsMock,
) -> None:
    clock = FakeClock()
    old = Paper(id="2311.04454", version=2, authors=CONVMLP)
    assert ArxivHtmlSource(pages(clock)).lookup([old]) == {}
    assert len(http.calls) == 0  # an unregistered request would have failed the test
    assert clock.sleeps == []
