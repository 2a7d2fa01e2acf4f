"""The README's bounds on a failing service, through the real CLI against the local fake server.

An answer that trickles past its deadline is not asked again, and one failing service holds a
run for at most its budget plus one deadline: every failed request's time counts against the
run's budget (made per command by the orchestrator), and a service whose budget is spent is not
asked again. Each test is bounded by a timeout, but asserts the requests made, not the speed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from readinggroup.adapters.transport import budget, profiles
from readinggroup.cli import cli
from tests.catalogue.fake_server import FakeServices, Fault, config_text
from tests.test_catalogue_faults import DEADLINE, MONTH, Rig

TEST_DEADLINE = 1.0  # seconds for a whole answer in the real adapters' profiles, here
TEST_BUDGET = 1.9  # one trickled answer leaves budget for one more; two spend it
BOUND = 60.0  # seconds: a test still running then has hung (the old code took minutes)


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


def bounded(*args: str, obj: object = None) -> Result:
    """The CLI's result for *args*, failing the test if it runs past BOUND seconds."""
    results: list[Result] = []
    worker = threading.Thread(
        target=lambda: results.append(CliRunner().invoke(cli, list(args), obj=obj)), daemon=True
    )
    worker.start()
    worker.join(BOUND)
    assert not worker.is_alive(), f"{args} ran past {BOUND:g} s"
    return results[0]


def test_a_translation_trickled_past_its_deadline_is_not_asked_again(rig: Rig) -> None:
    assert rig.run("fetch", MONTH).exit_code == 0
    papers = len(rig.saved()["papers"])  # type: ignore[arg-type]
    rig.fake.clear()
    rig.fake.fail("google", Fault("ok"), Fault("ok"), Fault("trickle"))  # then answers again
    args = ("-C", str(rig.root), "translate", MONTH, "--concurrency", "1")
    result = bounded(*args, obj=rig.services())
    assert result.exit_code == 4, result.stderr
    failures = [line for line in result.stderr.splitlines() if line.startswith("  ")]
    assert [line.split(": ", 1)[1] for line in failures] == [
        f"Google Translate: sent its answer too slowly (the answer took longer than "
        f"{DEADLINE:g} s); check the network and run again later"
    ]
    assert rig.fake.counts["google"] == papers  # each paper asked once, the trickled one too
    assert rig.translated() == papers - 1


@pytest.fixture
def short_profiles(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real adapters' profiles and the run's budget, shortened: a read timeout longer than
    the deadline, so only the deadline cuts a trickle; a budget between one and two deadlines."""
    for name in ("GOOGLE", "DEEPL", "LLM"):
        shorter = getattr(profiles, name).but(read=2 * TEST_DEADLINE, deadline=TEST_DEADLINE)
        monkeypatch.setattr(profiles, name, shorter)
    monkeypatch.setattr(budget, "SERVICE_BUDGET", TEST_BUDGET)
    # arXiv's 3 s between pages is for arxiv.org, not for the fake on this machine
    monkeypatch.setattr("readinggroup.adapters.affiliations.arxiv_pages.POLITE_DELAY", 0.0)


@pytest.mark.parametrize(
    ("service", "command", "head"),
    [
        ("google", "translate", 'translator = "google"'),
        ("deepl", "translate", 'translator = "deepl"'),
        ("llm", "translate", 'translator = "llm"'),
        ("llm", "summarize", 'translator = "none"\nsummarizer = "llm"'),
    ],
)
@pytest.mark.usefixtures("short_profiles")
def test_a_trickling_service_costs_a_run_its_budget_and_one_deadline_at_most(
    rig: Rig, monkeypatch: pytest.MonkeyPatch, service: str, command: str, head: str
) -> None:
    """The breakers would allow three trickled answers in a row; the run's budget stops the
    real adapters after two (the first leaves part of it, the second spends it all)."""
    monkeypatch.setenv("DEEPL_AUTH_KEY", rig.fake.deepl_key)
    assert rig.run("fetch", MONTH).exit_code == 0
    (rig.root / "readinggroup.toml").write_text(config_text(rig.fake.base_url, head=head), "utf-8")
    rig.fake.clear()
    rig.fake.fail(service, Fault("trickle"), every=True)
    one_at_a_time = ("--concurrency", "1") if command == "translate" else ()
    result = bounded("-C", str(rig.root), command, MONTH, *one_at_a_time)
    assert rig.fake.counts[service] == 2, result.stderr
    assert "so this run stopped asking it" in result.stderr
