"""arXiv ids: every written form of every kind of id names the same paper (property tests)."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from readinggroup.errors import InputError
from readinggroup.ids import ArxivRef, parse_arxiv_ref


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


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc", "'abc' is not an arXiv id; write it like 2109.04454"),
        ("2109.123", "'2109.123' is not an arXiv id"),
        ("2109.04454v0", "'2109.04454v0' is not an arXiv id"),
        ("2109.044541", "'2109.044541' is not an arXiv id"),
        ("hep-th/990100", "'hep-th/990100' is not an arXiv id"),
        ("https://example.org/abs/2109.04454", "is not an arXiv link"),
        ("https://arxiv.org/list/cs.LG/recent", "is not an arXiv link"),
        ("https://alphaxiv.org/abs/2109.04454", "is not an arXiv link"),
        ("https://github.com/example/arxiv.org-mirror", "is not an arXiv link"),
        ("", "'' is not an arXiv id"),
    ],
)
def test_what_is_not_an_id_is_named_in_the_error(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(".", r"\.")):
        parse_arxiv_ref(text)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_any_text_parses_or_fails_with_input_error(text: str) -> None:
    try:
        ref = parse_arxiv_ref(text)
    except InputError as err:
        message = str(err)
        assert "is not an arXiv" in message
    else:
        assert parse_arxiv_ref(ref.versioned) == ref
