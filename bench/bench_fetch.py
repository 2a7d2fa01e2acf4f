"""Benchmark: ``readinggroup fetch 2026-10`` against local fakes of Hugging Face, HN and arXiv.

Starts one HTTP server on 127.0.0.1 that answers from the fixtures in
``tests/fixtures/sources`` (see ``tests/fixtures/SOURCES.md`` for which are recorded and which
are built), points every ``[sources.*] base_url`` of a fresh ``readinggroup.toml`` at it, runs
the real command in a subprocess and prints the requests per endpoint and the wall time:

    python bench/bench_fetch.py

It runs the fetch three times: cold, again (answers reused from the response cache, metadata
already in the session) and with ``--refresh``. It exits non-zero when the cold run breaks the
budget: at most one arXiv request per 100 listed papers, plus one request per result page of
the ranking services. The arXiv API is answered in its recorded Atom format with entries made
from the ranking fixtures (no recorded answer covers these ids). ``tests/test_fetch_cli.py``
imports :class:`LocalServices` from here.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "sources"
MONTH = "2026-10"
WINDOW_FILTER = "created_at_i>=1788220800,created_at_i<1790812800"  # 2026-09 in UTC

HF_PAGES = [FIXTURES / f"hf_daily_papers__month_2026-09__p{page}__built.json" for page in range(3)]
HN_PAGES = [
    FIXTURES / f"hn_search__arxiv_stories_2026-09__page{page}__built.json" for page in (0, 1)
]


@dataclass
class LocalServices:
    """The fake services: answers by path and query, counts every request per endpoint."""

    counts: Counter[str] = field(default_factory=Counter)
    base_url: str = ""
    metadata: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.metadata = _known_papers()

    def answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, str, bytes]:
        """Status, content type and body for one GET."""
        self.counts[path] += 1
        first = {key: values[0] for key, values in query.items()}
        if path == "/api/daily_papers":
            return self._daily_papers(first)
        if path == "/api/v1/search":
            return self._hn_search(first)
        if path == "/api/query":
            return 200, "application/atom+xml; charset=utf-8", self._atom(first)
        return 404, "text/plain", b"not found"

    def _daily_papers(self, query: dict[str, str]) -> tuple[int, str, bytes]:
        page = int(query.get("p", "0"))
        if query.get("month") != "2026-09" or page >= len(HF_PAGES):
            return 200, "application/json", b"[]"
        return 200, "application/json", HF_PAGES[page].read_bytes()

    def _hn_search(self, query: dict[str, str]) -> tuple[int, str, bytes]:
        page = int(query.get("page", "0"))
        if query.get("numericFilters") != WINDOW_FILTER or page >= len(HN_PAGES):
            empty = {"hits": [], "nbHits": 0, "page": page, "nbPages": 0, "hitsPerPage": 8}
            return 200, "application/json", json.dumps(empty).encode()
        return 200, "application/json", HN_PAGES[page].read_bytes()

    def _atom(self, query: dict[str, str]) -> bytes:
        ids = [paper_id for paper_id in query.get("id_list", "").split(",") if paper_id]
        entries = [
            _atom_entry(paper_id, self.metadata[paper_id])
            for paper_id in ids
            if paper_id in self.metadata
        ]
        return _ATOM_FEED.format(
            updated=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            total=len(entries),
            entries="".join(entries),
        ).encode("utf-8")

    @contextmanager
    def running(self) -> Iterator[LocalServices]:
        """Serve on a free port of 127.0.0.1 until the block ends."""
        services = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                status, content_type, body = services.answer(parts.path, parse_qs(parts.query))
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Date", formatdate(usegmt=True))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{server.server_address[1]}"
        thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
        thread.start()
        try:
            yield self
        finally:
            server.shutdown()
            server.server_close()

    def config(self) -> str:
        """A readinggroup.toml whose services all live on this server."""
        return (
            'translator = "none"\n'
            f'[sources.arxiv]\nbase_url = "{self.base_url}/api/query"\n'
            f'[sources.hf]\nbase_url = "{self.base_url}"\n'
            f'[sources.hn]\nbase_url = "{self.base_url}"\n'
        )


def _known_papers() -> dict[str, dict[str, Any]]:
    """What the fake arXiv knows: every paper the ranking fixtures mention."""
    known: dict[str, dict[str, Any]] = {}
    for page in HF_PAGES:
        for item in json.loads(page.read_text("utf-8")):
            paper = item["paper"]
            known[paper["id"]] = {
                "title": paper["title"],
                "summary": paper["summary"],
                "authors": [author["name"] for author in paper["authors"]],
                "published": paper["publishedAt"][:19] + "Z",
            }
    for page in HN_PAGES:
        for hit in json.loads(page.read_text("utf-8"))["hits"]:
            url = hit["url"]
            if "arxiv.org/" not in url or "/list/" in url:
                continue
            paper_id = url.split("/", 4)[-1].split("#")[0].removesuffix(".pdf")
            paper_id = paper_id.rsplit("v", 1)[0] if paper_id[-2:-1] == "v" else paper_id
            yymm = paper_id.split("/")[-1][:4]
            known.setdefault(
                paper_id,
                {
                    "title": hit["title"],
                    "summary": f"A synthetic abstract for {paper_id}.",
                    "authors": ["Fixture Author"],
                    "published": f"{_century(yymm)}{yymm[:2]}-{yymm[2:]}-15T12:00:00Z",
                },
            )
    return known


def _century(yymm: str) -> str:
    return "19" if yymm[:2] >= "91" else "20"


_ATOM_FEED = """<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" \
xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/api/bench</id>
  <title>arXiv Query: bench</title>
  <updated>{updated}</updated>
  <opensearch:itemsPerPage>100</opensearch:itemsPerPage>
  <opensearch:totalResults>{total}</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>{entries}
