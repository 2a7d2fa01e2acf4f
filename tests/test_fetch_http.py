"""The shared HTTP policy over a real socket (a server on 127.0.0.1): Retry-After, timeouts,
cut-off transfers and the response cache. Pauses are recorded, never slept."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
import requests

from readinggroup.adapters.transport.json_answers import request_json, unexpected_shape
from readinggroup.adapters.transport.sessions import (
    PoliteSession,
    cached_session,
    forget_cached_responses,
)
from readinggroup.errors import SourceError
from tests.local_server import LocalServer

Reply = Callable[[BaseHTTPRequestHandler], None]


def same(answer: object) -> object:
    return answer


@dataclass
class Server:
    """Answers each request with the next reply (the last one repeats)."""

    replies: list[Reply]
    url: str = ""
    paths: list[str] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)


def send(status: int, body: bytes, content_type: str = "application/json", **headers: str) -> Reply:
    def reply(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            handler.send_header(name.replace("_", "-"), value)
        handler.end_headers()
        handler.wfile.write(body)

    return reply


@pytest.fixture
def server() -> Iterator[Server]:
    state = Server(replies=[])
    release = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            index = min(len(state.paths), len(state.replies) - 1)
            state.paths.append(self.path)
            state.headers.append(dict(self.headers))
            reply = state.replies[index]
            if reply is hang:
                release.wait(5)  # until the test is over: the client must give up first
                return
            reply(self)

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = LocalServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    yield state
    release.set()
    httpd.shutdown()
    httpd.server_close()


def hang(handler: BaseHTTPRequestHandler) -> None:
    """A marker (compared by identity): the server keeps the request without answering."""
    raise AssertionError("never called")


def cut_off(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", "1000")
    handler.end_headers()
    handler.wfile.write(b'{"hits": [')
    handler.close_connection = True


def test_retry_after_is_honoured(server: Server) -> None:
    pauses: list[float] = []
    server.replies = [send(429, b"{}", Retry_After="7"), send(200, b'{"ok": true}')]
    answer = request_json(
        PoliteSession(retries=3, backoff=0, sleep=pauses.append),
        server.url + "/x",
        service="S",
        parse=same,
    )
    assert answer == {"ok": True}
    assert pauses == [7.0]


def test_a_server_that_never_answers_times_out(server: Server) -> None:
    server.replies = [hang]
    session = PoliteSession(retries=1, backoff=0, timeout=0.05)
    with pytest.raises(SourceError) as caught:
        request_json(session, server.url + "/x", service="Slow service", parse=same)
    assert str(caught.value) == (
        "Slow service: no answer in time (timed out); check the network and run again"
    )
    assert len(server.paths) == 2  # asked again once before giving up


def test_a_transfer_cut_off_midway_is_one_sentence(server: Server) -> None:
    server.replies = [cut_off]
    with pytest.raises(SourceError) as caught:
        request_json(PoliteSession(retries=0), server.url + "/x", service="Cut service", parse=same)
    assert str(caught.value) == (
        "Cut service: sent an answer that was cut off before its end; check the network and run "
        "again"
    )


def test_nothing_listens_is_one_sentence() -> None:
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}/x"
    with pytest.raises(SourceError) as caught:
        request_json(PoliteSession(retries=0), url, service="Gone", parse=same)
    assert str(caught.value) == (
        "Gone: could not connect (network down or address wrong); check the network and run again"
    )


def test_answers_are_reused_until_forgotten(server: Server, tmp_path: Path) -> None:
    server.replies = [send(200, b'{"n": 1}')]
    first = request_json(cached_session(tmp_path), server.url + "/a?p=0", service="S", parse=same)
    again = request_json(cached_session(tmp_path), server.url + "/a?p=0", service="S", parse=same)
    assert first == again == {"n": 1}
    assert len(server.paths) == 1
    forget_cached_responses(tmp_path)
    request_json(cached_session(tmp_path), server.url + "/a?p=0", service="S", parse=same)
    assert len(server.paths) == 2


@pytest.mark.parametrize(
    "broken",
    [
        send(200, b"<html><body>maintenance</body></html>", "text/html"),
        send(200, b'{"hits": ['),
        send(500, b"{}"),
    ],
)
def test_a_broken_answer_is_not_reused(server: Server, tmp_path: Path, broken: Reply) -> None:
    server.replies = [broken, send(200, b'{"n": 2}')]
    with pytest.raises(SourceError):
        request_json(
            cached_session(tmp_path, retries=0), server.url + "/b", service="S", parse=same
        )
    answer = request_json(
        cached_session(tmp_path, retries=0), server.url + "/b", service="S", parse=same
    )
    assert answer == {"n": 2}


def test_an_api_key_never_reaches_the_cache_file(server: Server, tmp_path: Path) -> None:
    server.replies = [send(200, json.dumps({"data": []}).encode())]
    session = cached_session(tmp_path)
    request_json(
        session, server.url + "/c", service="S", headers={"x-api-key": "SECRET-S2-KEY"}, parse=same
    )
    assert server.headers[0]["x-api-key"] == "SECRET-S2-KEY"
    session.close()
    stored = b"".join(path.read_bytes() for path in tmp_path.iterdir())
    assert stored  # the answer was written …
    assert b"SECRET-S2-KEY" not in stored  # … without the key


def test_forgetting_an_absent_cache_raises_nothing_and_touches_nothing_else(
    tmp_path: Path,
) -> None:
    (tmp_path / "notes.txt").write_text("mine", "utf-8")
    forget_cached_responses(tmp_path)  # a folder without a cache
    forget_cached_responses(tmp_path / "nowhere")  # no folder at all
    assert [path.name for path in tmp_path.iterdir()] == ["notes.txt"]
    assert (tmp_path / "notes.txt").read_text("utf-8") == "mine"


def test_a_plain_session_without_cache_still_explains(server: Server) -> None:
    server.replies = [send(200, b"not json")]
    with pytest.raises(SourceError, match=r"^S: sent an answer that is not JSON; try again later$"):
        request_json(requests.Session(), server.url + "/d", service="S", parse=same)


def test_an_answer_of_the_wrong_shape_is_not_reused(server: Server, tmp_path: Path) -> None:
    server.replies = [send(200, b'{"hits": "moved"}'), send(200, b'{"hits": []}')]

    def hits(answer: object) -> list[object]:
        if not isinstance(answer, dict) or not isinstance(answer.get("hits"), list):
            raise unexpected_shape("S", "no list of hits")
        return list(answer["hits"])

    with pytest.raises(
        SourceError, match=r"^S: answered in an unexpected shape \(no list of hits\)"
    ):
        request_json(cached_session(tmp_path), server.url + "/e", service="S", parse=hits)
    assert request_json(cached_session(tmp_path), server.url + "/e", service="S", parse=hits) == []
    assert len(server.paths) == 2


def test_a_compressed_answer_is_read(server: Server) -> None:
    import gzip

    body = gzip.compress(b'{"hits": [1, 2, 3]}')
    server.replies = [send(200, body, Content_Encoding="gzip")]
    answer = request_json(PoliteSession(retries=0), server.url + "/gz", service="S", parse=same)
    assert answer == {"hits": [1, 2, 3]}


def test_an_answer_trickled_past_its_deadline_is_cut_off(server: Server) -> None:
    def trickle(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", "100")
        handler.end_headers()
        for _ in range(100):
            handler.wfile.write(b" ")
            handler.wfile.flush()
            if release_wait(handler, 0.05):
                return

    server.replies = [trickle]
    session = PoliteSession(retries=3, timeout=1.0, deadline=0.3, sleep=lambda _: None)
    with pytest.raises(SourceError) as caught:
        request_json(session, server.url + "/slow", service="Slow", parse=same)
    assert str(caught.value) == (
        "Slow: sent its answer too slowly (the answer took longer than 0.3 s); check the network "
        "and run again"
    )
    assert len(server.paths) == 1  # a trickling server is not asked again


def release_wait(handler: BaseHTTPRequestHandler, seconds: float) -> bool:
    """Sleep between trickled bytes; True once the client has gone."""
    import time

    time.sleep(seconds)
    try:
        handler.wfile.flush()
    except OSError:
        return True
    return False


def test_a_chunked_answer_is_read(server: Server) -> None:
    def chunked(handler: BaseHTTPRequestHandler) -> None:
        handler.protocol_version = "HTTP/1.1"
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        for part in (b'{"hits": ', b"[1, 2", b", 3]}"):
            handler.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
        handler.wfile.write(b"0\r\n\r\n")
        handler.close_connection = True

    server.replies = [chunked]
    answer = request_json(PoliteSession(retries=0), server.url + "/ch", service="S", parse=same)
    assert answer == {"hits": [1, 2, 3]}
