"""One local fake of every service (127.0.0.1, ephemeral port), answering from the recorded and
built fixtures, with faults queued per service for the fault catalogue.

Hugging Face and HN answer as ``bench/bench_fetch.py``'s LocalServices; Semantic Scholar and
alphaXiv from their built pages in ``tests/fixtures/sources``; arXiv in its recorded Atom format
(papers the ranking fixtures do not describe get a synthetic entry, ids in *unknown* none);
Google's mobile page and DeepL's JSON from ``tests/fixtures/translate``.
"""

from __future__ import annotations

import html
import json
import socket
import struct
import threading
import time
from collections import Counter, deque
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from bench.bench_fetch import _ATOM_FEED, LocalServices, _atom_entry

from tests.fixtures.translate.fake_services import (
    DEEPL_ANSWER,
    DEEPL_KEY,
    GOOGLE_PAGE,
    GOOGLE_SORRY,
    fake_japanese,
    send,
)
from tests.local_server import LocalServer

SOURCES = Path(__file__).resolve().parent.parent / "fixtures" / "sources"
S2_PAGES = [SOURCES / f"s2_search_bulk__2026-09__page{page}__built.json" for page in (0, 1)]
ALPHAXIV = SOURCES / "alphaxiv_papers_v3_feed__likes_30_days__built.json"
HTML_PAGE = b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>"
PATHS = {
    "/api/daily_papers": "hf",
    "/api/v1/search": "hn",
    "/graph/v1/paper/search/bulk": "s2",
    "/papers/v3/feed": "alphaxiv",
    "/api/query": "arxiv",
    "/m": "google",
    "/v2/translate": "deepl",
    "/v1/chat/completions": "llm",
    "/graph/v1/paper/batch": "s2_batch",
    "/works": "openalex",
}
LLM_SUMMARY = {
    "purpose": "言語モデルの推論を速くすること",
    "result": "推論が二倍に速くなった",
    "method": "注意機構の計算を省く手法",
    "names": "",
}
TRICKLE_PAUSE = 0.1  # seconds between the bytes of a trickled answer
ENDLESS_PAUSE = 0.01  # seconds between the 4 KB chunks of an answer that never ends
NOT_JSON = "Here is the summary you asked for: the paper is about speed."


def config_text(url: str, *, hf_url: str | None = None, head: str = 'translator = "google"') -> str:
    """A readinggroup.toml whose every service lives at *url* (hf at *hf_url* if given)."""
    return f"""\
{head}
[[lists]]
label = "Top recent"
sources = ["hf"]
size = 4
[[lists]]
label = "Top hype"
sources = ["hn", "alphaxiv"]
size = 4
[[lists]]
label = "Most cited"
sources = ["s2"]
size = 3
[sources.arxiv]
base_url = "{url}/api/query"
[sources.hf]
base_url = "{hf_url or url}"
[sources.hn]
base_url = "{url}"
[sources.s2]
base_url = "{url}"
[sources.alphaxiv]
base_url = "{url}"
[sources.openalex]
base_url = "{url}"
[sources.arxiv_pages]
base_url = "{url}"
[translators.google]
base_url = "{url}"
[translators.deepl]
base_url = "{url}"
[llm]
base_url = "{url}/v1"
model = "fake-model"
"""


@dataclass(frozen=True)
class Fault:
    """What one request gets instead of its answer.

    *kind*: ``status`` (*status*, *retry_after*), ``html`` (a web page, HTTP 200),
    ``truncated`` (half the body, then the connection closes), ``reset`` (a TCP reset before
    any answer), ``hang`` (no answer), ``trickle`` (the answer a byte at a time), ``endless``
    (an answer that never ends), ``empty`` (arXiv: a page that counts results and holds none),
    ``unchanged`` (the English back), ``not_json`` (the LLM: prose where JSON was asked for).
    """

    kind: str
    status: int = 200
    retry_after: str | None = None


