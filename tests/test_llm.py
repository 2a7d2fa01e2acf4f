"""The LLM summariser and translator against a local fake OpenAI-compatible endpoint."""

from __future__ import annotations

import contextlib
import json
import logging
import re
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from readinggroup.adapters.llm import LlmClient, LlmSummarizer
from readinggroup.adapters.translators.llm import LlmTranslator
from readinggroup.adapters.transport.retry import RetryPolicy
from readinggroup.config import Config, LlmSettings
from readinggroup.errors import ConfigError, SourceError, TranslationError
from readinggroup.stages.summarize import summarize_session
from readinggroup.stages.translate import translate_paper
from readinggroup.text.glossary import Glossary
from readinggroup.text.protected import protected_terms
from tests.fakes import example_papers
from tests.local_server import LocalServer
from tests.test_translate_stage import make_session

Answer = Callable[[dict[str, Any]], str]
GOOD = {
    "purpose": "パノプティックセグメンテーションの汎用フレームワークを作ること",
    "result": "COCO test-devで56.2% PQの最先端性能",
    "method": "深層教師ありマスクデコーダとクエリ分離戦略",
    "names": "Panoptic SegFormer、Deformable DETR、Transformer",
}


class FakeEndpoint:
    """``POST /v1/chat/completions`` answered by *answer* (the request's JSON → content)."""

    def __init__(self) -> None:
        self.answer: Answer = lambda request: json.dumps(GOOD, ensure_ascii=False)
        self.requests: list[dict[str, Any]] = []
        self.delay = 0.0
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                body["authorization"] = self.headers.get("Authorization")
                endpoint.requests.append(body)
                time.sleep(endpoint.delay)
                content = endpoint.answer(body)
                reply = {
                    "id": "chatcmpl-1",
                    "object": "chat.completion",
                    "created": 0,
                    "model": body["model"],
                    "choices": [
                        {
                            "index": 0,
                            "finish_reason": "stop",
                            "message": {"role": "assistant", "content": content},
                        }
                    ],
                }
                data = json.dumps(reply).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                # the client may have given up waiting (the timeout test)
                with contextlib.suppress(BrokenPipeError):
                    self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                return None

        self.server = LocalServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"


@pytest.fixture
def endpoint() -> Iterator[FakeEndpoint]:
    fake = FakeEndpoint()
    thread = threading.Thread(target=fake.server.serve_forever, daemon=True)
    thread.start()
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


def _client(endpoint: FakeEndpoint, timeout: float = 10.0) -> LlmClient:
    return LlmClient(
        endpoint.base_url, "fake-model", timeout=timeout, retry=RetryPolicy(sleep=lambda _: None)
    )


def _panoptic() -> Any:
    return example_papers()["2109.03814"]


def test_a_good_answer_fills_the_lines_and_names_the_model(endpoint: FakeEndpoint) -> None:
    summarizer = LlmSummarizer(_client(endpoint))
    session, report = summarize_session(make_session([_panoptic()]), summarizer=summarizer)
    paper = session.paper("2109.03814")
    assert paper is not None
    assert paper.summary.purpose == GOOD["purpose"]
    # the coined names come from the paper's words; the model's only where it coins none
    assert paper.summary.names == "Panoptic SegFormer、Deformable DETR、COCO"
    assert paper.provenance["summary.names"].startswith("extractive:")
    assert paper.provenance["summary.method"].startswith("llm:fake-model:")
    assert report.failed == 0
    request = endpoint.requests[0]
    assert request["model"] == "fake-model"
    sent = json.loads(request["messages"][1]["content"])
    assert sent["title"].startswith("Panoptic SegFormer")
    assert sent["names_to_keep_as_is"][:2] == ["Panoptic SegFormer", "Deformable DETR"]


