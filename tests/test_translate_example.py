"""The shipped 2021-10 papers re-translated through the CLI against the local fake services.

Done when: no title loses its head name, no slide text holds LaTeX, a warm re-run asks nothing.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from readinggroup.adapters.translators.google import GoogleTranslator
from readinggroup.adapters.transport.retry import RetryPolicy
from readinggroup.cli import cli
from readinggroup.models import Session
from readinggroup.plan import plan_deck
from readinggroup.services import Services, real_services
from readinggroup.session import load_session, save_session
from readinggroup.stages import listed_papers
from readinggroup.text.latex import has_latex_markup
from readinggroup.text.names import title_head_name
from tests.fakes import fake_services
from tests.fixtures.translate.fake_services import DEEPL_KEY, FakeTranslateServer, Fault

SESSION = Path("sessions") / "2021-10.yaml"
# The book "Physics-based Deep Learning" has no abstract and its 固有名 is its whole title:
# nothing of it is left to send.
NOTHING_TO_SEND = {"2109.05237"}


def blank(workdir: Path) -> Session:
    """The example session with every Japanese title and abstract emptied."""
    session = load_session(workdir / SESSION)
    blanked = session.with_papers(
        tuple(
            dataclasses.replace(
                paper,
                title_ja="",
                abstract_ja="",
                provenance={
                    k: v
                    for k, v in paper.provenance.items()
                    if k not in ("title_ja", "abstract_ja")
                },
            )
            for paper in session.papers
        )
    )
    save_session(blanked, workdir / SESSION)
    return blanked


def google(server: FakeTranslateServer, cache: Path) -> Services:
    translator = GoogleTranslator(server.url, retry=RetryPolicy(sleep=lambda _: None))
    return fake_services(translator=translator, cache_dir=cache)


def run(args: list[str], services: Services) -> Result:
    return CliRunner().invoke(cli, args, obj=services)


def slide_texts(session: Session) -> list[str]:
    return [
        value
        for slide in plan_deck(session)
        for value in dataclasses.asdict(slide).values()
        if isinstance(value, str)
    ] + [line for slide in plan_deck(session) for line in getattr(slide, "lines", ())]


def test_names_survive_latex_is_gone_and_a_warm_rerun_asks_nothing(
    workdir: Path, server: FakeTranslateServer, tmp_path: Path
) -> None:
    listed = listed_papers(blank(workdir))
    result = run(["translate", "2021-10"], google(server, tmp_path / "cache"))
    assert result.exit_code == 0, result.output
    assert result.stdout == "sessions/2021-10.yaml\n"
    assert f"translated {len(listed)} papers" in result.stderr.splitlines()
    asked = [paper for paper in listed if paper.id not in NOTHING_TO_SEND]
    assert server.requests == len(asked)  # one request per paper

    session = load_session(workdir / SESSION)
    for paper in listed_papers(session):
        assert paper.title_ja, paper.id
        head = title_head_name(paper.title)
        if head:
            assert paper.title_ja.startswith(head), (paper.id, paper.title_ja)
        assert paper.provenance["title_ja"].startswith("google:")
    panoptic = session.paper("2109.03814")
    assert panoptic is not None
    assert "総括的な SegFormer" not in panoptic.title_ja  # what Google (and the fake) made of it
    for text in slide_texts(session):
        assert not has_latex_markup(text), text

    blank(workdir)
    before = server.requests
    again = run(["translate", "2021-10"], google(server, tmp_path / "cache"))
    assert again.exit_code == 0, again.output
    assert server.requests == before  # every answer came from the cache
    assert load_session(workdir / SESSION) == session

    blank(workdir)
    fresh = run(["translate", "2021-10", "--no-cache"], google(server, tmp_path / "cache"))
    assert fresh.exit_code == 0, fresh.output
    assert server.requests == before + len(asked)


def test_the_shipped_japanese_is_never_overwritten(
    workdir: Path, server: FakeTranslateServer, tmp_path: Path
) -> None:
    original = (workdir / SESSION).read_bytes()
    result = run(["translate", "2021-10"], google(server, tmp_path / "cache"))
    assert result.exit_code == 0, result.output
    assert server.requests == 0
    assert (workdir / SESSION).read_bytes() == original


def test_failed_papers_are_counted_and_retried(
    workdir: Path, server: FakeTranslateServer, tmp_path: Path
) -> None:
    listed = listed_papers(blank(workdir))
    server.fail_next(Fault(status=403), Fault("sorry"))
    result = run(["translate", "2021-10", "--concurrency", "1"], google(server, tmp_path / "c"))
    assert result.exit_code == 4
    total = len(listed)
    assert f"translated {total - 2}/{total}; 2 failed — run again to retry" in result.stderr
    assert "Google Translate: refused the request at" in result.stderr
    assert "perhaps a captcha or consent page" in result.stderr
    before = server.requests
    retry = run(["translate", "2021-10"], google(server, tmp_path / "c"))
    assert retry.exit_code == 0, retry.output
    assert "translated 2 papers" in retry.stderr.splitlines()
    assert server.requests == before + 2


def test_the_glossary_keeps_a_term(
    workdir: Path, server: FakeTranslateServer, tmp_path: Path
) -> None:
    blank(workdir)
    (workdir / "glossary.yaml").write_text("Transformer: keep\nvision: 視覚情報\n", "utf-8")
    assert run(["translate", "2021-10"], google(server, tmp_path / "c")).exit_code == 0
    session = load_session(workdir / SESSION)
    infinity = session.paper("2109.00301")
    assert infinity is not None
    assert infinity.title_ja.startswith("∞-former")
    assert infinity.title_ja.endswith("Transformer")
    convmlp = session.paper("2109.04454")
    assert convmlp is not None
    assert "視覚情報" in convmlp.title_ja


def test_a_broken_glossary_stops_before_any_request(
    workdir: Path, server: FakeTranslateServer, tmp_path: Path
) -> None:
    blank(workdir)
    (workdir / "glossary.yaml").write_text("Primer: keep\nPrimer: keep\n", "utf-8")
    result = run(["translate", "2021-10"], google(server, tmp_path / "c"))
    assert result.exit_code == 1
    assert "glossary.yaml: line 2: 'Primer' is listed twice; keep one entry" in result.stderr
    assert server.requests == 0


def _real(cache: Path) -> Services:
    return dataclasses.replace(
        fake_services(cache_dir=cache), translator=real_services().translator
    )


def test_real_services_build_google_from_the_config(
    workdir: Path, server: FakeTranslateServer, tmp_path: Path
) -> None:
    blank(workdir)
    (workdir / "readinggroup.toml").write_text(
        f'translator = "google"\n[translators.google]\nbase_url = "{server.url}"\n', "utf-8"
    )
    result = run(["translate", "2021-10"], _real(tmp_path / "c"))
    assert result.exit_code == 0, result.output
    assert {seen.service for seen in server.seen} == {"google"}


def test_deepl_with_the_key_from_the_environment(
    workdir: Path, server: FakeTranslateServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed = listed_papers(blank(workdir))
    (workdir / "readinggroup.toml").write_text(
        f'[translators.deepl]\nbase_url = "{server.url}"\n', "utf-8"
    )
    monkeypatch.setenv("DEEPL_AUTH_KEY", DEEPL_KEY)
    result = run(["translate", "2021-10", "--translator", "deepl"], _real(tmp_path / "c"))
    assert result.exit_code == 0, result.output
    asked = [paper for paper in listed if paper.id not in NOTHING_TO_SEND]
    assert [seen.service for seen in server.seen] == ["deepl"] * len(asked)
    primer = load_session(workdir / SESSION).paper("2109.08668")
    assert primer is not None
    assert primer.title_ja.startswith("Primer: ")
    assert primer.provenance["title_ja"].startswith("deepl:")


def test_deepl_without_a_key_says_where_it_goes(workdir: Path, tmp_path: Path) -> None:
    blank(workdir)
    result = run(["translate", "2021-10", "--translator", "deepl"], _real(tmp_path / "c"))
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: DeepL needs an API key: set DEEPL_AUTH_KEY in the environment (keys are never "
        "read from files), or use --translator google\n"
    )


def test_concurrency_must_be_sensible(workdir: Path, tmp_path: Path) -> None:
    result = run(["translate", "2021-10", "--concurrency", "0"], _real(tmp_path / "c"))
    assert result.exit_code == 2
    assert "Invalid value for '--concurrency'" in result.stderr
