"""Fill the shipped example's 著者所属 lines from the real affiliation chain, run against the
recorded answers the tests use (tests/fixtures/affiliations: OpenAlex, Semantic Scholar and
first-page PDFs in their real formats), so the example shows what the product finds.

    python scripts/example_affiliations.py          # rewrites sessions/2021-10.yaml

A line the organiser wrote (anything but the 不明 placeholder) is kept; 不明 stays only where
the chain finds nothing. tests/test_affiliations_2021_10.py checks the file against the chain.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import responses

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # the recorded answers live beside the tests

from tests.fixtures.affiliations.fake_services import FakeClock, FakeServices  # noqa: E402

from readinggroup.adapters.affiliations import arxiv_pages  # noqa: E402
from readinggroup.config import Config  # noqa: E402
from readinggroup.services import real_services  # noqa: E402
from readinggroup.session import load_session, save_session  # noqa: E402
from readinggroup.text.organisations import affiliations_line  # noqa: E402

EXAMPLE = REPO / "sessions" / "2021-10.yaml"
PLACEHOLDER = "不明（"  # the shipped file's "不明（arXivに所属の記載なし・未確認）"


def main() -> int:
    session = load_session(EXAMPLE)
    waiting = [
        paper for paper in session.papers if paper.summary.affiliations.startswith(PLACEHOLDER)
    ]
    blank = [
        replace(
            paper,
            summary=replace(paper.summary, affiliations=""),
            provenance={k: v for k, v in paper.provenance.items() if k != "summary.affiliations"},
        )
        for paper in waiting
    ]
    arxiv_pages.time = FakeClock()  # type: ignore[assignment]  # recorded answers: no waiting
    with responses.RequestsMock() as http:
        FakeServices().register(http)
        found = real_services().affiliations(Config()).find(blank)
    filled = {
        paper.id: replace(paper, found_affiliations=found[paper.id]).with_text(
            "summary.affiliations", affiliations_line(found[paper.id]), writer="affiliations"
        )
        for paper in blank
    }
    papers = tuple(filled.get(paper.id, paper) for paper in session.papers)
    save_session(session.with_papers(papers), EXAMPLE)
    for paper in filled.values():
        print(paper.id, paper.summary.affiliations)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
