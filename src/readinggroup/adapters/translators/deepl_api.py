"""The DeepL API through the official ``deepl`` package; the key comes from ``DEEPL_AUTH_KEY``
(read once per run, :mod:`..transport.keys`).

deep-translator's DeepL class is not used: it still sends the retired ``auth_key`` parameter.
The lines of a text go to DeepL as a list of texts in one request, so the answers come back
aligned line for line by the API itself.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import requests

from readinggroup.adapters import shims
from readinggroup.adapters.translators.checks import aligned_answer
from readinggroup.adapters.transport import profiles
from readinggroup.adapters.transport.failures import request_failure, transient_status
from readinggroup.adapters.transport.keys import DEEPL_KEY
from readinggroup.adapters.transport.retry import RetryPolicy, TimeoutBreaker, call_with_retries
from readinggroup.adapters.transport.sessions import PoliteSession
from readinggroup.errors import TranslationError

log = logging.getLogger(__name__)

DEEPL = "DeepL"


class DeepLTranslator:
    """English → Japanese through the DeepL API (Free or Pro key)."""

    name = "deepl"

    def __init__(
        self,
        auth_key: str,
        *,
        base_url: str = "",
        timeout: float | None = None,
        deadline: float | None = None,
        retry: RetryPolicy | None = None,
    ) -> None:
        import deepl

        # The package's documented knobs: it would otherwise retry 5 times with real sleeps
        # of its own; one policy (ours) keeps backoff in one place for every backend.
        deepl.http_client.max_network_retries = 0
        profile = profiles.DEEPL.but(read=timeout, deadline=deadline)
        deepl.http_client.min_connection_timeout = profile.read
        # urljoin drops the last path segment of an address without a trailing slash
        server_url = base_url.rstrip("/") + "/" if base_url else None
        self._client = deepl.DeepLClient(auth_key, server_url=server_url)
        PoliteSession.mount_deadline(shims.deepl_session(self._client), profile.deadline)
        self._timeout = profile.read
        self._retry = retry or profiles.DEEPL.policy()
        self._breaker = TimeoutBreaker(DEEPL, error=TranslationError)
        self._unreachable = (
            f"could not be reached at {base_url or 'the DeepL API'}",
            "check the network or [translators.deepl] base_url in readinggroup.toml",
        )

    def translate(self, text: str) -> str:
        """The Japanese of *text*, line for line; one request, retried when transient."""
        lines = text.split("\n")
        wanted = [line for line in lines if line.strip()]
        answers = call_with_retries(
            lambda: self._breaker.call(lambda: self._ask(wanted)),
            service=DEEPL,
            policy=self._retry,
            error=TranslationError,
        )
        return aligned_answer(text, answers, service=DEEPL)

    def _ask(self, texts: Sequence[str]) -> list[str]:
        import deepl

        if not texts:
            return []
        try:
            results: Any = self._client.translate_text(
                list(texts), source_lang="EN", target_lang="JA", preserve_formatting=True
            )
        except deepl.AuthorizationException as err:
            raise TranslationError(
                DEEPL,
                f"refused the key in {DEEPL_KEY} (HTTP 403)",
                "check the key, or use --translator google",
            ) from err
        except deepl.QuotaExceededException as err:
            raise TranslationError(
                DEEPL,
                "says the key's character quota is used up (HTTP 456)",
                "wait for the next billing period, or use --translator google",
            ) from err
        except deepl.ConnectionException as err:
            if not isinstance(err.__cause__, requests.RequestException):
                raise TranslationError(DEEPL, *self._unreachable) from err
            raise request_failure(
                err.__cause__,
                DEEPL,
                "check the network and run again later",
                error=TranslationError,
                waited=self._timeout,
                unreachable=self._unreachable,
                tries_said=True,
            ) from err
        except deepl.DeepLException as err:  # 429 (TooManyRequestsException) among them
            status = err.http_status_code or 0
            busy = transient_status(status)
            if busy is not None:
                raise busy from err
            raise TranslationError(
                DEEPL,
                f"refused the request (HTTP {status or 'error'})",
                "check [translators.deepl] base_url in readinggroup.toml",
            ) from err
        return [str(result.text) for result in results]
