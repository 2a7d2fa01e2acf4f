# ruff: noqa: E501  (tables: each expected sentence reads best on one line)
"""The fault catalogue: every service misbehaving, against one local fake server, through the
real CLI with the real adapters (short timeouts and recorded pauses, so nothing really waits).

Each case asserts the exit code and the sentence, that what was fetched or translated before
the fault is on disk (or in the response cache), and that the next run, with the fault gone,
finishes without asking again for what was done.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from readinggroup.adapters.arxiv_api import ArxivMetadata
from readinggroup.adapters.transport.retry import RetryPolicy
from readinggroup.adapters.transport.sessions import PoliteSession
from readinggroup.cli import cli
from readinggroup.config import Config, ListConfig
from readinggroup.protocols import RankingSource, Translator
from readinggroup.services import Services, real_services
from tests.catalogue.fake_server import FakeServices, Fault, black_hole, config_text
from tests.fixtures.translate.fake_services import DEEPL_KEY

MONTH = "2026-10"
SESSION = Path("sessions") / f"{MONTH}.yaml"
READ_TIMEOUT = 0.4  # seconds of silence before a request is given up
DEADLINE = 1.5  # seconds for a whole answer
SLOWEST: list[tuple[float, str]] = []


@dataclass
class Rig:
    """The fake server, the working directory and the pauses the adapters asked for."""

    fake: FakeServices
    root: Path
    pauses: list[float] = field(default_factory=list)

    def session(self, **overrides: object) -> PoliteSession:
        settings: dict[str, object] = {
            "retries": 2,
            "backoff": 1.0,
            "timeout": READ_TIMEOUT,
            "deadline": DEADLINE,
            "sleep": self.pauses.append,
        }
        return PoliteSession(**{**settings, **overrides})  # type: ignore[arg-type]

    def policy(self) -> RetryPolicy:
        return RetryPolicy(sleep=self.pauses.append, jitter=lambda: 1.0)

    def services(self) -> Services:
        from readinggroup.adapters.sources.alphaxiv import AlphaxivSource
        from readinggroup.adapters.sources.hf import HfSource
        from readinggroup.adapters.sources.hn import HnSource
        from readinggroup.adapters.sources.s2 import S2Source
        from readinggroup.adapters.translators.deepl_api import DeepLTranslator
        from readinggroup.adapters.translators.google import GoogleTranslator

        cache = self.root.parent / "cache"

        def ranking(name: str, listed: ListConfig, config: Config, root: Path) -> RankingSource:
            from readinggroup.adapters.transport.sessions import cached_session

            session = cached_session(
                cache,
                retries=2,
                backoff=1.0,
                timeout=READ_TIMEOUT,
                deadline=DEADLINE,
                sleep=self.pauses.append,
            )
            sources = config.sources
            if name == "hf":
                return HfSource(sources.hf.base_url, session=session)
            if name == "hn":
                return HnSource(sources.hn.base_url, session=session)
            if name == "s2":
                return S2Source(sources.s2.base_url, session=session)
            return AlphaxivSource(
                sources.alphaxiv.base_url, session=session, today=lambda: date(2026, 10, 5)
            )

        def translator(name: str, config: Config) -> Translator | None:
            if name == "google":
                return GoogleTranslator(
                    config.translators.google.base_url,
                    timeout=(READ_TIMEOUT, READ_TIMEOUT),
                    retry=self.policy(),
                    session_factory=lambda: self.session(retries=0),
                )
            if name == "deepl":
                return DeepLTranslator(
                    DEEPL_KEY,
                    base_url=config.translators.deepl.base_url,
                    timeout=READ_TIMEOUT,
                    deadline=DEADLINE,
                    retry=self.policy(),
                )
            return None

        return dataclasses.replace(
            real_services(),
            metadata=lambda config: ArxivMetadata(
                config.sources.arxiv.base_url,
                delay_seconds=0,
                session=self.session(retries=0),
                backoff=15.0,
                sleep=self.pauses.append,
            ),
            ranking=ranking,
            translator=translator,
            cache_dir=lambda: cache,
            figures=lambda config: None,  # the key figures' faults: tests/test_figures_*.py
        )

    def run(self, *args: str) -> Result:
        result = CliRunner().invoke(cli, ["-C", str(self.root), *args], obj=self.services())
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result

    def saved(self) -> dict[str, object]:
        data = yaml.safe_load((self.root / SESSION).read_text("utf-8"))
        assert isinstance(data, dict)
        return data

    def translated(self) -> int:
        papers = self.saved()["papers"]
        assert isinstance(papers, list)
        return sum(1 for paper in papers if paper.get("title_ja"))


@pytest.fixture
def rig(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Rig]:
    import deepl

    monkeypatch.setattr(deepl.http_client._BackoffTimer, "BACKOFF_INITIAL", 0.0)
    fake = FakeServices()
    with fake.running():
        root = tmp_path / "work"
        root.mkdir()
        (root / "readinggroup.toml").write_text(config_text(fake.base_url), "utf-8")
        yield Rig(fake, root)


def last_line(result: Result) -> str:
    lines = result.stderr.strip().splitlines()
    return lines[-1] if lines else ""


def timed(name: str, started: float) -> None:
    SLOWEST.append((time.perf_counter() - started, name))


# --- ranking services: nothing written, what answered is reused ----------------------------

HF, HN, S2, AX = (
    "Hugging Face Papers",
    "Hacker News search (Algolia)",
    "Semantic Scholar",
    "alphaXiv (unofficial API)",
)
NETWORK = "check the network and run again"


@dataclass(frozen=True)
class RankingFault:
    name: str
    service: str
    fault: Fault
    message: str
    every: bool = True


RANKING_FAULTS = [
    RankingFault(
        "hf read timeout", "hf", Fault("hang"), f"{HF}: no answer in time (timed out); {NETWORK}"
    ),
    RankingFault("hn reset", "hn", Fault("reset"), f"{HN}: dropped the connection; {NETWORK}"),
    RankingFault(
        "hn 429 without Retry-After",
        "hn",
        Fault("status", 429),
        f"{HN}: rate-limited the requests (HTTP 429); wait a few minutes and run again",
    ),
    RankingFault(
        "hf 429 Retry-After 3600",
        "hf",
        Fault("status", 429, "3600"),
        f"{HF}: rate-limited the requests and asked to wait 3600 s (more than the 60 s readinggroup waits); run again later",
        every=False,
    ),
    RankingFault(
        "s2 500",
        "s2",
        Fault("status", 500),
        f"{S2}: had a server error (HTTP 500); try again later",
    ),
    RankingFault(
        "alphaxiv 503",
        "alphaxiv",
        Fault("status", 503),
        f"{AX}: had a server error (HTTP 503); try again later",
    ),
    RankingFault(
        "hn HTML instead of JSON",
        "hn",
        Fault("html"),
        f"{HN}: answered with a web page instead of JSON; the service may be down or its address or API may have changed; try again later",
    ),
    RankingFault(
        "s2 truncated body",
        "s2",
        Fault("truncated"),
        f"{S2}: sent an answer that was cut off before its end; {NETWORK}",
    ),
    RankingFault(
        "hf trickled a byte at a time",
        "hf",
        Fault("trickle"),
        f"{HF}: sent its answer too slowly (the answer took longer than {DEADLINE:g} s); {NETWORK}",
    ),
]


@pytest.mark.parametrize("case", RANKING_FAULTS, ids=[case.name for case in RANKING_FAULTS])
def test_a_ranking_fault_is_one_sentence_and_the_next_run_finishes(
    rig: Rig, case: RankingFault
) -> None:
    started = time.perf_counter()
    rig.fake.fail(case.service, case.fault, every=case.every)
    failed = rig.run("fetch", MONTH)
    timed(case.name, started)
    assert failed.exit_code == 3, failed.stderr
    assert last_line(failed) == f"Error: {case.message}"
    assert not (rig.root / SESSION).exists()  # nothing half-ranked is written
    asked_before = dict(rig.fake.counts)
    rig.fake.clear()
    again = rig.run("fetch", MONTH)
    assert again.exit_code == 0, again.stderr
    for service, count in asked_before.items():  # answers fetched before the fault are reused
        if service not in (case.service, "arxiv") and count:
            assert rig.fake.counts[service] == 0, service
    assert len(rig.saved()["lists"]) == 3  # type: ignore[arg-type]


def test_retry_after_within_the_cap_is_waited_for(rig: Rig) -> None:
    rig.fake.fail("hf", Fault("status", 429, "7"))
    result = rig.run("fetch", MONTH)
    assert result.exit_code == 0, result.stderr
    assert 7.0 in rig.pauses


def test_a_connect_timeout_is_one_sentence(rig: Rig) -> None:
    started = time.perf_counter()
    with black_hole() as nowhere:
        config = config_text(rig.fake.base_url, hf_url=nowhere)
        (rig.root / "readinggroup.toml").write_text(config, "utf-8")
        failed = rig.run("fetch", MONTH)
    timed("hf connect timeout", started)
    assert failed.exit_code == 3, failed.stderr
    assert last_line(failed) == f"Error: {HF}: no answer in time (timed out); {NETWORK}"
    (rig.root / "readinggroup.toml").write_text(config_text(rig.fake.base_url), "utf-8")
    assert rig.run("fetch", MONTH).exit_code == 0


# --- arXiv: the ranks are saved, the lookup is asked again --------------------------------

ARXIV_FAULTS = [
    (
        "arXiv 503",
        Fault("status", 503),
        "arXiv API: had a server error (HTTP 503); try again later",
    ),
    (
        "arXiv 429 Retry-After 3600",
        Fault("status", 429, "3600"),
        "arXiv API: rate-limited the requests and asked to wait 3600 s (more than the 60 s readinggroup waits); run again later",
    ),
    (
        "arXiv empty page",
        Fault("empty"),
        "arXiv API: kept sending empty pages; try again in a few minutes",
    ),
    (
        "arXiv HTML instead of XML",
        Fault("html"),
        "arXiv API: sent an answer that is not an Atom feed; check [sources.arxiv] base_url in readinggroup.toml, or try again later",
    ),
    (
        "arXiv truncated body",
        Fault("truncated"),
        "arXiv API: sent an answer that was cut off before its end; check the network",
    ),
    (
        "arXiv read timeout",
        Fault("hang"),
        "arXiv API: no answer in time (timed out); check the network",
    ),
    ("arXiv reset", Fault("reset"), "arXiv API: dropped the connection; check the network"),
    (
        "arXiv trickled",
        Fault("trickle"),
        f"arXiv API: sent its answer too slowly (the answer took longer than {DEADLINE:g} s); check the network",
    ),
]


@pytest.mark.parametrize(
    ("name", "fault", "message"), ARXIV_FAULTS, ids=[c[0] for c in ARXIV_FAULTS]
)
def test_an_arxiv_fault_keeps_the_ranks(rig: Rig, name: str, fault: Fault, message: str) -> None:
    started = time.perf_counter()
    rig.fake.fail("arxiv", fault, every=True)
    failed = rig.run("fetch", MONTH)
    timed(name, started)
    assert failed.exit_code == 3, failed.stderr
    assert last_line(failed) == f"Error: {message}"
    ranked = rig.saved()
    assert len(ranked["lists"]) == 3  # type: ignore[arg-type]
    rig.fake.clear()
    again = rig.run("fetch", MONTH)
    assert again.exit_code == 0, again.stderr
    assert rig.fake.counts["arxiv"] == 1
    assert sum(rig.fake.counts[s] for s in ("hf", "hn", "s2", "alphaxiv")) == 0  # reused
    assert all(paper.get("title") for paper in rig.saved()["papers"])  # type: ignore[union-attr]


def test_an_unknown_id_a_service_ranked_is_named_and_left_out(rig: Rig) -> None:
    rig.run("fetch", MONTH)
    first = rig.saved()["lists"][0]["entries"]  # type: ignore[index]
    ids = [entry["id"] for entry in first]
    rig.fake.unknown = {ids[0]}
    (rig.root / SESSION).unlink()
    rig.fake.clear()
    rig.fake.unknown = {ids[0]}
    fetched = rig.run("fetch", MONTH)
    assert fetched.exit_code == 0, fetched.stderr  # not "run again": arXiv's answer is final
    assert (
        f"WARNING: arXiv does not know {ids[0]} (Top recent #1 from hf); it is left out of the list"
    ) in fetched.stderr.splitlines()
    entries = rig.saved()["lists"][0]["entries"]  # type: ignore[index]
    assert [entry["id"] for entry in entries] == ids[1:]  # the others move up
    assert [entry["rank"] for entry in entries] == list(range(1, len(ids)))
    assert rig.fake.counts["arxiv"] == 1


# --- translation: papers done before the fault are saved, the rest asked next time ---------


@dataclass(frozen=True)
class TranslateFault:
    name: str
    translator: str
    faults: tuple[Fault, ...]
    first_failure: str  # the sentence after "<paper id>: " on the first failure line
    ok_first: int = 2  # requests answered before the fault starts
    code: int = 4


GT, DL = "Google Translate", "DeepL"
TRANSLATE_FAULTS = [
    TranslateFault(
        "google hangs every time",
        "google",
        (Fault("hang"),),
        f"{GT}: timed out 3 times in a row, so this run stopped asking it; run again later to translate the rest",
    ),
    TranslateFault(
        "google trickles",
        "google",
        (Fault("trickle"),),
        f"{GT}: sent its answer too slowly (the answer took longer than {DEADLINE:g} s); check the network and run again later",
    ),
    TranslateFault(
        "google 503",
        "google",
        (Fault("status", 503),),
        f"{GT}: had a server error (HTTP 503), 4 tries in a row; wait a few minutes and run again",
    ),
    TranslateFault(
        "google 429 Retry-After 3600",
        "google",
        (Fault("status", 429, "3600"),),
        f"{GT}: rate-limited the requests and asked to wait 3600 s (more than the 60 s readinggroup waits); run again later",
    ),
    TranslateFault(
        "google captcha page",
        "google",
        (Fault("html"),),
        f"{GT}: sent a page with no translation in it (perhaps a captcha or consent page); wait a while and run again",
    ),
    TranslateFault(
        "google unchanged translation",
        "google",
        (Fault("unchanged"),),
        f"{GT}: sent back the English untranslated; wait a while and run again",
    ),
    TranslateFault(
        "google reset",
        "google",
        (Fault("reset"),),
        f"{GT}: dropped the connection, 4 tries in a row; wait a few minutes and run again",
    ),
    TranslateFault(
        "deepl hangs every time",
        "deepl",
        (Fault("hang"),),
        f"{DL}: timed out 3 times in a row, so this run stopped asking it; run again later to translate the rest",
    ),
    TranslateFault(
        "deepl 429",
        "deepl",
        (Fault("status", 429),),
        f"{DL}: rate-limited the requests (HTTP 429), 4 tries in a row; wait a few minutes and run again",
    ),
    TranslateFault(
        "deepl unchanged translation",
        "deepl",
        (Fault("unchanged"),),
        f"{DL}: sent back the English untranslated; wait a while and run again",
    ),
]


@pytest.mark.parametrize("case", TRANSLATE_FAULTS, ids=[case.name for case in TRANSLATE_FAULTS])
def test_a_translation_fault_keeps_what_was_translated(rig: Rig, case: TranslateFault) -> None:
    assert rig.run("fetch", MONTH).exit_code == 0
    papers = len(rig.saved()["papers"])  # type: ignore[arg-type]
    rig.fake.clear()
    started = time.perf_counter()
    rig.fake.fail(case.translator, *[Fault("ok")] * case.ok_first)
    rig.fake.fail(case.translator, *case.faults, every=True)
    failed = rig.run("translate", MONTH, "--translator", case.translator, "--concurrency", "1")
    timed(case.name, started)
    assert failed.exit_code == case.code, failed.stderr
    failures = [line for line in failed.stderr.splitlines() if line.startswith("  ")]
    assert failures[0].split(": ", 1)[1] == case.first_failure
    assert last_line(failed) == (
        f"Error: {papers - case.ok_first} item(s) failed; everything else is saved in "
        f"{SESSION} — run the same command again to retry"
    )
    assert rig.translated() == case.ok_first  # what finished is in the session file
    rig.fake.clear()
    again = rig.run("translate", MONTH, "--translator", case.translator)
    assert again.exit_code == 0, again.stderr
    assert rig.translated() == papers
    # nothing asked twice (a retry of a request that timed out on a loaded machine aside)
    assert rig.fake.distinct(case.translator) == papers - case.ok_first


def test_report_the_slowest_fault_case(capsys: pytest.CaptureFixture[str]) -> None:
    """Runs last in this file: prints the slowest case (the catalogue must stay quick)."""
    if SLOWEST:
        seconds, name = max(SLOWEST)
        with capsys.disabled():
            print(f"\nfault cases: {len(SLOWEST)}, slowest: {name} {seconds:.2f} s")
        assert seconds < 60  # a hang would show here first


def test_ctrl_c_during_translate_keeps_the_papers_finished(rig: Rig) -> None:
    """The translate stage hands back each finished paper; the orchestrator saves them, and
    saves the last ones when the run is interrupted."""
    assert rig.run("fetch", MONTH).exit_code == 0
    services = rig.services()
    real_translator = services.translator
    asked: list[str] = []

    def interrupting(name: str, config: Config) -> Translator | None:
        inner = real_translator(name, config)
        assert inner is not None

        class Interrupting:
            name = inner.name

            def translate(self, text: str) -> str:
                asked.append(text)
                if len(asked) == 4:
                    raise KeyboardInterrupt
                return inner.translate(text)

        return Interrupting()

    services = dataclasses.replace(services, translator=interrupting)
    result = CliRunner().invoke(
        cli, ["-C", str(rig.root), "translate", MONTH, "--concurrency", "1"], obj=services
    )
    assert result.exit_code == 1  # click's "Aborted!"
    assert rig.translated() == 3
    rig.fake.clear()
    assert rig.run("translate", MONTH).exit_code == 0
    papers = len(rig.saved()["papers"])  # type: ignore[arg-type]
    assert rig.translated() == papers
    # at most the rest is asked (a paper under way at Ctrl-C may have reached the cache)
    assert rig.fake.distinct("google") <= papers - 3
