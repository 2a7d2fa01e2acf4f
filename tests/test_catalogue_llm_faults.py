# ruff: noqa: E501  (tables: each expected sentence reads best on one line)
"""The fault catalogue for the LLM endpoint (translator and summariser), against the one local
fake server, through the real CLI with the real ``openai`` client (short timeouts, recorded
pauses): a hang, a trickle and an answer that never ends are cut off, 429 and 500 follow the
shared retry policy, a web page or prose where JSON was asked for is said, and after three
failed requests in a row the run stops asking. Each case asserts the sentence, the exit code,
that what was done before the fault is on disk, and that the next run does not ask for it again.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from readinggroup.adapters.affiliations.chain import AffiliationChain
from readinggroup.adapters.llm import LlmClient, LlmSummarizer
from readinggroup.adapters.translators.llm import LlmTranslator
from readinggroup.config import Config
from readinggroup.protocols import Summarizer, Translator
from readinggroup.services import Services
from readinggroup.session import load_session
from readinggroup.stages import listed_papers, summary_lines_to_fill
from tests.catalogue.fake_server import LLM_SUMMARY, FakeServices, Fault, config_text
from tests.test_catalogue_faults import (
    DEADLINE,
    MONTH,
    READ_TIMEOUT,
    SESSION,
    Rig,
    last_line,
    timed,
)

LLM = "the LLM endpoint"
ADDRESS = "check [llm] base_url and model in readinggroup.toml"
STOPPED = f"{LLM}: failed 3 times in a row (last: {{last}}), so this run stopped asking it; {ADDRESS}, or run again later"
SLOW = f"sent its answer too slowly (the answer took longer than {DEADLINE:g} s)"


class LlmRig(Rig):
    """The catalogue's rig with the real LLM translator and summariser, on short timeouts;
    the 著者所属 finder asks nobody (its faults are another catalogue's)."""

    def client(self, config: Config) -> LlmClient:
        return LlmClient(
            config.llm.base_url,
            config.llm.model,
            timeout=READ_TIMEOUT,
            deadline=DEADLINE,
            retry=self.policy(),
        )

    def services(self) -> Services:
        base = super().services()

        def translator(name: str, config: Config) -> Translator | None:
            if name == "llm":
                return LlmTranslator(self.client(config))
            return base.translator(name, config)

        def summarizer(config: Config) -> Summarizer:
            return LlmSummarizer(self.client(config))

        return dataclasses.replace(
            base,
            translator=translator,
            summarizer=summarizer,
            affiliations=lambda config: AffiliationChain(()),
        )

    def summaries(self) -> list[tuple[str, str]]:
        """(id, who wrote 方法: "llm", "extractive" or "") of every listed paper, in list order."""
        session = load_session(self.root / SESSION)
        return [
            (paper.id, paper.provenance.get("summary.method", "").split(":")[0])
            for paper in listed_papers(session)
        ]


@pytest.fixture
def rig(tmp_path: Path) -> Iterator[LlmRig]:
    fake = FakeServices()
    with fake.running():
        root = tmp_path / "work"
        root.mkdir()
        head = 'translator = "google"\nsummarizer = "llm"'
        (root / "readinggroup.toml").write_text(config_text(fake.base_url, head=head), "utf-8")
        yield LlmRig(fake, root)


@dataclass(frozen=True)
class LlmFault:
    name: str
    fault: Fault
    last: str  # the failure the breaker's sentence names
    first: str = ""  # the sentence of each of the first three papers hit, if not the breaker's

    def sentences(self, papers: int) -> list[str]:
        """One per paper the fault hit: the fault's own until the breaker opens, then its.
        (Faults retried under the policy open it during the first paper's tries.)"""
        stopped = STOPPED.format(last=self.last)
        return [self.first if self.first and n < 3 else stopped for n in range(papers)]


TIMED_OUT = "no answer in time (timed out)"
LLM_FAULTS = [
    LlmFault("hang", Fault("hang"), TIMED_OUT),
    LlmFault("trickle", Fault("trickle"), SLOW, f"{LLM}: {SLOW}; {ADDRESS}"),
    LlmFault("endless answer", Fault("endless"), SLOW, f"{LLM}: {SLOW}; {ADDRESS}"),
    LlmFault(
        "429 Retry-After 3600",
        Fault("status", 429, "3600"),
        "rate-limited the requests (HTTP 429)",
        f"{LLM}: rate-limited the requests and asked to wait 3600 s (more than the 60 s readinggroup waits); run again later",
    ),
    LlmFault(
        "429 without Retry-After", Fault("status", 429), "rate-limited the requests (HTTP 429)"
    ),
    LlmFault("500", Fault("status", 500), "had a server error (HTTP 500)"),
    LlmFault("reset", Fault("reset"), "dropped the connection"),
    LlmFault(
        "HTML instead of JSON",
        Fault("html"),
        "answered with a web page instead of JSON",
        f"{LLM}: answered with a web page instead of JSON; {ADDRESS}",
    ),
    LlmFault(
        "prose instead of JSON",
        Fault("not_json"),
        "answered with malformed JSON",
        f"{LLM}: answered with malformed JSON; the model may not follow the JSON instructions; try another [llm] model",
    ),
]
OK_FIRST = 2  # requests answered before the fault starts


@pytest.mark.parametrize("case", LLM_FAULTS, ids=[case.name for case in LLM_FAULTS])
def test_an_llm_translation_fault_keeps_what_was_translated(rig: LlmRig, case: LlmFault) -> None:
    assert rig.run("fetch", MONTH).exit_code == 0
    papers = len(rig.saved()["papers"])  # type: ignore[arg-type]
    rig.fake.clear()
    started = time.perf_counter()
    rig.fake.fail("llm", *[Fault("ok")] * OK_FIRST)
    rig.fake.fail("llm", case.fault, every=True)
    failed = rig.run("translate", MONTH, "--translator", "llm", "--concurrency", "1")
    timed(f"llm translate {case.name}", started)
    assert failed.exit_code == 4, failed.stderr
    failures = [
        line.split(": ", 1)[1] for line in failed.stderr.splitlines() if line.startswith("  ")
    ]
    assert failures == case.sentences(papers - OK_FIRST)
    assert last_line(failed) == (
        f"Error: {papers - OK_FIRST} item(s) failed; everything else is saved in {SESSION} — "
        "run the same command again to retry"
    )
    assert rig.translated() == OK_FIRST  # what finished is in the session file
    rig.fake.clear()
    again = rig.run("translate", MONTH, "--translator", "llm")
    assert again.exit_code == 0, again.stderr
    assert rig.translated() == papers
    assert rig.fake.counts["llm"] == papers - OK_FIRST  # nothing asked twice


# the summariser shares the translator's client: one case per path through it is enough
SUMMARY_FAULTS = [case for case in LLM_FAULTS if case.name not in ("endless answer", "reset")]


@pytest.mark.parametrize("case", SUMMARY_FAULTS, ids=[case.name for case in SUMMARY_FAULTS])
def test_an_llm_summary_fault_falls_back_to_the_draft_paper_by_paper(
    rig: LlmRig, case: LlmFault
) -> None:
    assert rig.run("fetch", MONTH).exit_code == 0
    rig.fake.clear()
    started = time.perf_counter()
    rig.fake.fail("llm", *[Fault("ok")] * OK_FIRST)
    rig.fake.fail("llm", case.fault, every=True)
    result = rig.run("summarize", MONTH)
    timed(f"llm summarize {case.name}", started)
    assert result.exit_code == 0, result.stderr  # a draft is a summary: nothing failed
    writers = rig.summaries()
    assert [writer == "llm" for _, writer in writers] == [True] * OK_FIRST + [False] * (
        len(writers) - OK_FIRST
    )
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING: ")]
    fell_back = [paper_id for paper_id, _ in writers[OK_FIRST:]]
    assert warnings == [
        f"WARNING: {paper_id}: {sentence}; keeping the extractive draft for this paper"
        for paper_id, sentence in zip(fell_back, case.sentences(len(fell_back)), strict=True)
    ]
    first = load_session(rig.root / SESSION).paper(writers[0][0])
    assert first is not None
    assert first.summary.purpose == LLM_SUMMARY["purpose"]  # what the model wrote is on disk
    open_papers = {  # lines no draft found a clause for (or 固有名 of a paper coining none)
        paper.id
        for paper in listed_papers(load_session(rig.root / SESSION))
        if summary_lines_to_fill(paper)
    }
    rig.fake.clear()
    again = rig.run("summarize", MONTH)
    assert again.exit_code == 0, again.stderr
    assert rig.fake.counts["llm"] == len(open_papers)  # only lines still empty are asked for
    assert load_session(rig.root / SESSION).paper(first.id) == first  # the model's lines stay


def test_a_retry_after_within_the_cap_is_waited_for(rig: LlmRig) -> None:
    assert rig.run("fetch", MONTH).exit_code == 0
    rig.fake.fail("llm", Fault("status", 429, "7"))
    result = rig.run("translate", MONTH, "--translator", "llm")
    assert result.exit_code == 0, result.stderr
    assert rig.pauses == [7.0]


def test_an_endless_answer_is_cut_at_its_size_cap(
    rig: LlmRig, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("readinggroup.adapters.transport.httpx_client.MAX_ANSWER_BYTES", 20_000)
    assert rig.run("fetch", MONTH).exit_code == 0
    rig.fake.fail("llm", Fault("endless"), every=True)
    failed = rig.run("translate", MONTH, "--translator", "llm", "--concurrency", "1")
    assert failed.exit_code == 4, failed.stderr
    first = next(line for line in failed.stderr.splitlines() if line.startswith("  "))
    assert first.split(": ", 1)[1] == (f"{LLM}: sent an answer longer than 20,000 bytes; {ADDRESS}")
