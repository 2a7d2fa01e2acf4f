"""The DeepL API through the official ``deepl`` package; the key comes from ``DEEPL_AUTH_KEY``.

deep-translator's DeepL class is not used: it still sends the retired ``auth_key`` parameter.
The lines of a text go to DeepL as a list of texts in one request, so the answers come back
aligned line for line by the API itself.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from readinggroup.adapters.translators.checks import (
    RetryPolicy,
    Transient,
    aligned_answer,
    call_with_retries,
)
from readinggroup.errors import TranslationError

log = logging.getLogger(__name__)

DEEPL = "DeepL"
TIMEOUT = 20.0


class DeepLTranslator:
    """English → Japanese through the DeepL API (Free or Pro key)."""

    name = "deepl"

    def __init__(
        self,
        auth_key: str,
        *,
        base_url: str = "",
        timeout: float = TIMEOUT,
        retry: RetryPolicy | None = None,
    ) -> None:
        import deepl

        # The package's documented knobs: it would otherwise retry 5 times with real sleeps
        # of its own; one policy (ours) keeps backoff in one place for every backend.
        deepl.http_client.max_network_retries = 0
        deepl.http_client.min_connection_timeout = timeout
        # urljoin drops the last path segment of an address without a trailing slash
        server_url = base_url.rstrip("/") + "/" if base_url else None
        self._client = deepl.DeepLClient(auth_key, server_url=server_url)
        self._retry = retry or RetryPolicy()
        self._base_url = base_url or "the DeepL API"

    def translate(self, text: str) -> str:
        """The Japanese of *text*, line for line; one request, retried when transient."""
        lines = text.split("\n")
        wanted = [line for line in lines if line.strip()]
        answers = call_with_retries(lambda: self._ask(wanted), service=DEEPL, policy=self._retry)
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
                "refused the key in DEEPL_AUTH_KEY (HTTP 403)",
                "check the key, or use --translator google",
            ) from err
        except deepl.QuotaExceededException as err:
            raise TranslationError(
                DEEPL,
                "says the key's character quota is used up (HTTP 456)",
                "wait for the next billing period, or use --translator google",
            ) from err
        except deepl.TooManyRequestsException as err:
            raise Transient("rate-limited the requests (HTTP 429)") from err
        except deepl.ConnectionException as err:
            if err.should_retry:
                raise Transient("gave no answer in time or dropped the connection") from err
            raise TranslationError(
                DEEPL,
                f"could not be reached at {self._base_url}",
                "check the network or translators.deepl.base_url in readinggroup.toml",
            ) from err
        except deepl.DeepLException as err:
            status = err.http_status_code or 0
            if status >= 500 or err.should_retry:
                raise Transient(f"had a server error (HTTP {status})") from err
            raise TranslationError(
                DEEPL,
                f"refused the request (HTTP {status or 'error'})",
                "check translators.deepl.base_url in readinggroup.toml",
            ) from err
        return [str(result.text) for result in results]