</feed>
"""


def _atom_entry(paper_id: str, paper: dict[str, Any]) -> str:
    category = paper_id.split("/")[0] if "/" in paper_id else "cs.LG"
    authors = "".join(
        f"\n    <author>\n      <name>{escape(name)}</name>\n    </author>"
        for name in paper["authors"]
    )
    return f"""
  <entry>
    <id>http://arxiv.org/abs/{paper_id}v1</id>
    <title>{escape(paper["title"])}</title>
    <updated>{paper["published"]}</updated>
    <link href="https://arxiv.org/abs/{paper_id}v1" rel="alternate" type="text/html"/>
    <summary>{escape(paper["summary"])}</summary>
    <category term="{category}" scheme="http://arxiv.org/schemas/atom"/>
    <published>{paper["published"]}</published>
    <arxiv:primary_category term="{category}"/>{authors}
  </entry>"""


def _run_fetch(
    workdir: Path, cache: Path, *extra: str
) -> tuple[float, subprocess.CompletedProcess[str]]:
    env = dict(os.environ, READINGGROUP_CACHE_DIR=str(cache))
    env.pop("S2_API_KEY", None)
    command = [sys.executable, "-m", "readinggroup", "-C", str(workdir), "fetch", MONTH, *extra]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    return time.perf_counter() - started, done


def main() -> int:
    services = LocalServices()
    with tempfile.TemporaryDirectory() as tmp, services.running():
        workdir, cache = Path(tmp) / "work", Path(tmp) / "cache"
        workdir.mkdir()
        (workdir / "readinggroup.toml").write_text(services.config(), "utf-8")
        runs = []
        for label, extra in (("cold", ()), ("again", ()), ("--refresh", ("--refresh",))):
            services.counts.clear()
            seconds, done = _run_fetch(workdir, cache, *extra)
            if done.returncode != 0:
                print(f"fetch ({label}) failed with exit {done.returncode}:\n{done.stderr}")
                return 1
            runs.append((label, seconds, dict(services.counts)))
        session = (workdir / "sessions" / f"{MONTH}.yaml").read_text("utf-8")

    from readinggroup.session import load_session

    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False, encoding="utf-8") as out:
        out.write(session)
    lists = load_session(Path(out.name)).lists
    Path(out.name).unlink()

    print(f"readinggroup fetch {MONTH} against 127.0.0.1 (window 2026-09-01..2026-09-30)")
    for ranked in lists:
        print(f"  {ranked.label} ({', '.join(ranked.sources)}): {len(ranked.entries)} papers")
    for label, seconds, counts in runs:
        total = sum(counts.values())
        detail = ", ".join(f"{path} {count}" for path, count in sorted(counts.items())) or "none"
        print(f"{label:>10}: {seconds:5.2f} s wall, {total} requests ({detail})")

    _, _, cold = runs[0]
    listed = len({entry.id for ranked in lists for entry in ranked.entries})
    result_pages = cold.get("/api/daily_papers", 0) + cold.get("/api/v1/search", 0)
    arxiv_budget = math.ceil(listed / 100)
    print(
        f"budget: arXiv {cold.get('/api/query', 0)} request(s) for {listed} papers "
        f"(allowed {arxiv_budget}), ranking services {result_pages} request(s) for "
        f"{len(HF_PAGES)} + {len(HN_PAGES)} result pages"
    )
    within = cold.get("/api/query", 0) <= arxiv_budget and result_pages <= len(HF_PAGES) + len(
        HN_PAGES
    )
    if not within or any(len(ranked.entries) < ranked.size for ranked in lists):
        print("over budget or a list is short")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