def test_the_model_names_what_the_abstract_does_not_but_never_a_field_term(
    endpoint: FakeEndpoint,
) -> None:
    endpoint.answer = lambda request: json.dumps(
        {**GOOD, "names": "GAN、pupil shape analysis"}, ensure_ascii=False
    )
    eyes = example_papers()["2109.00162"]  # coins no name
    session, _ = summarize_session(
        make_session([eyes]), summarizer=LlmSummarizer(_client(endpoint))
    )
    paper = session.paper(eyes.id)
    assert paper is not None
    assert paper.summary.names == "pupil shape analysis"
    assert paper.provenance["summary.names"].startswith("llm:fake-model:")


@pytest.mark.parametrize(
    ("answer", "problem"),
    [
        ('{"purpose": "目的", "result": ', "malformed JSON"),
        (json.dumps({**GOOD, "purpose": "Build a general framework"}), "is not Japanese"),
        (json.dumps({**GOOD, "result": "長" * 60}), "longer than one slide line"),
    ],
)
def test_an_unusable_answer_keeps_the_extractive_draft(
    endpoint: FakeEndpoint, answer: str, problem: str, caplog: pytest.LogCaptureFixture
) -> None:
    endpoint.answer = lambda request: answer
    summarizer = LlmSummarizer(_client(endpoint))
    session, report = summarize_session(make_session([_panoptic()]), summarizer=summarizer)
    paper = session.paper("2109.03814")
    assert paper is not None
    assert paper.summary.purpose == "Panoptic segmentation with transformers"
    assert paper.provenance["summary.purpose"].startswith("extractive:")
    assert report.failed == 0
    assert problem in caplog.text
    assert "keeping the extractive draft for this paper" in caplog.text


def test_a_timeout_keeps_the_extractive_draft(
    endpoint: FakeEndpoint, caplog: pytest.LogCaptureFixture
) -> None:
    endpoint.delay = 0.5
    summarizer = LlmSummarizer(_client(endpoint, timeout=0.1))
    session, _ = summarize_session(make_session([_panoptic()]), summarizer=summarizer)
    paper = session.paper("2109.03814")
    assert paper is not None
    assert paper.provenance["summary.result"].startswith("extractive:")
    # the third timeout in a row stops the run asking (the fourth try is not made)
    assert (
        "2109.03814: the LLM endpoint: failed 3 times in a row (last: no answer in time (timed "
        "out)), so this run stopped asking it; "
        "check [llm] base_url and model in readinggroup.toml, or run again later; keeping the "
        "extractive draft for this paper"
    ) in caplog.messages
    assert len(endpoint.requests) == 3


