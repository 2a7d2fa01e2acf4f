"""Markdown building blocks: any text stays literal text, any URL stays one link, as a
CommonMark parser (markdown-it-py, GFM tables) reads them."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readinggroup.post import markdown as md
from readinggroup.post.code_links import code_urls
from tests.months import blocks_after, inline_text, parse

# Markdown's syntax characters, a few letters, Japanese, a full-width space and line breaks.
# Entity references (`&amp;`) come in whole, as a paper's title may hold them.
TEXT = (
    st.lists(
        st.sampled_from([*"\\`*_[]()<>|~&#$!-+=.:;1 9aZ\n\t論文\u3000", "&amp;", "&#38;"]),
        min_size=1,
        max_size=40,
    )
    .map("".join)
    .filter(str.strip)  # text with something to show
)


def flat(text: str) -> str:
    return re.sub(r"[ \t\n]+", " ", text).strip()


@given(TEXT)
def test_any_text_is_one_paragraph_of_literal_text(text: str) -> None:
    tokens = parse(md.document([md.inline(text)]))
    assert [token.type for token in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    assert {child.type for child in tokens[1].children or []} <= {"text"}
    assert inline_text(tokens[1]) == flat(text)


@given(TEXT)
def test_any_text_is_a_heading_as_written(text: str) -> None:
    tokens = parse(md.heading(3, text))
    assert [token.type for token in tokens] == ["heading_open", "inline", "heading_close"]
    assert inline_text(tokens[1]) == flat(text)


@given(TEXT, TEXT)
def test_any_text_keeps_its_table_cell(first: str, second: str) -> None:
    tokens = parse(md.table(["a", "b"], [[md.inline(first), md.inline(second)]]))
    cells = blocks_after(tokens, "td_open")
    assert [inline_text(cell) for cell in cells] == [flat(first), flat(second)]


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("*Attention* is _all_ you need", r"\*Attention\* is \_all\_ you need"),
        ("# Not a heading", r"\# Not a heading"),
        ("C #", r"C \#"),
        ("Top recent #3", "Top recent #3"),
        ("A | B", r"A \| B"),
        ("[x](y)", r"\[x\](y)"),
        ("<b>bold</b>", r"\<b\>bold\</b\>"),
        ("R&D &amp; co", r"R&D \&amp; co"),
        ("1. first", r"1\. first"),
        ("- item", r"\- item"),
        ("行列\nの積", "行列 の積"),
    ],
)
def test_escapes_only_what_markdown_would_misread(text: str, written: str) -> None:
    assert md.inline(text) == written


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/x/y_(v2)",
        "https://en.wikipedia.org/wiki/Transformer_(machine_learning_model)",
        "https://example.org/a(b)c/d)",
        "https://arxiv.org/abs/2109.04454v2",
    ],
)
def test_a_url_with_parentheses_stays_one_link(url: str) -> None:
    tokens = parse(md.document([md.link("code (v2)", url)]))
    children = tokens[1].children or []
    assert [child.type for child in children] == ["link_open", "text", "link_close"]
    assert children[0].attrs["href"] == url
    assert children[1].content == "code (v2)"


@pytest.mark.parametrize(
    ("url", "href"),
    [
        ("https://github.com/x/y_(v2)", "https://github.com/x/y_(v2)"),
        ("https://example.org/a b", "https://example.org/a%20b"),
        ("https://example.org/<x>", "https://example.org/%3Cx%3E"),
    ],
)
def test_a_url_shown_as_itself_is_one_link(url: str, href: str) -> None:
    children = parse(md.document([md.url_link(url)]))[1].children or []
    assert [child.type for child in children] == ["link_open", "text", "link_close"]
    assert children[0].attrs["href"] == href
    assert children[1].content == url


def test_an_image_keeps_its_path_and_alt_text() -> None:
    tokens = parse(md.image("図：論文より引用 arXiv:2109.04454", "2021-10/2109.04454 (1).png"))
    image = (tokens[1].children or [])[0]
    assert image.type == "image"
    assert image.attrs["src"] == "2021-10/2109.04454%20(1).png"
    assert image.content == "図：論文より引用 arXiv:2109.04454"


@pytest.mark.parametrize(
    ("text", "urls"),
    [
        (
            "Code is available at https://github.com/SHI-Labs/Convolutional-MLPs.",
            ("https://github.com/SHI-Labs/Convolutional-MLPs",),
        ),
        (
            "(see https://github.com/x/y_(v2)), and https://gitlab.com/a/b;",
            ("https://github.com/x/y_(v2)", "https://gitlab.com/a/b"),
        ),
        ("コードはhttps://github.com/a/bで公開。", ("https://github.com/a/b",)),
        ("project page https://x.github.io/p and https://github.com/ only", ()),
        (
            "http://www.GitHub.com/a/b/ twice: https://github.com/a/b",
            ("http://www.GitHub.com/a/b/",),
        ),
    ],
)
def test_code_urls_are_cut_where_the_sentence_resumes(text: str, urls: tuple[str, ...]) -> None:
    assert code_urls([text]) == urls
