"""Benchmark: a cold ``readinggroup build 2021-10`` against local services that answer in their
real formats after a realistic latency, as a ratio to the network floor measured in the same run.

    python bench/bench_build.py [--latency 0.3] [--budget 1.2] [--figures first|none]

One HTTP server on 127.0.0.1 plays every service the build asks, each answer held *latency*
seconds: the arXiv API (Atom entries from the example's real metadata,
``tests/fixtures/examples/2021-10/papers.json``), Google Translate's mobile page
(``tests/fixtures/translate``), OpenAlex, Semantic Scholar's paper batch and arXiv's pages
(``tests/fixtures/affiliations``: built answers in the services' formats, first-page PDFs made
with fpdf2; no HTML page, as for every paper of 2021, and no e-print source, so each key figure
is looked for in the PDF). The month's two lists are pasted
files, the ids as the October 2021 meetup listed them. The build runs in a subprocess with an
empty cache folder and arXiv's real 3-second politeness delay.

The floor is the larger of arXiv's politeness, (arXiv requests − 1) × 3 s, and the
translation requests ÷ the concurrency (4) × the latency: a build can take no less than either
wait. It prints the requests per host, the wall time, the floor and their ratio, and exits 1
when the ratio is above the budget (1.2). Not a test: run it by hand (it takes ~20 s).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qs, urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.bench_fetch import _ATOM_FEED, _atom_entry  # noqa: E402
from tests.fixtures.affiliations.fake_services import FakeServices as Affiliations  # noqa: E402
from tests.fixtures.translate.fake_services import GOOGLE_PAGE, fake_japanese  # noqa: E402

MONTH = "2021-10"
PAPERS = REPO / "tests" / "fixtures" / "examples" / MONTH / "papers.json"
SESSION = REPO / "sessions" / f"{MONTH}.yaml"
POLITENESS = 3.0  # seconds arXiv asks between two requests
CONCURRENCY = 4  # translations at a time (the default of translate and build)
HOSTS = {  # the service each path belongs to, as the report names it
    "/api/query": "arXiv API",
    "/m": "Google Translate",
    "/works": "OpenAlex",
    "/graph/v1/paper/batch": "Semantic Scholar",
    "/html/": "arXiv pages (HTML)",
    "/pdf/": "arXiv pages (PDF)",
    "/e-print/": "arXiv pages (e-print)",
}
ARXIV = ("arXiv API", "arXiv pages (HTML)", "arXiv pages (PDF)", "arXiv pages (e-print)")


class Services:
    """The fake services: every answer after *latency* seconds, every request counted."""

    def __init__(self, latency: float) -> None:
        self.latency = latency
        self.counts: Counter[str] = Counter()
        self.papers = {
            paper["arxiv_id"]: paper for paper in json.loads(PAPERS.read_text())["papers"]
        }
        self.affiliations = Affiliations()
        self._lock = threading.Lock()

    def answer(self, method: str, path: str, query: str, body: bytes) -> tuple[int, str, bytes]:
        time.sleep(self.latency)
        service = next((name for prefix, name in HOSTS.items() if path.startswith(prefix)), "")
        with self._lock:
            self.counts[service or path] += 1
        url = f"http://services{path}?{query}"
        request = SimpleNamespace(url=url, body=body)
        if service == "arXiv API":
            return 200, "application/atom+xml; charset=utf-8", self._atom(parse_qs(query))
        if service == "Google Translate":
            text = parse_qs(query).get("q", [""])[0]
            result = "\n".join(fake_japanese(line) for line in text.split("\n"))
            page = GOOGLE_PAGE.replace("{source}", _escape(text)).replace(
                "{result}", _escape(result)
            )
            return 200, "text/html; charset=UTF-8", page.encode()
        if service == "OpenAlex":
            return _answer(self.affiliations._openalex(request))
        if service == "Semantic Scholar":
            return _answer(self.affiliations._s2_batch(request))
        if service == "arXiv pages (e-print)":  # no LaTeX source kept: the PDF has the figure
            return 404, "text/html", b"<html><body>No source for this paper</body></html>"
        if service.startswith("arXiv pages"):
            return _answer(self.affiliations._page(request))
        return 404, "text/plain", b"not here"

    def _atom(self, query: dict[str, list[str]]) -> bytes:
        ids = [item for item in query.get("id_list", [""])[0].split(",") if item]
        entries = []
        for paper_id in ids:
            paper = self.papers.get(paper_id)
            if paper is None:
                continue
            published = f"{paper['first_submitted'] or '2021-09-15'}T12:00:00Z"
            entry = {
                "title": paper["title"],
                "summary": paper["abstract"] or "",
                "authors": paper["authors"],
                "published": published,
            }
            entries.append(_atom_entry(paper_id, entry))
        feed = _ATOM_FEED.format(
            updated="2021-10-05T00:00:00Z", total=len(entries), entries="".join(entries)
        )
        return feed.encode()

    @contextmanager
    def running(self) -> Iterator[str]:
        services = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                self._serve(b"")

            def do_POST(self) -> None:
                self._serve(self.rfile.read(int(self.headers.get("Content-Length", "0"))))

            def _serve(self, body: bytes) -> None:
                parts = urlsplit(self.path)
                status, kind, data = services.answer(self.command, parts.path, parts.query, body)
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()
            server.server_close()


def _answer(reply: tuple[int, dict[str, str], str | bytes]) -> tuple[int, str, bytes]:
    status, headers, body = reply
    return status, headers.get("Content-Type", ""), body.encode() if isinstance(body, str) else body


def _escape(text: str) -> str:
    import html

    return html.escape(text)


def workspace(root: Path, url: str, figures: str = "first") -> None:
    """The organiser's folder: the month's two lists pasted, every service at *url*."""
    import yaml

    session = yaml.safe_load(SESSION.read_text("utf-8"))
    versions = {paper["id"]: paper.get("version") for paper in session["papers"]}
    (root / "lists").mkdir()
    lists = ""
    for number, ranked in enumerate(session["lists"]):
        name = f"lists/{{meeting}}-list{number}.txt"
        ids = [
            f"{e['id']}v{versions[e['id']]}" if versions.get(e["id"]) else e["id"]
            for e in ranked["entries"]
        ]
        (root / name.format(meeting=MONTH)).write_text("\n".join(ids) + "\n", "utf-8")
        lists += (
            f'[[lists]]\nlabel = "{ranked["label"]}"\nsources = ["file"]\nfile = "{name}"\n'
            f"size = {len(ids)}\n"
        )
    (root / "readinggroup.toml").write_text(
        f"""translator = "google"
