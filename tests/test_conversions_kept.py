"""LaTeX conversions kept in the cache folder between runs (conversions_kept.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readinggroup.conversions_kept import FILE, conversions_kept
from readinggroup.models import Paper
from readinggroup.text.readable import readable

TITLE = r"$\infty$-former: a title kept by a test"


def convert(cache: Path, title: str = TITLE) -> str:
    with conversions_kept(cache):
        return readable(Paper("2109.00001", title=title)).title


def test_a_conversion_is_kept_and_taken_next_time(tmp_path: Path) -> None:
    assert convert(tmp_path) == "∞-former: a title kept by a test"
    kept = json.loads((tmp_path / FILE).read_text("utf-8"))
    assert kept["conversions"][TITLE] == "∞-former: a title kept by a test"
    unseen = r"$\gamma$ never converted here"
    kept["conversions"][unseen] = "as an earlier run wrote it"
    (tmp_path / FILE).write_text(json.dumps(kept), "utf-8")
    assert convert(tmp_path, unseen) == "as an earlier run wrote it"  # taken, not converted


@pytest.mark.parametrize(
    "content", ["not json", "[]", '{"stamp": "another converter", "conversions": {}}', ""]
)
def test_an_unreadable_or_stale_file_is_ignored_and_replaced(tmp_path: Path, content: str) -> None:
    (tmp_path / FILE).write_text(content, "utf-8")
    title = rf"$\alpha$ read afresh ({len(content)})"
    assert convert(tmp_path, title) == f"α read afresh ({len(content)})"
    assert title in json.loads((tmp_path / FILE).read_text("utf-8"))["conversions"]


def test_a_run_that_fails_keeps_nothing(tmp_path: Path) -> None:
    def failing_run() -> None:
        with conversions_kept(tmp_path):
            readable(Paper("2109.00002", title=r"$\beta$ of a failed run"))
            raise RuntimeError("the render failed")

    with pytest.raises(RuntimeError):
        failing_run()
    assert not (tmp_path / FILE).exists()
