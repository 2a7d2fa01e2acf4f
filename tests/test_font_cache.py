"""Font metrics kept in the cache folder, read back equal, and read afresh when fonts change."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from readinggroup.render import font_cache, metrics
from readinggroup.render.metrics import text_metrics
from tests.slide_checks import require_noto_sans

KEY = "Some Sans, Noto Sans CJK JP, regular"


def test_a_second_render_reads_the_kept_metrics_and_no_font_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_noto_sans()
    text_metrics.cache_clear()
    read = text_metrics("Noto Sans", "Noto Sans CJK JP", cache_dir=tmp_path)
    assert len(list((tmp_path / font_cache.FOLDER).glob("*.json"))) == 1

    def no_font_file(*args: object, **kwargs: object) -> None:
        raise AssertionError("a font file was read")

    monkeypatch.setattr(metrics, "_face", no_font_file)
    text_metrics.cache_clear()
    kept = text_metrics("Noto Sans", "Noto Sans CJK JP", cache_dir=tmp_path)
    text_metrics.cache_clear()
    assert dict(kept.latin.widths) == dict(read.latin.widths)
    assert kept.latin.line_height == read.latin.line_height
    assert kept.east_asian_line_height == read.east_asian_line_height


def test_an_entry_is_stale_once_its_font_file_or_fontconfig_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    font = tmp_path / "Some-Regular.ttf"
    font.write_bytes(b"glyphs")
    font_cache.store(tmp_path, KEY, [str(font)], {"line_height": 1.4})
    entry = font_cache.load(tmp_path, KEY)
    assert entry is not None
    assert entry["line_height"] == 1.4
    assert font_cache.load(tmp_path, "another pairing") is None

    stat = font.stat()
    os.utime(font, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert font_cache.load(tmp_path, KEY) is None

    font_cache.store(tmp_path, KEY, [str(font)], {"line_height": 1.4})
    monkeypatch.setattr(font_cache, "fontconfig_stamp", lambda: "fonts installed since")
    assert font_cache.load(tmp_path, KEY) is None


def test_a_cache_folder_that_cannot_be_written_only_costs_time(tmp_path: Path) -> None:
    blocked = tmp_path / "a file"  # where the cache folder should be
    blocked.write_text("not a folder", encoding="utf-8")
    font_cache.store(blocked, KEY, [], {"line_height": 1.4})  # raises nothing
    assert blocked.read_text(encoding="utf-8") == "not a folder"
    text_metrics.cache_clear()
    measured = text_metrics("Not Installed Sans", "Noto Sans CJK JP", cache_dir=blocked)
    text_metrics.cache_clear()
    fresh = text_metrics("Not Installed Sans", "Noto Sans CJK JP")
    text_metrics.cache_clear()
    assert dict(measured.latin.widths) == dict(fresh.latin.widths)  # measured all the same
    assert measured.latin.line_height == fresh.latin.line_height
    assert [path.name for path in tmp_path.iterdir()] == ["a file"]