figures = "{figures}"
{lists}
[sources.arxiv]
base_url = "{url}/api/query"
[sources.openalex]
base_url = "{url}"
[sources.s2]
base_url = "{url}"
[sources.arxiv_pages]
base_url = "{url}"
[translators.google]
base_url = "{url}"
""",
        "utf-8",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--latency", type=float, default=0.3)
    parser.add_argument("--budget", type=float, default=1.2)
    parser.add_argument(
        "--figures", choices=["first", "none"], default="first", help="the config's figures key"
    )
    args = parser.parse_args()
    services = Services(args.latency)
    with tempfile.TemporaryDirectory(prefix="bench-build-") as scratch, services.running() as url:
        root = Path(scratch) / "work"
        root.mkdir()
        workspace(root, url, args.figures)
        env = {**os.environ, "READINGGROUP_CACHE_DIR": str(Path(scratch) / "cache")}
        # byte-compiled first, as a pip install does (the machine may say not to write bytecode)
        compiled = {key: value for key, value in env.items() if key != "PYTHONDONTWRITEBYTECODE"}
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", str(REPO / "src" / "readinggroup")],
            env=compiled,
            capture_output=True,
            check=True,
        )
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "readinggroup", "-C", str(root), "build", MONTH],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        wall = time.perf_counter() - started
    if done.returncode != 0:
        print(done.stderr, file=sys.stderr)
        print(f"the build failed (exit {done.returncode})")
        return 1
    counts = services.counts
    arxiv = sum(counts[name] for name in ARXIV)
    translations = counts["Google Translate"]
    politeness = max(arxiv - 1, 0) * POLITENESS
    translating = translations / CONCURRENCY * args.latency
    floor = max(politeness, translating)
    ratio = wall / floor if floor else float("inf")
    print(
        f"cold build of {MONTH}, figures = {args.figures}, every answer {args.latency:.2f} s late"
    )
    for name in (*ARXIV, "OpenAlex", "Semantic Scholar", "Google Translate"):
        print(f"  {name:<22} {counts[name]:>3} requests")
    print(f"  the run said: {done.stderr.strip().splitlines()[-1]}")
    print(
        f"floor: max(({arxiv} arXiv requests − 1) × {POLITENESS:g} s = {politeness:.1f} s, "
        f"{translations} translations ÷ {CONCURRENCY} × {args.latency:g} s = {translating:.1f} s) "
        f"= {floor:.1f} s"
    )
    verdict = "PASS" if ratio <= args.budget else "FAIL"
    print(f"wall: {wall:.1f} s; ratio {ratio:.2f} (budget {args.budget:g}) {verdict}")
    return 0 if ratio <= args.budget else 1


if __name__ == "__main__":
    raise SystemExit(main())
