"""The ``file`` source: a pasted list of arXiv ids and links, in order."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from readinggroup.adapters.sources.file_list import FileSource, parse_list_file
from readinggroup.errors import InputError
from readinggroup.ids import ArxivRef
from readinggroup.months import Month, Window

SEPTEMBER = Window(date(2021, 9, 1), date(2021, 9, 30))
LIST = """\
# Editor's picks for 2021-10
2109.04454v2            # ConvMLP
https://arxiv.org/abs/2109.00301#S3

  arXiv:2109.08668\t# a tab before the comment
https://arxiv.org/pdf/2109.04454v2.pdf   # a repeat: the first place counts
10.48550/arXiv.2106.10860
hep-th/9901001#not-a-comment-but-part-of-nothing
"""


def test_order_comments_blank_lines_and_repeats() -> None:
    text = LIST.replace("hep-th/9901001#not-a-comment-but-part-of-nothing", "hep-th/9901001")
    refs = [candidate.ref for candidate in parse_list_file(text, Path("picks.txt"))]
    assert refs == [
        ArxivRef("2109.04454", 2),
        ArxivRef("2109.00301"),  # the # inside the link is its fragment, not a comment
        ArxivRef("2109.08668"),
        ArxivRef("2106.10860"),
        ArxivRef("hep-th/9901001"),
    ]
    assert all(candidate.score is None for candidate in parse_list_file(text, Path("p")))


def test_a_bad_line_is_reported_with_its_number() -> None:
    with pytest.raises(InputError) as caught:
        parse_list_file(LIST, Path("lists/2021-10-picks.txt"))
    assert str(caught.value) == (
        "lists/2021-10-picks.txt, line 8: 'hep-th/9901001#not-a-comment-but-part-of-nothing' is "
        "not an arXiv id; write it like 2109.04454, 2109.04454v2 or hep-th/9901001"
    )


def test_reads_the_month_file_and_cuts_to_the_limit(tmp_path: Path) -> None:
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "2021-10-picks.txt").write_text("2109.04454\n2109.00301\n2109.08668\n")
    source = FileSource("lists/{meeting}-picks.txt", tmp_path)
    ranked = source.rank(month=Month(2021, 10), window=SEPTEMBER, limit=2)
    assert [candidate.ref.id for candidate in ranked] == ["2109.04454", "2109.00301"]


def test_a_missing_file_says_how_to_make_it(tmp_path: Path) -> None:
    source = FileSource("lists/{meeting}-picks.txt", tmp_path)
    with pytest.raises(InputError) as caught:
        source.rank(month=Month(2021, 10), window=SEPTEMBER, limit=10)
    assert str(caught.value) == (
        f"{tmp_path}/lists/2021-10-picks.txt: list file not found; create it with one arXiv id "
        "or URL per line"
    )


def test_an_empty_file_is_an_empty_list() -> None:
    assert parse_list_file("# nothing yet\n\n", Path("p")) == []
