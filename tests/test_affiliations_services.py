"""OpenAlex's authorships and Semantic Scholar's paper batch, on recorded and built answers."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import responses
import yaml

from readinggroup.adapters.affiliations.base import Answer
from readinggroup.adapters.affiliations.openalex import OpenAlexAffiliations, authorship_answers
from readinggroup.adapters.affiliations.s2_batch import SemanticScholarAffiliations, parse_batch
from readinggroup.adapters.sources.openalex import OpenAlex
from readinggroup.adapters.transport.sessions import PoliteSession
from readinggroup.errors import SourceError
from readinggroup.models import Paper
from tests.fixtures.affiliations.fake_services import FakeServices

FIXTURES = Path(__file__).parent / "fixtures" / "affiliations"
BATCH = "https://api.semanticscholar.org/graph/v1/paper/batch"


def cassette_body(name: str) -> Any:
    cassette = yaml.safe_load((FIXTURES / name).read_text("utf-8"))
    return json.loads(cassette["interactions"][0]["response"]["body"]["string"])


def recorded_openalex_work() -> dict[str, Any]:
    """The recorded excerpt, cut after its first authorship's strings and closed (SOURCES.md)."""
    text = (FIXTURES / "openalex_works_doi_10.1145_3531146.3533083__excerpt.txt").read_text("utf-8")
    head, _, _ = text.partition(',"affiliations":[{"raw_affiliation_')
    work: dict[str, Any] = json.loads(head + "}]}")
    return work


def test_institutions_win_over_the_printed_strings_in_a_recorded_work() -> None:
    work = recorded_openalex_work()
    assert work["authorships"][0]["raw_affiliation_strings"] == [
        "Mozilla Foundation &amp; University College Dublin, Ireland"
    ]
    assert authorship_answers(work) == [Answer("Abeba Birhane", ("University College Dublin",))]


def test_the_printed_strings_stand_in_when_no_institution_was_matched() -> None:
    work = recorded_openalex_work()
    work["authorships"][0]["institutions"] = []
    assert authorship_answers(work) == [
        Answer("Abeba Birhane", ("Mozilla Foundation &amp; University College Dublin, Ireland",))
    ]


def test_openalex_is_asked_by_arxiv_doi_in_one_batch_with_the_polite_address(
    http: responses.RequestsMock,
) -> None:
    fakes = FakeServices()
    fakes.register(http)
    client = OpenAlex(mailto="organiser@example.org", session=PoliteSession(retries=0, timeout=2))
    papers = [
        Paper(id="2109.03814", authors=("Zhiqi Li", "Wenhai Wang")),
        Paper(id="2109.08591", authors=("Niv Haim",)),  # not in the built answers
    ]
    found = OpenAlexAffiliations(client).lookup(papers)
    assert fakes.openalex_params == [
        {
            "filter": "doi:10.48550/arxiv.2109.03814|10.48550/arxiv.2109.08591",
            "per-page": "50",
            "select": "id,doi,authorships",
            "mailto": "organiser@example.org",
        }
    ]
    assert list(found) == ["2109.03814"]
    assert found["2109.03814"][:2] == [
        Answer("Zhiqi Li", ("Nanjing University",)),
        Answer("Wenhai Wang", ("Nanjing University",)),
    ]


def test_a_recorded_batch_without_affiliations_answers_nothing(
    http: responses.RequestsMock,
) -> None:
    body = cassette_body("s2_graph_v1_paper_batch__fields_authors.vcr.yaml")
    assert parse_batch(body)[0] == [
        Answer("Marianne Bertrand", ()),
        Answer("E. Duflo", ()),
        Answer("S. Mullainathan", ()),
    ]
    http.add(responses.POST, re.compile(re.escape(BATCH) + r".*"), json=body)
    papers = [Paper(id=f"2109.0000{n}") for n in range(1, 4)]
    source = SemanticScholarAffiliations(session=PoliteSession(retries=0, timeout=2))
    assert source.lookup(papers) == {}


def test_a_recorded_null_is_a_paper_the_service_does_not_know() -> None:
    body = cassette_body("s2_graph_v1_paper_batch__fields_citationCount_etc__with_null.vcr.yaml")
    parsed = parse_batch(body)
    assert parsed[0] == []
    assert len(parsed) == 4
    # the recorded author records: every affiliations list is empty there too
    authors = cassette_body("s2_graph_v1_paper_DOI_authors__fields_affiliations.vcr.yaml")
    assert [author["affiliations"] for author in authors["data"]] == [[], [], [], []]


def test_semantic_scholar_is_asked_by_arxiv_id_with_the_key_in_the_header(
    http: responses.RequestsMock,
) -> None:
    fakes = FakeServices()
    fakes.register(http)
    source = SemanticScholarAffiliations(
        api_key="s2-secret", session=PoliteSession(retries=0, timeout=2)
    )
    papers = [
        Paper(id="2109.04173", authors=("Matej Zečević", "Petar Veličković")),
        Paper(id="2109.99999", authors=("Nobody Known",)),
    ]
    found = source.lookup(papers)
    assert fakes.s2_batches == [["ARXIV:2109.04173", "ARXIV:2109.99999"]]
    call = http.calls[0].request
    assert call.headers["x-api-key"] == "s2-secret"
    assert call.params == {"fields": "authors.name,authors.affiliations"}
    assert found["2109.04173"][2] == Answer("Petar Veličković", ("DeepMind",))
    assert "2109.99999" not in found


def test_a_batch_answer_of_the_wrong_length_is_refused(http: responses.RequestsMock) -> None:
    http.add(responses.POST, re.compile(re.escape(BATCH) + r".*"), json=[None])
    source = SemanticScholarAffiliations(session=PoliteSession(retries=0, timeout=2))
    with pytest.raises(SourceError) as caught:
        source.lookup([Paper(id="2109.00001"), Paper(id="2109.00002")])
    assert str(caught.value) == (
        "Semantic Scholar: answered in an unexpected shape (the batch answer does not list "
        "every id asked); its API may have changed; try again later or use another source "
        "for this list"
    )