def test_the_key_is_sent_and_never_shown(
    endpoint: FakeEndpoint, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from readinggroup.services import real_services

    monkeypatch.setenv("READINGGROUP_LLM_API_KEY", "sk-secret-123")
    endpoint.answer = lambda request: "not json"
    config = Config(summarizer="llm", llm=LlmSettings(base_url=endpoint.base_url, model="m"))
    summarizer = real_services().summarizer(config)  # the key, read from the environment
    summarize_session(make_session([_panoptic()]), summarizer=summarizer)
    assert endpoint.requests[0]["authorization"] == "Bearer sk-secret-123"
    assert "sk-secret-123" not in caplog.text


def test_the_translator_keeps_protected_names_and_alignment(endpoint: FakeEndpoint) -> None:
    def answer(request: dict[str, Any]) -> str:
        lines = json.loads(request["messages"][1]["content"])
        return json.dumps([f"訳：{line}" for line in lines], ensure_ascii=False)

    endpoint.answer = answer
    paper = example_papers()["2109.01116"]
    translator = LlmTranslator(_client(endpoint))
    result = translate_paper(paper, translator, terms=protected_terms(paper, Glossary()))
    assert result.title == "訳：An Empirical Study of Graph Contrastive Learning"
    assert result.sentences is not None
    assert all(pair.japanese == f"訳：{pair.english}" for pair in result.sentences)
    assert "PyGCL" in (result.abstract or "")
    sent = endpoint.requests[0]["messages"]
    assert "⟦" in sent[1]["content"]  # PyGCL went as a placeholder
    assert "Keep every marker" in sent[0]["content"]
    assert translator.name == "llm:fake-model"


def test_the_translator_refuses_a_misaligned_answer(endpoint: FakeEndpoint) -> None:
    endpoint.answer = lambda request: json.dumps(["一行だけ"], ensure_ascii=False)
    with pytest.raises(TranslationError, match="sent back 1 translations for 2 lines"):
        LlmTranslator(_client(endpoint)).translate("First sentence here.\nSecond one here.")


def test_llm_without_an_endpoint_is_refused_before_any_work() -> None:
    with pytest.raises(ValueError, match=r'summarizer = "llm" needs \[llm\] base_url and model'):
        Config(summarizer="llm")
    with pytest.raises(ConfigError, match=r'translator = "llm" needs \[llm\] base_url'):
        Config().with_overrides(translator="llm")
    Config(summarizer="llm", llm=LlmSettings(base_url="http://127.0.0.1:1/v1", model="m"))


def test_an_unreachable_endpoint_is_a_source_error() -> None:
    client = LlmClient("http://127.0.0.1:9/v1", "m", timeout=2, retry=RetryPolicy(attempts=1))
    with pytest.raises(SourceError, match="could not be reached"):
        LlmSummarizer(client).summarize(title="T", abstract="A.")


def test_the_cli_refuses_llm_without_an_endpoint(workdir: Path) -> None:
    from click.testing import CliRunner

    from readinggroup.cli import cli
    from tests.fakes import fake_services

    result = CliRunner().invoke(
        cli, ["translate", "2021-10", "--translator", "llm"], obj=fake_services()
    )
    assert result.exit_code == 1
    assert 'translator = "llm" needs [llm] base_url and model' in result.output
    (workdir / "readinggroup.toml").write_text('summarizer = "llm"\n', "utf-8")
    result = CliRunner().invoke(cli, ["summarize", "2021-10"], obj=fake_services())
    assert result.exit_code == 1
    assert 'summarizer = "llm" needs [llm] base_url and model' in result.output


def test_one_run_stops_asking_an_endpoint_that_failed_its_translations(
    endpoint: FakeEndpoint,
) -> None:
    """Translator and summariser of one run share the endpoint's breaker: after three failed
    translations the summaries fall back at once instead of asking three more times."""
    from readinggroup.services import real_services

    endpoint.answer = lambda request: "Sure! Here is the translation you asked for."
    config = Config(
        translator="llm",
        summarizer="llm",
        llm=LlmSettings(base_url=endpoint.base_url, model="fake-model"),
    )
    services = real_services()
    translator = services.translator("llm", config)
    assert translator is not None
    for _ in range(3):
        with pytest.raises(SourceError, match="answered with malformed JSON"):
            translator.translate("First sentence here.\nSecond one here.")
    summarizer = services.summarizer(config)
    assert summarizer is not None
    with pytest.raises(TranslationError, match="failed 3 times in a row"):
        summarizer.summarize(title="T", abstract="A.")
    assert len(endpoint.requests) == 3
    next_run = real_services().summarizer(config)  # the next command asks again
    assert next_run is not None
    with pytest.raises(SourceError, match="answered with malformed JSON"):
        next_run.summarize(title="T", abstract="A.")
    assert len(endpoint.requests) == 4


def test_v_says_each_request_to_the_endpoint_with_its_time(
    endpoint: FakeEndpoint, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, "readinggroup"):
        summarize_session(make_session([_panoptic()]), summarizer=LlmSummarizer(_client(endpoint)))
    said = [r.getMessage() for r in caplog.records if r.getMessage().startswith("POST ")]
    assert len(said) == 1
    url = re.escape(f"{endpoint.base_url}/chat/completions")
    assert re.fullmatch(rf"POST {url}: HTTP 200, \d+ bytes in \d+\.\d\d s", said[0])
