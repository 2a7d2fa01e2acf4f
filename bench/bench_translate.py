"""Benchmark: translate 20 papers through the Google adapter against a slow local fake.

    python bench/bench_translate.py [--papers 20] [--latency 0.3] [--concurrency 4]

The fake (tests/fixtures/translate/fake_services.py, 127.0.0.1 only) waits *latency* seconds
before every answer. The cold run must finish within 1.3 × papers × latency ÷ concurrency;
the warm run, with the same cache, must make zero requests. Exit code 1 when either fails.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fixtures.translate.fake_services import FakeTranslateServer  # noqa: E402

from readinggroup.adapters.translators.google import GoogleTranslator  # noqa: E402
from readinggroup.models import ListEntry, Paper, RankedList, Session  # noqa: E402
from readinggroup.session import load_session  # noqa: E402
from readinggroup.stages.translate import translate_session  # noqa: E402
from readinggroup.adapters.translators.cache import CachedTranslator, TranslationCache  # noqa: E402

BUDGET = 1.3


def month_of(count: int) -> Session:
    """*count* papers made from the shipped 2021-10 ones, blank Japanese, distinct texts."""
    shipped = load_session(ROOT / "sessions" / "2021-10.yaml")
    sources = [paper for paper in shipped.papers if paper.abstract]
    papers = [
        Paper(
            id=f"2109.{90000 + i}",
            version=1,
            title=f"{source.title} ({i})",
            abstract=source.abstract,
            summary=source.summary,
        )
        for i, source in ((i, sources[i % len(sources)]) for i in range(count))
    ]
    entries = tuple(ListEntry(rank, paper.id) for rank, paper in enumerate(papers, start=1))
    listed = RankedList("Top recent", ("file",), entries, size=count)
    return dataclasses.replace(shipped, lists=(listed,), papers=tuple(papers))


def run(session: Session, translator: CachedTranslator, concurrency: int) -> float:
    start = time.perf_counter()
    _, report = translate_session(session, translator=translator, concurrency=concurrency)
    elapsed = time.perf_counter() - start
    if report.failures:
        raise SystemExit(f"translation failed: {report.failures}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--papers", type=int, default=20)
    parser.add_argument("--latency", type=float, default=0.3)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()

    session = month_of(args.papers)
    ideal = args.papers * args.latency / args.concurrency
    with FakeTranslateServer(latency=args.latency) as server, tempfile.TemporaryDirectory() as tmp:
        google = GoogleTranslator(server.url)
        cold = CachedTranslator(google, TranslationCache(Path(tmp)))
        cold_time = run(session, cold, args.concurrency)
        cold_requests = server.requests
        warm = CachedTranslator(google, TranslationCache(Path(tmp)))  # a later run, same cache
        warm_time = run(session, warm, args.concurrency)
        warm_requests = server.requests - cold_requests

    ratio = cold_time / ideal
    ok = ratio <= BUDGET and warm_requests == 0
    print(f"papers {args.papers}, latency {args.latency:.3f} s, concurrency {args.concurrency}")
    print(
        f"cold: {cold_time:.3f} s wall, {cold_requests} requests; ideal "
        f"{args.papers} × {args.latency} s ÷ {args.concurrency} = {ideal:.3f} s; "
        f"ratio {ratio:.2f} (budget {BUDGET})"
    )
    print(f"warm: {warm_time:.3f} s wall, {warm_requests} requests")
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
