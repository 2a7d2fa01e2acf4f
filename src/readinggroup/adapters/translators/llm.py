"""The LLM endpoint as a translator: a paper's title and sentences in one request.

The lines go as a JSON array and must come back as an array of the same length, so the
sentence alignment holds; protected names arrive as ``⟦n⟧`` markers (the stage shields them)
and the prompt asks to keep those, and any name still visible, as they are. The answer passes
the same checks as Google's and DeepL's before the cache sees it.
"""

from __future__ import annotations

import json
import re

from readinggroup.adapters.llm import SERVICE, TRANSLATE_PROMPT, LlmClient
from readinggroup.adapters.translators.checks import aligned_answer
from readinggroup.errors import TranslationError

# Names the stage did not shield (coined words) that the model must still keep.
_NAME = re.compile(r"\b(?:[A-Za-z]+[A-Z][\w\-]*|[A-Z][\w\-]*\d[\w\-]*)\b")


class LlmTranslator:
    """English → Japanese through the configured chat model."""

    def __init__(self, client: LlmClient) -> None:
        self._client = client
        self.name = f"llm:{client.model}"

    def translate(self, text: str) -> str:
        """The Japanese of *text*, line for line; one request."""
        lines = text.split("\n")
        wanted = [line for line in lines if line.strip()]
        names = sorted({match for line in wanted for match in _NAME.findall(line)})
        prompt = TRANSLATE_PROMPT.format(names="、".join(names) or "(none)")
        answer = self._client.ask_json(prompt, json.dumps(wanted, ensure_ascii=False))
        if not isinstance(answer, list) or not all(isinstance(item, str) for item in answer):
            raise TranslationError(SERVICE, "answered with something other than a list of lines")
        return aligned_answer(text, answer, service=SERVICE)
