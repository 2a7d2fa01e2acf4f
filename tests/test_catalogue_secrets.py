"""Secrets: with every key variable set to a marker, a whole run at -vv (fetch through the
real services, DeepL translation, summaries, the deck) writes the marker nowhere: not in the
working folder, not in the caches, not on stdout or stderr."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from readinggroup.cli import cli
from tests.catalogue.fake_server import FakeServices, config_text

MARKER = "SECRET-MARKER-7f3a9c:fx"
KEYS = ("DEEPL_AUTH_KEY", "S2_API_KEY", "READINGGROUP_LLM_API_KEY")


def test_no_key_is_written_or_logged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in KEYS:
        monkeypatch.setenv(name, MARKER)
    # arXiv's 3 s between pages is for arxiv.org, not for the fake on this machine
    monkeypatch.setattr("readinggroup.adapters.affiliations.arxiv_pages.POLITE_DELAY", 0.0)
    cache = tmp_path / "cache"
    monkeypatch.setenv("READINGGROUP_CACHE_DIR", str(cache))
    fake = FakeServices(deepl_key=MARKER)
    root = tmp_path / "work"
    root.mkdir()
    with fake.running():
        url = fake.base_url
        config = config_text(url, head='translator = "deepl"\nsummarizer = "llm"')
        # alphaXiv counts its window back from the real today: left out here
        config = config.replace('sources = ["hn", "alphaxiv"]', 'sources = ["hn"]')
        (root / "readinggroup.toml").write_text(config, "utf-8")
        result = CliRunner().invoke(cli, ["-vv", "-C", str(root), "build", "2026-10"])
    assert result.exit_code == 0, result.stderr
    assert fake.counts["deepl"] > 0
    assert fake.counts["s2"] > 0
    assert fake.counts["llm"] > 0
    assert fake.counts["s2_batch"] > 0  # the affiliation lookup sent the S2 key too
    assert f"Bearer {MARKER}" in fake.authorizations  # the LLM key reached its endpoint only
    assert "GET" in result.stderr  # -vv logged the requests
    assert MARKER not in result.stdout + result.stderr
    written = [path for folder in (root, cache) for path in folder.rglob("*") if path.is_file()]
    assert any(path.suffix == ".pptx" for path in written)
    assert [path for path in written if MARKER.encode() in path.read_bytes()] == []
