"""The summarize stage's 著者所属 line: asked once per run, written as the organiser writes it,
its sources recorded, a human line never replaced, a failing service reported for a retry."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from readinggroup.models import Paper
from readinggroup.paper_records import AuthorAffiliations
from readinggroup.protocols import PaperAffiliations, Settled
from readinggroup.stages.summarize import summarize_session
from readinggroup.text.organisations import UNKNOWN_LINE
from tests.test_summarize_example import blanked

CONVMLP = "2109.04454"
ANSWERS: dict[str, PaperAffiliations] = {
    CONVMLP: (
        AuthorAffiliations("Jiachen Li", ("SHI Lab @ University of Oregon",), "openalex"),
        AuthorAffiliations("Humphrey Shi", ("University of Illinois at Urbana-Champaign",), "s2"),
    ),
}


@dataclass
class ScriptedFinder:
    """Answers from ANSWERS; papers in *failing* are absent (a service failed for them)."""

    failing: frozenset[str] = frozenset()
    calls: list[list[str]] = field(default_factory=list)

    def find(
        self, papers: Sequence[Paper], *, settled: Settled | None = None
    ) -> Mapping[str, PaperAffiliations]:
        self.calls.append([paper.id for paper in papers])
        return {p.id: ANSWERS.get(p.id, ()) for p in papers if p.id not in self.failing}


def _paper(papers: Sequence[Paper], paper_id: str) -> Paper:
    return next(paper for paper in papers if paper.id == paper_id)


def test_the_line_names_the_organisations_and_records_each_source() -> None:
    finder = ScriptedFinder()
    session, report = summarize_session(blanked(), affiliations=finder)
    assert len(finder.calls) == 1  # one call for every paper: the services batch their lookups
    assert len(finder.calls[0]) == 16
    convmlp = _paper(session.papers, CONVMLP)
    assert convmlp.summary.affiliations == "オレゴン大学、イリノイ大学"
    assert convmlp.found_affiliations == ANSWERS[CONVMLP]
    assert convmlp.provenance["summary.affiliations"].startswith("affiliations:")
    other = _paper(session.papers, "2109.00301")
    assert other.summary.affiliations == UNKNOWN_LINE  # nothing found: said, never guessed
    assert report.failed == 0


def test_a_human_line_is_never_replaced_not_even_with_force() -> None:
    session = blanked()
    human = _paper(session.papers, CONVMLP).with_text(
        "summary.affiliations", "オレゴン大学ほか", writer="human"
    )
    session = session.with_papers(tuple(human if p.id == CONVMLP else p for p in session.papers))
    finder = ScriptedFinder()
    updated, _ = summarize_session(session, affiliations=finder, force=True)
    assert CONVMLP not in finder.calls[0]
    assert _paper(updated.papers, CONVMLP).summary.affiliations == "オレゴン大学ほか"


def test_a_failing_service_leaves_the_line_empty_and_is_reported() -> None:
    finder = ScriptedFinder(failing=frozenset({CONVMLP}))
    session, report = summarize_session(blanked(), affiliations=finder)
    assert _paper(session.papers, CONVMLP).summary.affiliations == ""
    assert report.failures == (f"{CONVMLP}: 著者所属 not looked up (a service failed; run again)",)
    again, _ = summarize_session(session, affiliations=ScriptedFinder())
    assert _paper(again.papers, CONVMLP).summary.affiliations == "オレゴン大学、イリノイ大学"


def test_nothing_is_asked_when_every_line_is_written() -> None:
    finder = ScriptedFinder()
    session, _ = summarize_session(blanked(), affiliations=finder)
    finder.calls.clear()
    summarize_session(session, affiliations=finder)
    assert finder.calls == []
