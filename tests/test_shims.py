"""The private library API readinggroup relies on (adapters/shims.py) is still there.

Each check names the attribute, so an upgrade of ``arxiv`` or ``deepl`` that removes it fails
here, loudly, instead of in a user's fetch.
"""

from __future__ import annotations

import inspect

import pytest
import requests

from readinggroup.adapters import shims


def test_arxiv_client_keeps_the_page_reader_the_shim_calls() -> None:
    import arxiv

    for name, params in (
        ("_format_url", ["self", "search", "start", "page_size"]),
        ("_parse_feed", ["self", "url", "first_page", "_try_index"]),
    ):
        method = getattr(arxiv.Client, name, None)
        assert method is not None, f"arxiv.Client.{name} is gone: update adapters/shims.py"
        assert list(inspect.signature(method).parameters) == params, (
            f"arxiv.Client.{name} changed its parameters: update adapters/shims.py"
        )


def test_arxiv_client_takes_our_session_and_address() -> None:
    import arxiv

    session = requests.Session()
    client = shims.arxiv_client(session, base_url="http://127.0.0.1:9/api/query", delay_seconds=0)
    assert isinstance(client, arxiv.Client)
    assert client._session is session, "arxiv.Client no longer reads self._session"
    url = shims.arxiv_page_url(client, ["2109.04454", "1707.08567"])
    assert url.startswith("http://127.0.0.1:9/api/query?")
    assert "id_list=2109.04454%2C1707.08567" in url
    assert "max_results=2" in url


def test_arxiv_warnings_are_collected_not_printed(capsys: pytest.CaptureFixture[str]) -> None:
    import logging

    with shims._arxiv_warnings() as warnings:
        logging.getLogger("arxiv._feed").warning("Malformed feed; consider handling: %s", "x")
    assert warnings == ["Malformed feed; consider handling: x"]
    assert capsys.readouterr().err == ""


def test_deepl_client_keeps_its_session() -> None:
    import deepl

    client = deepl.DeepLClient("fake-key:fx", server_url="http://127.0.0.1:9/")
    assert isinstance(shims.deepl_session(client), requests.Session), (
        "deepl.DeepLClient._client._session is gone: update adapters/shims.py"
    )