@dataclass
class FakeServices:
    """The server's state: the faults waiting per service and the requests per service."""

    unknown: set[str] = field(default_factory=set)
    deepl_key: str = DEEPL_KEY
    hang_seconds: float = 5.0  # how long a "hang" holds its request (until the server stops)
    authorizations: list[str] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    # per service, the different requests (path, query and body): a retry of a request that
    # timed out on a loaded machine is one of them, a text asked again in a new run another
    asked: dict[str, set[str]] = field(default_factory=dict)
    base_url: str = ""
    _faults: dict[str, deque[Fault]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stop: threading.Event = field(default_factory=threading.Event)
    _local: LocalServices = field(default_factory=LocalServices)

    def fail(self, service: str, *faults: Fault, every: bool = False) -> None:
        """The next requests to *service* get *faults* in order (*every*: 50 times each)."""
        with self._lock:
            queue = self._faults.setdefault(service, deque())
            for fault in faults:
                queue.extend([fault] * (50 if every else 1))

    def distinct(self, service: str) -> int:
        """How many different requests *service* was sent (retries counted once)."""
        return len(self.asked.get(service, ()))

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()
            self.asked.clear()
        self.counts.clear()

    def _next(self, service: str) -> Fault | None:
        with self._lock:
            queue = self._faults.get(service)
            return queue.popleft() if queue else None

    def answer(self, service: str, query: dict[str, str], body: Any) -> tuple[int, str, bytes]:
        """The fault-free answer: status, content type, body."""
        if service in ("hf", "hn"):
            path = next(path for path, name in PATHS.items() if name == service)
            return self._local.answer(path, {key: [value] for key, value in query.items()})
        if service == "s2":
            page = S2_PAGES[1 if query.get("token") else 0]
            return 200, "application/json", page.read_bytes()
        if service == "alphaxiv":
            if query.get("pageNum", "0") != "0":
                return 200, "application/json", b'{"papers": []}'
            return 200, "application/json", ALPHAXIV.read_bytes()
        if service == "arxiv":
            return 200, "application/atom+xml; charset=utf-8", self._atom(query)
        if service == "google":
            text = query.get("q", "")
            result = "\n".join(fake_japanese(line) for line in text.split("\n"))
            page = GOOGLE_PAGE.replace("{source}", html.escape(text))
            return (
                200,
                "text/html; charset=UTF-8",
                page.replace("{result}", html.escape(result)).encode(),
            )
        if service == "llm":
            return 200, "application/json", _chat_answer(body)
        if service == "arxiv_pages":  # no HTML or PDF page: the affiliations stay unknown
            return 404, "text/html", b"<html>No such page</html>"
        if service == "openalex":
            return 200, "application/json", b'{"meta": {"next_cursor": null}, "results": []}'
        if service == "s2_batch":  # Semantic Scholar knows none of the papers
            ids = body.get("ids", []) if isinstance(body, dict) else []
            return 200, "application/json", json.dumps([None] * len(ids)).encode()
        texts = body.get("text", []) if isinstance(body, dict) else []
        template = DEEPL_ANSWER["translations"][0]
        answers = [{**template, "text": fake_japanese(text)} for text in texts]
        return 200, "application/json", json.dumps({"translations": answers}).encode()

    def _atom(self, query: dict[str, str], *, empty: bool = False) -> bytes:
        ids = [paper_id for paper_id in query.get("id_list", "").split(",") if paper_id]
        known = [paper_id for paper_id in ids if paper_id not in self.unknown]
        entries = "" if empty else "".join(_atom_entry(i, self._metadata(i)) for i in known)
        return _ATOM_FEED.format(
            updated="2026-10-05T00:00:00Z", total=len(known), entries=entries
        ).encode()

    def _metadata(self, paper_id: str) -> dict[str, Any]:
        known = self._local.metadata.get(paper_id)
        if known is not None:
            return known
        return {
            "title": f"A study of {paper_id}",
            "summary": f"We study the paper {paper_id}. It works well for language models.",
            "authors": ["Fixture Author"],
            "published": f"20{paper_id[:2]}-{paper_id[2:4]}-15T12:00:00Z",
        }

    @contextmanager
    def running(self) -> Iterator[FakeServices]:
        """Serve on a free port of 127.0.0.1 until the block ends."""
        server = _Server(("127.0.0.1", 0), _handler(self))
        server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{server.server_address[1]}"
        thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._stop.set()
            server.shutdown()
            server.server_close()


def _chat_answer(body: Any, content: str | None = None) -> bytes:
    """An OpenAI-compatible chat completion: a JSON array for a translation prompt (one
    fake Japanese line per English line), the summary object otherwise (*content* if given)."""
    messages = body.get("messages", []) if isinstance(body, dict) else []
    system = messages[0]["content"] if messages else ""
    user = messages[-1]["content"] if messages else ""
    if content is None and system.startswith("Translate"):
        try:
            lines = json.loads(user)
        except json.JSONDecodeError:
            lines = [user]
        content = json.dumps([fake_japanese(str(line)) for line in lines], ensure_ascii=False)
    elif content is None:
        content = json.dumps(LLM_SUMMARY, ensure_ascii=False)
    answer = {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 0,
        "model": body.get("model", "") if isinstance(body, dict) else "",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
    }
    return json.dumps(answer, ensure_ascii=False).encode()


_Server = LocalServer


def _handler(fake: FakeServices) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            self._serve(None)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            raw = self.rfile.read(length)
            try:
                body = json.loads(raw or b"{}")
            except json.JSONDecodeError:
                body = {key: values for key, values in parse_qs(raw.decode()).items()}
            self._serve(body)

        def _serve(self, body: Any) -> None:
            parts = urlsplit(self.path)
            service = next((name for path, name in PATHS.items() if parts.path.endswith(path)), "")
            if parts.path.startswith(("/html/", "/pdf/")):
                service = "arxiv_pages"
            if not service:
                self._send(404, "text/plain", b"not found")
                return
            if (
                service == "deepl"
                and self.headers.get("Authorization") != f"DeepL-Auth-Key {fake.deepl_key}"
            ):
                self._send(403, "application/json", b'{"message": "Forbidden"}')
                return
            fake.counts[service] += 1
            with fake._lock:
                fake.asked.setdefault(service, set()).add(f"{self.path} {body!r}")
            fake.authorizations.append(self.headers.get("Authorization", ""))
            query = {key: values[0] for key, values in parse_qs(parts.query).items()}
            fault = fake._next(service)
            if fault is None or fault.kind == "ok":
                self._send(*fake.answer(service, query, body))
                return
            self._fault(fault, service, query, body)

        def _fault(self, fault: Fault, service: str, query: dict[str, str], body: Any) -> None:
            if fault.kind == "status":
                headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
                self._send(fault.status, "text/html", b"<html>busy</html>", headers)
            elif fault.kind == "html":
                page = GOOGLE_SORRY.encode() if service == "google" else HTML_PAGE
                self._send(200, "text/html; charset=utf-8", page)
            elif fault.kind == "empty":
                feed = fake._atom(query, empty=True).replace(
                    b"<opensearch:totalResults>0<", b"<opensearch:totalResults>1<"
                )
                self._send(200, "application/atom+xml", feed)
            elif fault.kind == "unchanged":
                if service == "google":
                    text = query.get("q", "")
                    page = GOOGLE_PAGE.replace("{source}", html.escape(text))
                    self._send(
                        200, "text/html", page.replace("{result}", html.escape(text)).encode()
                    )
                else:
                    texts = body.get("text", []) if isinstance(body, dict) else []
                    template = DEEPL_ANSWER["translations"][0]
                    answer = {"translations": [{**template, "text": t} for t in texts]}
                    self._send(200, "application/json", json.dumps(answer).encode())
            elif fault.kind == "not_json":  # a chat answer whose text is not the JSON asked for
                self._send(200, "application/json", _chat_answer(body, NOT_JSON))
            elif fault.kind == "endless":
                self._endless()
            elif fault.kind == "hang":
                fake._stop.wait(fake.hang_seconds)
                self.close_connection = True
            elif fault.kind == "reset":
                self.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                )
                self.connection.close()
                self.close_connection = True
            else:  # truncated, trickle: the real answer, cut or slowed
                status, kind, data = fake.answer(service, query, body)
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if fault.kind == "truncated":
                    self.wfile.write(data[: len(data) // 2])
                else:
                    for index in range(len(data)):
                        if fake._stop.wait(TRICKLE_PAUSE):
                            break
                        try:
                            self.wfile.write(data[index : index + 1])
                            self.wfile.flush()
                        except OSError:
                            break  # the client gave up: what the catalogue expects
                self.close_connection = True

        def _endless(self) -> None:
            """A chunked answer that never ends: a kilobyte every ENDLESS_PAUSE seconds."""
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"1000\r\n" + b" " * 4096 + b"\r\n"
            while not fake._stop.wait(ENDLESS_PAUSE):
                try:
                    self.wfile.write(chunk)
                    self.wfile.flush()
                except OSError:
                    break  # the client gave up: what the catalogue expects
            self.close_connection = True

        def _send(
            self, status: int, kind: str, data: bytes, headers: dict[str, str] | None = None
        ) -> None:
            send(self, status, kind, data, headers)

    return Handler


@contextmanager
def black_hole() -> Iterator[str]:
    """An address whose connections are never accepted: a connect timeout, without a network.

    The listening socket's backlog is filled first; Linux then drops further SYNs.
    """
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    address = listener.getsockname()
    fillers = []
    for _ in range(4):
        filler = socket.socket()
        filler.setblocking(False)
        with suppress(BlockingIOError):
            filler.connect(address)
        fillers.append(filler)
    time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{address[1]}"
    finally:
        for filler in fillers:
            filler.close()
        listener.close()
