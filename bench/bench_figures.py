"""Benchmark: the example month's cold build with figures, against local fakes of arXiv's pages,
OpenAlex and Semantic Scholar.

Starts from the shipped ``sessions/2021-10.yaml`` with every 著者所属 and ``figure:`` blanked
(what a build meets after fetching and translating), runs the real ``readinggroup build 2021-10``
in-process, and serves what those services would: the affiliation fakes of
``tests/fixtures/affiliations`` (OpenAlex, Semantic Scholar, first-page PDFs) and an e-print
source per paper built at test time (``tests/fixtures/figures/builders.py``): tarballs whose
first figure is a PDF or a PNG, two whose only figure is an EPS, one submission without source.
arXiv's 3-second delay is counted, not slept. It prints the requests per source, the seconds of
work and of arXiv's delay, and the cold build's ratio to arXiv's politeness floor
((arXiv requests − 1) × 3 s), then builds again and checks that nothing is asked:

    python bench/bench_figures.py

The arXiv API lookup of a build from scratch (one request for the 16 ids, its own client and
delay) is not part of this run: the shipped session already holds the metadata. Exits non-zero
when a paper's e-print is asked for twice, a 2021 paper's HTML page is asked for, or the second
build asks anything.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import responses

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
MONTH = "2021-10"
PADDING = 2_000_000  # bytes of other files in each source archive (data, style files, code)


def eprints(paper_ids: list[str]) -> dict[str, bytes]:
    """A built e-print per versioned id: mostly PDF figures, some PNG, two EPS-only, one PDF."""
    from tests.fixtures.figures.builders import (
        EPS,
        eprint_tar,
        figure_env,
        paper_pdf,
        pdf_figure,
        png,
        tex_document,
    )

    built: dict[str, bytes] = {}
    for index, versioned in enumerate(paper_ids):
        padding = os.urandom(PADDING)
        if index == 0:  # a submission without source: the e-print is the PDF itself
            built[versioned] = paper_pdf([png(640, 480)])
            continue
        kind = "eps" if index in (5, 11) else "png" if index % 4 == 1 else "pdf"
        figure = {"eps": EPS, "png": png(1200, 600), "pdf": pdf_figure()}[kind]
        body = figure_env("teaser", "Overview of the method.") + figure_env("plot", "Results.")
        built[versioned] = eprint_tar(
            {
                "main.tex": tex_document(body, preamble="\\graphicspath{{figures/}}"),
                f"figures/teaser.{kind}": figure,
                "figures/plot.eps": EPS,
                "data/results.bin": padding,
            }
        )
    return built


def blanked_session(target: Path) -> list[Any]:
    from readinggroup.session import load_session, save_session

    session = load_session(REPO / "sessions" / f"{MONTH}.yaml")
    papers = []
    for paper in session.papers:
        provenance = {
            k: v for k, v in paper.provenance.items() if k not in ("summary.affiliations", "figure")
        }
        blank = replace(paper.summary, affiliations="")
        papers.append(replace(paper, summary=blank, provenance=provenance, figure=""))
    save_session(session.with_papers(tuple(papers)), target)
    return papers


def main() -> int:
    os.environ["READINGGROUP_CACHE_DIR"] = tempfile.mkdtemp(prefix="bench-figures-cache-")
    workdir = Path(tempfile.mkdtemp(prefix="bench-figures-"))
    from click.testing import CliRunner
    from tests.fixtures.affiliations.fake_services import FakeClock, FakeServices

    from readinggroup.adapters.affiliations import arxiv_pages
    from readinggroup.cli import cli
    from readinggroup.session import load_session

    (workdir / "sessions").mkdir()
    (workdir / "readinggroup.toml").write_text('translator = "none"\n', encoding="utf-8")
    papers = blanked_session(workdir / "sessions" / f"{MONTH}.yaml")
    sources = eprints([paper.versioned_id for paper in papers])
    asked: Counter[str] = Counter()

    def eprint(request: Any) -> tuple[int, dict[str, str], bytes]:
        versioned = urlsplit(request.url).path.removeprefix("/e-print/")
        asked[f"e-print {versioned}"] += 1
        if versioned in sources:
            return 200, {"Content-Type": "application/gzip"}, sources[versioned]
        return 404, {"Content-Type": "text/html"}, b"<html>not found</html>"

    runs = []
    with responses.RequestsMock(assert_all_requests_are_fired=False) as http:
        fakes = FakeServices()
        fakes.register(http)
        http.add_callback(responses.GET, re.compile(r"https://arxiv\.org/e-print/.*"), eprint)
        for label in ("cold", "again"):
            clock = FakeClock()
            arxiv_pages.time = clock  # type: ignore[assignment]
            fakes.counts.clear()
            fakes.pages.clear()
            asked.clear()
            started = time.perf_counter()
            result = CliRunner().invoke(cli, ["-C", str(workdir), "build", MONTH])
            seconds = time.perf_counter() - started
            if result.exit_code != 0:
                print(result.stderr, file=sys.stderr)
                return 1
            counts = Counter(fakes.counts)
            counts["e-print"] = sum(asked.values())
            runs.append((label, seconds, sum(clock.sleeps), +counts, list(fakes.pages), +asked))
    session = load_session(workdir / "sessions" / f"{MONTH}.yaml")
    for paper in session.papers:
        record = paper.found_figure
        where = f"{record.source}:{record.name}" if record else "-"
        print(f"{paper.id}  {paper.figure:<34} {where}")
    shown = sum(1 for paper in session.papers if paper.found_figure is not None)
    print(f"figures found {shown}/{len(session.papers)}")
    ok = True
    for label, seconds, waited, counts, pages, eprint_asks in runs:
        detail = ", ".join(f"{name} {count}" for name, count in sorted(counts.items()))
        arxiv = counts["html"] + counts["pdf"] + counts["e-print"]
        floor = max(arxiv - 1, 0) * 3.0
        ratio = f"{(seconds + waited) / floor:.2f}" if floor else "-"
        print(
            f"{label:>6}: {seconds:5.2f} s of work + {waited:4.0f} s of arXiv's delay "
            f"({detail}); arXiv requests {arxiv}, floor {floor:.0f} s, ratio {ratio}"
        )
        if label == "cold":
            ok &= all(count == 1 for count in eprint_asks.values())
            ok &= not any(page.startswith("/html/") for page in pages)
        else:
            ok &= not counts
    shutil.rmtree(workdir, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
