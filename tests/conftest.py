"""Offline by default: any HTTP or socket traffic a test did not plan fails at once."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import responses

from tests.fixtures.translate.fake_services import FakeTranslateServer

if TYPE_CHECKING:
    from tests.session_races import FakeClock

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--live", action="store_true", help="also run tests that talk to real services"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--live"):
        return
    skip = pytest.mark.skip(reason="talks to real services; run with --live")
    for item in items:
        if "live" in item.keywords:
            item.add_marker(skip)


_LOOPBACK = ("127.0.0.1", "::1", "localhost")


@pytest.fixture(autouse=True)
def _no_network(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Refuse every connection but loopback (local fake servers) unless the test is live."""
    if "live" in request.keywords:
        yield
        return
    real_connect = socket.socket.connect

    def guarded_connect(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else address
        if host not in _LOOPBACK and not (isinstance(host, str) and host.startswith("127.")):
            raise RuntimeError(f"test tried to reach the network ({address!r})")
        return real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket, "getaddrinfo", _loopback_only(socket.getaddrinfo))
    yield


def _loopback_only(real):  # type: ignore[no-untyped-def]
    def getaddrinfo(host, *args, **kwargs):  # type: ignore[no-untyped-def]
        if host not in _LOOPBACK and not str(host).startswith("127."):
            raise RuntimeError(f"test tried to resolve {host!r} (network is off in tests)")
        return real(host, *args, **kwargs)

    return getaddrinfo


# Every spelling requests and urllib read (lowercase wins over uppercase).
PROXY_VARIABLES = (
    *("http_proxy", "https_proxy", "all_proxy", "ftp_proxy", "no_proxy"),
    *("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "FTP_PROXY", "NO_PROXY"),
)
LOOPBACK_NO_PROXY = "127.0.0.1,127.0.0.0/8,localhost,::1"


@pytest.fixture(autouse=True)
def _no_proxy(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests do not depend on the machine's proxy: its variables are dropped (a company proxy
    would receive the requests meant for the local fake servers, and the guard above would
    see the proxy's loopback address instead of the real host), and loopback always bypasses
    a proxy a test sets itself. The product keeps honouring proxies (requests' trust_env);
    live tests keep the machine's settings."""
    if "live" in request.keywords:
        return
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", LOOPBACK_NO_PROXY)
    monkeypatch.setenv("NO_PROXY", LOOPBACK_NO_PROXY)


@pytest.fixture
def http() -> Iterator[responses.RequestsMock]:
    """Recorded HTTP answers; a request nobody registered raises ConnectionError at once."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.add_passthru("http://127.0.0.1")
        yield mock


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READINGGROUP_CACHE_DIR", str(tmp_path / "cache"))
    for secret in ("DEEPL_AUTH_KEY", "S2_API_KEY"):
        monkeypatch.delenv(secret, raising=False)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh working directory holding a copy of the shipped example session."""
    root = tmp_path / "work"
    (root / "sessions").mkdir(parents=True)
    example = REPO / "sessions" / "2021-10.yaml"
    (root / "sessions" / "2021-10.yaml").write_text(example.read_text("utf-8"), "utf-8")
    monkeypatch.chdir(root)
    return root


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """The CLI points the "readinggroup" logger at stderr; undo that so caplog works after it."""
    import logging

    logger = logging.getLogger("readinggroup")
    handlers, level, propagate = list(logger.handlers), logger.level, logger.propagate
    yield
    logger.handlers[:] = handlers
    logger.setLevel(level)
    logger.propagate = propagate


@pytest.fixture
def server() -> Iterator[FakeTranslateServer]:
    """A local fake of Google's mobile page and the DeepL API (tests/fixtures/translate)."""
    from tests.fixtures.translate.fake_services import serve

    yield from serve()


@pytest.fixture
def pauses() -> list[float]:
    """The backoff pauses a retry policy asked for, recorded instead of slept."""
    return []


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """The session's read, write and replaced code on a clock that moves only when they sleep
    (tests/session_races.py)."""
    from tests.session_races import FakeClock

    fake = FakeClock()
    for module in ("read", "write", "replaced"):
        monkeypatch.setattr(f"readinggroup.session.{module}.time", fake)
    return fake
