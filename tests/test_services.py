"""The services registry: keyed by the config's allowed names, one run's adapters sharing its
budget and LLM client, the API keys read once and never shown, retry policies made in one place."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import get_args

from readinggroup.adapters.transport.budget import RunBudget
from readinggroup.adapters.transport.keys import ApiKeys
from readinggroup.config import Config, LlmSettings, SourceName, SummarizerName, TranslatorName
from readinggroup.services import real_services, registry
from tests.fakes import fake_services

SRC = Path(__file__).resolve().parent.parent / "src" / "readinggroup"


def test_the_registries_hold_exactly_the_names_the_config_allows() -> None:
    assert list(registry.SOURCES) == list(get_args(SourceName))
    assert list(registry.TRANSLATORS) == list(get_args(TranslatorName))
    assert list(registry.SUMMARIZERS) == list(get_args(SummarizerName))


def test_each_run_gets_its_own_budget_and_llm_client_and_keeps_what_was_handed_in() -> None:
    config = Config(
        translator="llm",
        summarizer="llm",
        llm=LlmSettings(base_url="http://127.0.0.1:9/v1", model="m"),
    )
    first, second = RunBudget(), RunBudget()
    services = real_services(keys=ApiKeys())
    one = services.for_run(first)
    other = services.for_run(second)
    assert one.translator("llm", config)._client is one.summarizer(config)._client  # type: ignore[union-attr]
    assert one.translator("llm", config)._client is not other.translator("llm", config)._client  # type: ignore[union-attr]
    assert one.translator("llm", config)._client._retry.run is first  # type: ignore[union-attr]
    fakes = fake_services()
    assert fakes.for_run(first).translator is fakes.translator


def test_the_keys_are_read_from_the_environment_once_and_never_shown() -> None:
    keys = ApiKeys.from_environment(
        {"DEEPL_AUTH_KEY": " dk:fx ", "S2_API_KEY": "s2-key", "READINGGROUP_LLM_API_KEY": "sk-1"}
    )
    assert (keys.deepl, keys.s2, keys.llm) == ("dk:fx", "s2-key", "sk-1")
    assert repr(keys) == "ApiKeys()"


def test_retry_policies_are_made_from_the_named_profiles_only() -> None:
    """Timeouts and retries stay in one place: no module but profiles.py builds a RetryPolicy."""
    makers = sorted(
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", getattr(node.func, "attr", "")) == "RetryPolicy"
    )
    assert makers == ["adapters/transport/profiles.py"]


def test_the_readme_says_the_profiles_numbers() -> None:
    """README "Waiting on services" and the profiles are one statement: a changed number in
    either place fails here."""
    from readinggroup.adapters.transport import budget, profiles, retry
    from readinggroup.adapters.transport.failures import RETRY_STATUSES

    readme = " ".join((SRC.parent.parent / "README.md").read_text("utf-8").split())
    json, google, llm = profiles.JSON_SERVICE, profiles.GOOGLE, profiles.LLM
    assert profiles.DEEPL.read == google.read
    assert profiles.DEEPL.deadline == google.deadline
    *statuses, last = (str(status) for status in sorted(RETRY_STATUSES))
    for sentence in (
        f"a connect timeout ({json.connect:g} s), a read timeout ({json.read:g} s; "
        f"{google.read:g} s for translations) and a deadline for the whole answer "
        f"({json.deadline:g} s; {google.deadline:g} s for a translation)",
        f"Timeouts, dropped connections, {', '.join(statuses)} and {last} are asked again",
        f"up to {json.attempts} tries with exponential backoff (arXiv: "
        f"{profiles.ARXIV_API.first_delay:g} s, then {2 * profiles.ARXIV_API.first_delay:g} s)",
        f"`Retry-After` is honoured up to {retry.RETRY_AFTER_CAP:g} s",
        f"have cost a run **{budget.SERVICE_BUDGET:g} s**",
        f"a read timeout of {llm.read:g} s and a deadline of {llm.deadline:g} s per answer",
    ):
        assert sentence in readme
