"""Any OpenAI-compatible chat endpoint (OpenAI, ollama, vLLM, LM Studio) through ``openai``.

The key comes from ``READINGGROUP_LLM_API_KEY`` (read once per run, :mod:`.transport.keys`) and
may be unset (local servers); it is handed to the client and never written to a file, a log
line or a message. Answers are asked for as
JSON and checked before use: a summary that is malformed, not Japanese or longer than a slide
line raises, and the summarize stage keeps the extractive draft for that paper.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from readinggroup.adapters.transport import profiles
from readinggroup.adapters.transport.failures import (
    Failed,
    request_failure,
    retry_after_value,
    transient_status,
)
from readinggroup.adapters.transport.keys import LLM_KEY
from readinggroup.adapters.transport.retry import Breaker, RetryPolicy, call_with_retries
from readinggroup.errors import SourceError, TranslationError
from readinggroup.protocols import SummaryLines
from readinggroup.text.clauses import fits_line
from readinggroup.text.script import reads_as_japanese

log = logging.getLogger(__name__)

FAILURES_IN_A_ROW = 3  # failed requests, then this run stops asking the endpoint
SERVICE = "the LLM endpoint"
_ADDRESS_HINT = "check [llm] base_url and model in readinggroup.toml"
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$")

SUMMARY_PROMPT = """\
あなたは機械学習の論文読み会の幹事です。論文のタイトルと要旨から、スライドに載せる要約を
簡潔な日本語で書いてください。次のキーを持つJSONオブジェクトだけを返してください。
- "purpose": 目的（何を解決・実現するのか）。体言止め、20〜36文字。
- "result": 成果（数値があれば数値で）。20〜36文字。
- "method": 方法（提案手法の核）。20〜36文字。
- "names": 固有名（論文が名付けたモデル・手法・データセット名を「、」区切り。なければ空文字）。
  GAN、CNN、Transformer のような分野の一般用語だけを書かないこと。
モデル名・データセット名（names_to_keep_as_is など）は英語のまま書き、要旨にないことは
書かないでください。"""

TRANSLATE_PROMPT = """\
Translate each English line of the JSON array into natural Japanese, as a machine-learning
researcher would write it. Answer with only a JSON array of strings: exactly one Japanese
string for each input line, in the same order. Keep every marker such as ⟦0⟧ exactly as it is
(each stands for a name). Keep as is: {names}."""


class _SummaryAnswer(BaseModel):
    model_config = ConfigDict(extra="ignore")

    purpose: str
    result: str
    method: str
    names: str = ""

    @field_validator("purpose", "result", "method")
    @classmethod
    def _one_japanese_line(cls, value: str) -> str:
        value = " ".join(value.split()).rstrip("。．.")
        if not reads_as_japanese(value):
            raise ValueError("is not Japanese")
        if not fits_line(value):
            raise ValueError("is longer than one slide line")
        return value


class LlmClient:
    """One chat endpoint: *base_url* (…/v1) and *model*.

    *api_key* may be empty (a local server); *timeout* (the silence allowed while waiting or
    reading) and *deadline* (the time for a whole answer) override the LLM profile's. Timeouts,
    429 (``Retry-After`` honoured up to the cap) and 5xx are asked again under *retry* (the
    LLM profile's policy unless given), and after :data:`FAILURES_IN_A_ROW` failed requests in
    a row the run stops asking the endpoint: every paper left falls back at once.
    """

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: str = "",
        timeout: float | None = None,
        deadline: float | None = None,
        retry: RetryPolicy | None = None,
    ) -> None:
        import openai

        from readinggroup.adapters.transport.httpx_client import deadline_client

        self.model = model
        self._retry = retry or profiles.LLM.policy()
        self._breaker = Breaker(
            SERVICE,
            limit=FAILURES_IN_A_ROW,
            error=TranslationError,
            counts=lambda failure: isinstance(failure, Failed | SourceError),
            hint="check [llm] base_url and model in readinggroup.toml, or run again later",
        )
        http_client = deadline_client(base_url, profiles.LLM.but(read=timeout, deadline=deadline))
        self._client = openai.OpenAI(
            base_url=base_url,
            api_key=api_key or "unused",  # local servers need none; the client refuses None
            timeout=http_client.timeout,
            max_retries=0,  # our RetryPolicy retries, as for every other service
            http_client=http_client,
        )

    def ask_json(self, system: str, user: str) -> Any:
        """The endpoint's answer to *user* under *system*, parsed as JSON (SourceError if not)."""
        return call_with_retries(  # an endpoint that never answers JSON also stops the run
            lambda: self._breaker.call(lambda: _parsed(self._ask(system, user))),
            service=SERVICE,
            policy=self._retry,
            error=TranslationError,
        )

    def _ask(self, system: str, user: str) -> str:
        import openai

        try:
            response = self._client.chat.completions.create(
                model=self.model,
                temperature=0,
                messages=[
                    {"role": "system", "content": system},
                    {"role": "user", "content": user},
                ],
            )
        except (openai.APITimeoutError, openai.APIConnectionError) as err:
            raise request_failure(
                err.__cause__ or err, SERVICE, _ADDRESS_HINT, tries_said=True
            ) from err
        except openai.AuthenticationError as err:
            raise SourceError(SERVICE, "refused the key (HTTP 401)", f"check {LLM_KEY}") from err
        except openai.APIStatusError as err:
            wait = retry_after_value(err.response.headers.get("Retry-After", ""))
            busy = transient_status(err.status_code, retry_after=wait)
            if busy is not None:
                raise busy from err
            raise SourceError(
                SERVICE, f"refused the request (HTTP {err.status_code})", _ADDRESS_HINT
            ) from err
        except openai.APIResponseValidationError as err:
            raise SourceError(SERVICE, "answered in a shape that is not a chat answer") from err
        if isinstance(response, str):  # openai hands back a body that is not JSON as text
            page = "a web page" if response.lstrip()[:1] == "<" else "text"
            raise SourceError(SERVICE, f"answered with {page} instead of JSON", _ADDRESS_HINT)
        choices = response.choices or []
        content = choices[0].message.content if choices else None
        if not content:
            raise SourceError(SERVICE, "sent back an empty answer")
        return str(content)


def _parsed(text: str) -> Any:
    try:
        return json.loads(_FENCE.sub("", text.strip()))
    except json.JSONDecodeError:
        raise SourceError(
            SERVICE,
            "answered with malformed JSON",
            "the model may not follow the JSON instructions; try another [llm] model",
        ) from None


class LlmSummarizer:
    """目的/成果/方法/固有名 from the title and abstract, written by the model."""

    def __init__(self, client: LlmClient) -> None:
        self._client = client
        self.name = f"llm:{client.model}"

    def summarize(
        self,
        *,
        title: str,
        abstract: str,
        affiliations: Sequence[str] = (),
        names: Sequence[str] = (),
    ) -> SummaryLines:
        """The lines for one paper; SourceError when the answer is unusable."""
        paper = {
            "title": title,
            "abstract": abstract,
            "affiliations": list(affiliations),
            "names_to_keep_as_is": list(names),
        }
        user = json.dumps(paper, ensure_ascii=False)
        answer = self._client.ask_json(SUMMARY_PROMPT, user)
        try:
            checked = _SummaryAnswer.model_validate(answer)
        except ValidationError as err:
            problem = "; ".join(
                f"{'.'.join(str(p) for p in e['loc'])} {e['msg']}".strip() for e in err.errors()
            )
            raise SourceError(SERVICE, f"answered with unusable lines ({problem})") from None
        return SummaryLines(checked.purpose, checked.result, checked.method, checked.names)
