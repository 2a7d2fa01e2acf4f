"""Machine translation backends (English → Japanese) behind the Translator protocol."""

from __future__ import annotations

import logging
from typing import Any

import requests

from readinggroup.adapters.http import PoliteSession, describe_failure
from readinggroup.errors import TranslationError

log = logging.getLogger(__name__)


class _TimeoutRequests:
    """Stands in for the ``requests`` module inside deep_translator.google.

    deep-translator calls module-level ``requests.get`` with no timeout, so a stalled
    connection would hang the run; routing it through our session adds the timeout,
    the User-Agent and backoff on 429/5xx.
    """

    def __init__(self, session: requests.Session) -> None:
        self._session = session

    def get(self, url: str, **kwargs: Any) -> requests.Response:
        return self._session.get(url, **kwargs)


class GoogleTranslator:
    """Google Translate's public mobile page, scraped by deep-translator."""

    name = "google"

    def __init__(
        self,
        base_url: str = "https://translate.google.com",
        *,
        session: requests.Session | None = None,
    ) -> None:
        import deep_translator.google

        deep_translator.google.requests = _TimeoutRequests(session or PoliteSession())
        self._translator = deep_translator.google.GoogleTranslator(source="en", target="ja")
        self._translator._base_url = base_url.rstrip("/") + "/m"

    def translate(self, text: str) -> str:
        from deep_translator import exceptions

        try:
            answer = self._translator.translate(text)
        except exceptions.TooManyRequests as err:
            raise TranslationError(
                "Google Translate", "rate-limited the requests (HTTP 429)", "wait and run again"
            ) from err
        except exceptions.RequestError as err:
            raise TranslationError("Google Translate", "answered with an error status") from err
        except exceptions.TranslationNotFound as err:
            raise TranslationError("Google Translate", "sent a page with no translation") from err
        except exceptions.NotValidLength as err:
            raise TranslationError("Google Translate", "text longer than 5000 characters") from err
        except requests.RequestException as err:
            raise TranslationError("Google Translate", describe_failure(err)) from err
        if not answer or answer.strip() == text.strip():
            raise TranslationError("Google Translate", "returned the text untranslated")
        return str(answer)
