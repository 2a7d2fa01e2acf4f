"""The checks on a translation's answer: one that is empty, a web page, or the English sent
back is never worth keeping, so it raises before any cache sees it. (Retries, timeouts and the
breaker for a service that keeps timing out are the transport's: :mod:`..transport`.)
"""

from __future__ import annotations

import logging
import re

from readinggroup.errors import TranslationError
from readinggroup.text.script import reads_as_japanese

log = logging.getLogger(__name__)

_TAG = re.compile(
    r"<\s*(?:!doctype|html|head|body|div|span|script|style|meta|form|table|p|br|a)\b[^>]*>",
    re.IGNORECASE,
)
_URL = re.compile(r"https?://\S+")
_WORD = re.compile(r"[A-Za-z]{2,}")


def check_answer(source: str, answer: str | None, *, service: str) -> str:
    """*answer* if it reads as the Japanese of *source*; otherwise TranslationError."""
    if answer is None or not answer.strip():
        raise TranslationError(service, "sent back an empty translation", "run again later")
    if _TAG.search(answer) and not _TAG.search(source):
        raise TranslationError(
            service,
            "sent back a web page instead of a translation (blocked, or a consent page)",
            "wait a while and run again",
        )
    has_words = len(_WORD.findall(_URL.sub("", source))) >= 2
    if has_words and (answer.strip() == source.strip() or not reads_as_japanese(answer)):
        raise TranslationError(
            service, "sent back the English untranslated", "wait a while and run again"
        )
    return answer


def aligned_answer(text: str, answers: list[str], *, service: str) -> str:
    """The one-per-line *answers* to the non-empty lines of *text*, put back in its lines and
    checked; TranslationError when their number differs (the alignment would be lost)."""
    lines = text.split("\n")
    wanted = [line for line in lines if line.strip()]
    if len(answers) != len(wanted):
        raise TranslationError(
            service,
            f"sent back {len(answers)} translations for {len(wanted)} lines",
            "run again later",
        )
    given = iter(answers)
    answer = "\n".join(" ".join(next(given).split()) if line.strip() else "" for line in lines)
    return check_answer(text, answer, service=service)
