"""readinggroup.toml's problems name their line: found by parsing prefixes with tomllib."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic_core import ValidationError

from readinggroup.config_file import parse_config
from readinggroup.config_problems import describe_config_error, key_line

CONFIG = """\
title = "x"

[[lists]]
label = "A"
sources = [
  "hf",
  "hn",
]
size = 5

[[lists]]
label = "B"
sources = ["hn"]

[fonts]
latin = "Noto Sans"
"""


@pytest.mark.parametrize(
    ("location", "line"),
    [
        (("title",), 1),
        (("lists", 0), 3),
        (("lists", 0, "label"), 4),
        (("lists", 0, "sources"), 8),  # a value over several lines: where it is closed
        (("lists", 0, "size"), 9),
        (("lists", 1), 11),
        (("lists", 1, "label"), 12),
        (("lists", 1, "file"), 11),  # missing: the list that lacks it
        (("fonts", "latin"), 16),
        (("nothing",), None),
    ],
)
def test_a_key_is_found_on_its_line(location: tuple[str | int, ...], line: int | None) -> None:
    assert key_line(CONFIG, location) == line


def test_a_very_long_file_is_not_searched() -> None:
    """Each prefix is parsed: a file of thousands of lines would take seconds, so its problems
    are named without a line."""
    from readinggroup.config_problems import MAX_LINES_SEARCHED

    padding = "# a comment\n" * MAX_LINES_SEARCHED
    assert key_line(padding + CONFIG, ("title",)) is None
    assert key_line("# a comment\n" * (MAX_LINES_SEARCHED - 1) + 'title = "x"\n', ("title",)) == (
        MAX_LINES_SEARCHED
    )


def _problems(text: str) -> str:
    import tomllib

    with pytest.raises(ValidationError) as caught:
        parse_config(tomllib.loads(text))
    return describe_config_error(Path("readinggroup.toml"), text, caught.value)


def test_each_problem_has_its_own_line() -> None:
    text = CONFIG.replace("size = 5", "size = true").replace('latin = "Noto Sans"', "latn = 1")
    assert _problems(text) == (
        "readinggroup.toml, line 9: lists.0.size: must be a whole number of papers, not true; "
        "readinggroup.toml, line 16: fonts.latn: unknown key (a typo?); fix it and run again"
    )


def test_a_check_across_keys_is_put_on_the_key_it_names() -> None:
    text = CONFIG.replace('label = "B"', 'label = "A"')
    assert _problems(text) == (
        "readinggroup.toml, line 12: lists.1.label: 'A' names two lists (also lists.0); give "
        "each list its own label, the slides show it; fix it and run again"
    )


def test_a_problem_of_the_whole_file_has_no_line() -> None:
    text = 'summarizer = "llm"\n'
    assert _problems(text).startswith("readinggroup.toml: ")
