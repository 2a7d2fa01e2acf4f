"""Benchmark: the 著者所属 finder on the shipped 2021-10 papers, against local fakes.

Runs the real chain ``services`` builds (OpenAlex → Semantic Scholar → arXiv's HTML page →
the PDF) with the services faked in their real formats (``tests/fixtures/affiliations``, see
``tests/fixtures/SOURCES.md``) and arXiv's politeness delay counted instead of slept, then prints
each paper's line and source, the requests per service and the seconds arXiv's delay would take:

    python bench/bench_affiliations.py

It runs the finder twice (cold, then with the response cache) and exits non-zero when the cold
run breaks the budget: one OpenAlex and one Semantic Scholar request for the whole month, at
most one HTML page per paper and a PDF only for the papers no other source knew.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import responses

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main() -> int:
    os.environ["READINGGROUP_CACHE_DIR"] = tempfile.mkdtemp(prefix="bench-affiliations-")
    from tests.fixtures.affiliations.fake_services import FakeClock, FakeServices
    from tests.test_affiliations_2021_10 import blanked_papers

    from readinggroup.adapters.affiliations import arxiv_pages
    from readinggroup.config import Config
    from readinggroup.services import real_services
    from readinggroup.text.organisations import UNKNOWN_LINE, affiliations_line

    papers = blanked_papers()
    runs = []
    with responses.RequestsMock(assert_all_requests_are_fired=False) as http:
        fakes = FakeServices()
        fakes.register(http)
        for label in ("cold", "cached"):
            clock = FakeClock()
            arxiv_pages.time = clock  # type: ignore[assignment]
            fakes.counts.clear()
            started = time.perf_counter()
            found = real_services().affiliations(Config()).find(papers)
            seconds = time.perf_counter() - started
            runs.append((label, seconds, sum(clock.sleeps), dict(fakes.counts)))
    filled = 0
    for paper in papers:
        line = affiliations_line(found[paper.id])
        filled += line != UNKNOWN_LINE
        sources = ", ".join(sorted({entry.source for entry in found[paper.id]})) or "-"
        print(f"{paper.id}  {sources:<14} {line}")
    print(f"filled {filled}/{len(papers)}")
    for label, seconds, waited, counts in runs:
        detail = ", ".join(f"{name} {count}" for name, count in sorted(counts.items()))
        print(f"{label:>7}: {seconds:5.2f} s here + {waited:4.0f} s of arXiv's delay ({detail})")
    cold = runs[0][3]
    within = (
        cold.get("openalex", 0) <= 1
        and cold.get("s2", 0) <= 1
        and cold.get("html", 0) <= len(papers)
        and cold.get("pdf", 0) <= len(papers) - filled + 3
    )
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
