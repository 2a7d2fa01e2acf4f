"""arXiv ids: every written form of every kind of id names the same paper (property tests)."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from readinggroup.errors import InputError
from readinggroup.ids import ArxivRef, find_arxiv_ref, parse_arxiv_ref


@st.composite
def new_style_ids(draw: st.DrawFn) -> str:
    """``YYMM.NNNN`` (2007-04 to 2014) or ``YYMM.NNNNN`` (from 2015)."""
    year = draw(st.integers(min_value=7, max_value=40))
    month = draw(st.integers(min_value=4 if year == 7 else 1, max_value=12))
    digits = 4 if year < 15 else 5
    number = draw(st.integers(min_value=1, max_value=10**digits - 1))
    return f"{year:02d}{month:02d}.{number:0{digits}d}"


@st.composite
def old_style_ids(draw: st.DrawFn) -> str:
    """``archive(.CLASS)/YYMMNNN`` from before 2007-04: ``hep-th/9901001``, ``math.GT/0309136``."""
    archive = draw(
        st.sampled_from(
            ["hep-th", "hep-ph", "hep-lat", "astro-ph", "cond-mat", "gr-qc", "quant-ph", "math-ph",
             "nlin", "math.GT", "math.AG", "cs.LG", "cs.AI", "physics"]
        )
    )  # fmt: skip
    year = draw(st.sampled_from([91, 92, 95, 98, 99, 0, 1, 3, 5, 6]))
    month = draw(st.integers(min_value=1, max_value=12))
    number = draw(st.integers(min_value=1, max_value=999))
    return f"{archive}/{year:02d}{month:02d}{number:03d}"


ids = st.one_of(new_style_ids(), old_style_ids())
versions = st.one_of(st.none(), st.integers(min_value=1, max_value=40))


def with_version(paper_id: str, version: int | None) -> str:
    return paper_id if version is None else f"{paper_id}v{version}"


# Every way a person or a service writes a paper's id or link; {} is the (versioned) id.
LINK_FORMS = [
    "{}",
    "  {}\t",
    "arXiv:{}",
    "arxiv:{}",
    "https://arxiv.org/abs/{}",
    "http://arxiv.org/abs/{}",
    "https://arxiv.org/abs/{}/",
    "https://www.arxiv.org/abs/{}",
    "https://export.arxiv.org/abs/{}",
    "arxiv.org/abs/{}",
    "https://arxiv.org/pdf/{}",
    "https://arxiv.org/pdf/{}.pdf",
    "https://arxiv.org/html/{}",
    "https://arxiv.org/abs/{}?context=cs",
    "https://arxiv.org/abs/{}#S2",
]
DOI_FORMS = [
    "10.48550/arXiv.{}",
    "10.48550/ARXIV.{}",
    "https://doi.org/10.48550/arXiv.{}",
    "https://dx.doi.org/10.48550/arXiv.{}",
]


@given(paper_id=ids, version=versions, form=st.sampled_from(LINK_FORMS))
@example(paper_id="2109.04454", version=2, form="https://arxiv.org/pdf/{}.pdf")
@example(paper_id="hep-th/9901001", version=None, form="{}")
@example(paper_id="math.GT/0309136", version=1, form="arXiv:{}")
def test_every_link_form_names_the_same_paper(
    paper_id: str, version: int | None, form: str
) -> None:
    assert parse_arxiv_ref(form.format(with_version(paper_id, version))) == ArxivRef(
        paper_id, version
    )


@given(paper_id=ids, form=st.sampled_from(DOI_FORMS))
@example(paper_id="2109.04454", form="10.48550/arXiv.{}")
def test_arxiv_dois_name_the_paper_without_a_version(paper_id: str, form: str) -> None:
    assert parse_arxiv_ref(form.format(paper_id)) == ArxivRef(paper_id)


@given(paper_id=ids, version=versions)
def test_the_versioned_form_round_trips(paper_id: str, version: int | None) -> None:
    ref = ArxivRef(paper_id, version)
    assert parse_arxiv_ref(ref.versioned) == ref
    assert parse_arxiv_ref(f"https://arxiv.org/abs/{ref.versioned}") == ref


@given(paper_id=new_style_ids(), version=st.integers(min_value=1, max_value=40))
def test_versions_of_one_paper_share_its_identity(paper_id: str, version: int) -> None:
    assert parse_arxiv_ref(f"{paper_id}v{version}").id == parse_arxiv_ref(paper_id).id


@given(month=st.sampled_from(["00", "13", "20", "99"]), number=st.integers(1, 99999))
def test_impossible_months_are_refused(month: str, number: int) -> None:
    with pytest.raises(InputError, match="is not an arXiv id"):
        parse_arxiv_ref(f"21{month}.{number:05d}")


# One fixed paper in every written form, so each form is checked on every run (the property
# tests above draw forms at random).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("2109.04454", ArxivRef("2109.04454"), id="bare"),
        pytest.param("2109.04454v2", ArxivRef("2109.04454", 2), id="versioned"),
        pytest.param("1501.00001v10", ArxivRef("1501.00001", 10), id="two-digit-version"),
        pytest.param("0704.0001", ArxivRef("0704.0001"), id="first-new-style"),
        pytest.param("hep-th/9901001v3", ArxivRef("hep-th/9901001", 3), id="old-style"),
        pytest.param("math.GT/0309136", ArxivRef("math.GT/0309136"), id="old-with-class"),
        pytest.param("ARXIV:2109.04454", ArxivRef("2109.04454"), id="upper-prefix"),
        pytest.param("arxiv.org/abs/2109.04454", ArxivRef("2109.04454"), id="no-scheme"),
        pytest.param("www.arxiv.org/abs/2109.04454", ArxivRef("2109.04454"), id="www-no-scheme"),
        pytest.param("WWW.arXiv.org/pdf/2109.04454v1", ArxivRef("2109.04454", 1), id="www-caps"),
        pytest.param(
            "https://export.arxiv.org/abs/2109.04454", ArxivRef("2109.04454"), id="subdomain"
        ),
        pytest.param("HTTPS://ARXIV.ORG/abs/2109.04454", ArxivRef("2109.04454"), id="caps-url"),
        pytest.param("https://arxiv.org/format/2109.04454", ArxivRef("2109.04454"), id="format"),
        pytest.param(
            "https://arxiv.org/pdf/hep-th/9901001v1.pdf",
            ArxivRef("hep-th/9901001", 1),
            id="old-style-pdf",
        ),
        pytest.param(
            "https://doi.org/10.48550/arXiv.2109.04454", ArxivRef("2109.04454"), id="doi-url"
        ),
    ],
)
def test_each_written_form_names_its_paper(text: str, expected: ArxivRef) -> None:
    assert parse_arxiv_ref(text) == expected


@pytest.mark.parametrize(
    ("ref", "versioned"),
    [
        pytest.param(ArxivRef("2109.04454"), "2109.04454", id="no-version"),
        pytest.param(ArxivRef("2109.04454", 2), "2109.04454v2", id="version"),
        pytest.param(ArxivRef("hep-th/9901001", 1), "hep-th/9901001v1", id="old-style"),
    ],
)
def test_the_versioned_form_is_what_arxiv_links(ref: ArxivRef, versioned: str) -> None:
    assert ref.versioned == versioned


_NOT_AN_ID = "is not an arXiv id; write it like 2109.04454, 2109.04454v2 or hep-th/9901001"
_NOT_A_LINK = "is not an arXiv link; use an arxiv.org/abs/… URL"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("abc", f"'abc' {_NOT_AN_ID}", id="word"),
        pytest.param("", f"'' {_NOT_AN_ID}", id="empty"),
        pytest.param("  2109.123 ", f"'2109.123' {_NOT_AN_ID}", id="three-digits"),
        pytest.param("2109.04454v0", f"'2109.04454v0' {_NOT_AN_ID}", id="version-zero"),
        pytest.param("2109.04454v", f"'2109.04454v' {_NOT_AN_ID}", id="version-empty"),
        pytest.param("2109.044541", f"'2109.044541' {_NOT_AN_ID}", id="six-digits"),
        pytest.param("2100.04454", f"'2100.04454' {_NOT_AN_ID}", id="month-00"),
        pytest.param("2113.04454", f"'2113.04454' {_NOT_AN_ID}", id="month-13"),
        pytest.param("hep-th/990100", f"'hep-th/990100' {_NOT_AN_ID}", id="old-six-digits"),
        pytest.param("hep-th/9900001", f"'hep-th/9900001' {_NOT_AN_ID}", id="old-month-00"),
        pytest.param("hep-th/9913001", f"'hep-th/9913001' {_NOT_AN_ID}", id="old-month-13"),
        pytest.param("hep-th/9920001", f"'hep-th/9920001' {_NOT_AN_ID}", id="old-month-20"),
        pytest.param("HEP-TH/9901001", f"'HEP-TH/9901001' {_NOT_AN_ID}", id="old-caps-archive"),
        pytest.param("math.gt/0309136", f"'math.gt/0309136' {_NOT_AN_ID}", id="old-lower-class"),
        pytest.param("doi:2109.04454", f"'doi:2109.04454' {_NOT_AN_ID}", id="other-prefix"),
        pytest.param(
            "https://example.org/abs/2109.04454",
            f"'https://example.org/abs/2109.04454' {_NOT_A_LINK}",
            id="other-host",
        ),
        pytest.param(
            "https://notarxiv.org/abs/2109.04454",
            f"'https://notarxiv.org/abs/2109.04454' {_NOT_A_LINK}",
            id="host-ending-in-arxiv",
        ),
        pytest.param(
            "https://arxiv.org.example/abs/2109.04454",
            f"'https://arxiv.org.example/abs/2109.04454' {_NOT_A_LINK}",
            id="host-starting-with-arxiv",
        ),
        pytest.param(
            "https://arxiv.org/list/cs.LG/recent",
            f"'https://arxiv.org/list/cs.LG/recent' {_NOT_A_LINK}",
            id="listing-page",
        ),
        pytest.param(
            "https://alphaxiv.org/abs/2109.04454",
            f"'https://alphaxiv.org/abs/2109.04454' {_NOT_A_LINK}",
            id="alphaxiv",
        ),
        pytest.param(
            "file:///abs/2109.04454", f"'file:///abs/2109.04454' {_NOT_A_LINK}", id="no-host"
        ),
        pytest.param(
            "https://github.com/example/arxiv.org-mirror",
            f"'https://github.com/example/arxiv.org-mirror' {_NOT_A_LINK}",
            id="arxiv-in-path",
        ),
        pytest.param(
            "https://arxiv.org/abs/not-an-id",
            f"'https://arxiv.org/abs/not-an-id' {_NOT_AN_ID}",
            id="link-without-id",
        ),
    ],
)
def test_what_is_not_an_id_is_named_in_the_error(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_arxiv_ref(text)
    assert str(caught.value) == message


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_any_text_parses_or_fails_with_input_error(text: str) -> None:
    try:
        ref = parse_arxiv_ref(text)
    except InputError as err:
        message = str(err)
        assert "is not an arXiv" in message
    else:
        assert parse_arxiv_ref(ref.versioned) == ref


@pytest.mark.parametrize(
    ("ref", "month"),
    [
        (ArxivRef("2109.04454"), (2021, 9)),
        (ArxivRef("0704.0001", 2), (2007, 4)),
        (ArxivRef("hep-th/9901001"), None),  # old style: its month is not read from the id
    ],
)
def test_a_new_style_id_names_the_month_it_was_first_submitted(
    ref: ArxivRef, month: tuple[int, int] | None
) -> None:
    assert ref.first_month == month


def test_a_page_address_carries_the_version_under_the_base() -> None:
    ref = ArxivRef("2109.04454", 2)
    assert ref.page("abs") == "https://arxiv.org/abs/2109.04454v2"
    assert ref.page("pdf", "http://127.0.0.1:8000/") == "http://127.0.0.1:8000/pdf/2109.04454v2"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("http://arxiv.org/abs/2109.04454v1", ArxivRef("2109.04454", 1)),
        ("not an id", None),
    ],
)
def test_finding_a_ref_in_text_says_none_instead_of_raising(
    text: str, found: ArxivRef | None
) -> None:
    assert find_arxiv_ref(text) == found


def test_a_text_up_to_sixty_characters_is_named_whole_a_longer_one_abbreviated() -> None:
    sixty = "x" * 60
    with pytest.raises(InputError) as caught:
        parse_arxiv_ref(sixty)
    assert str(caught.value) == f"'{sixty}' {_NOT_AN_ID}"
    longer = "abcdefghij" * 6 + "k"
    with pytest.raises(InputError) as caught:
        parse_arxiv_ref(longer)
    assert str(caught.value) == f"'{longer[:40]}… (61 characters)' {_NOT_AN_ID}"


@pytest.mark.parametrize(
    ("text", "bare"),
    [("2109.04454v12345", "2109.04454"), ("hep-th/9901001v12345", "hep-th/9901001")],
)
def test_a_version_of_five_digits_is_refused_naming_the_id_without_it(text: str, bare: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_arxiv_ref(text)
    assert str(caught.value) == (
        f"'{text}' has a version of 5 digits, which no arXiv paper has; write the id without it "
        f"({bare}) or with its real version"
    )


def test_a_version_of_four_digits_is_still_a_version() -> None:
    assert parse_arxiv_ref("2109.04454v1234") == ArxivRef("2109.04454", 1234)


def test_only_the_base_s_trailing_slashes_are_dropped_from_a_page_address() -> None:
    ref = ArxivRef("2109.04454", 2)
    assert ref.page("abs", "http://mirror.example/ARXIV//") == (
        "http://mirror.example/ARXIV/abs/2109.04454v2"
    )
