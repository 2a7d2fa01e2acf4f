"""Google Translate's public mobile page (``translate.google.com/m``), read by deep-translator.

deep-translator calls the module-level ``requests.get`` with no timeout, turns 429 and other
statuses into exceptions outside its own ``BaseError``, and answers ``None`` or the input
itself when the page held nothing useful. This adapter gives every call the GOOGLE profile's
timeouts and deadline, retries 429/5xx and timeouts with backoff, and refuses answers that are
not a translation.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import requests

from readinggroup.adapters.translators.checks import check_answer
from readinggroup.adapters.transport import profiles
from readinggroup.adapters.transport.failures import request_failure, retry_after, transient_status
from readinggroup.adapters.transport.retry import RetryPolicy, TimeoutBreaker, call_with_retries
from readinggroup.adapters.transport.sessions import PoliteSession
from readinggroup.errors import TranslationError

log = logging.getLogger(__name__)

GOOGLE = "Google Translate"
MAX_CHARS = 5000  # deep-translator refuses this many and more


def _new_session() -> requests.Session:
    return PoliteSession(profile=profiles.GOOGLE)  # its deadline; the adapter's policy retries


class _Transport:
    """Stands in for the ``requests`` module inside ``deep_translator.google``.

    The module attribute is shared by every thread, so the session and timeout of the call
    under way are kept per thread. A 429 or 5xx raises Transient here, with Retry-After,
    before deep-translator turns it into an exception that has lost the response.
    """

    def __init__(self) -> None:
        self._local = threading.local()

    @contextmanager
    def bound(self, session: requests.Session, timeout: tuple[float, float]) -> Iterator[None]:
        self._local.session, self._local.timeout = session, timeout
        try:
            yield
        finally:
            self._local.session = None

    def get(self, url: str, params: Mapping[str, str] | None = None, **kwargs: Any) -> Any:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:  # someone else's use of deep_translator.google: just add a timeout
            return requests.get(url, params=params, timeout=profiles.GOOGLE.timeouts, **kwargs)
        response = session.get(url, params=params, timeout=self._local.timeout, **kwargs)
        busy = transient_status(response.status_code, retry_after=retry_after(response))
        if busy is not None:
            raise busy
        return response


_TRANSPORT = _Transport()


class GoogleTranslator:
    """English → Japanese through Google Translate's mobile page (no key needed)."""

    name = "google"

    def __init__(
        self,
        base_url: str = "https://translate.google.com",
        *,
        timeout: tuple[float, float] | None = None,
        retry: RetryPolicy | None = None,
        session_factory: Callable[[], requests.Session] = _new_session,
    ) -> None:
        import deep_translator.google

        deep_translator.google.requests = _TRANSPORT  # its timeout-less requests.get, see above
        self._url = base_url.rstrip("/") + "/m"
        self._timeout = timeout or profiles.GOOGLE.timeouts  # (connect, read)
        self._retry = retry or profiles.GOOGLE.policy()
        self._session_factory = session_factory
        self._sessions = threading.local()
        self._breaker = TimeoutBreaker(GOOGLE, error=TranslationError)

    def translate(self, text: str) -> str:
        """The Japanese of *text*, line for line; one request, retried when transient."""
        if len(text) >= MAX_CHARS:
            raise TranslationError(
                GOOGLE,
                f"takes less than {MAX_CHARS} characters a request and was given {len(text)}",
                "shorten the abstract in the session file",
            )
        answer = call_with_retries(
            lambda: self._breaker.call(lambda: self._ask(text)),
            service=GOOGLE,
            policy=self._retry,
            error=TranslationError,
        )
        return check_answer(text, answer, service=GOOGLE)

    def _ask(self, text: str) -> str | None:
        import deep_translator.google
        from deep_translator import exceptions

        # a fresh instance per call: deep-translator keeps the query in the instance, which
        # threads translating at once would overwrite
        translator = deep_translator.google.GoogleTranslator(source="en", target="ja")
        translator._base_url = self._url  # the constructor has no say in the address
        try:
            with _TRANSPORT.bound(self._session(), self._timeout):
                answer: str | None = translator.translate(text)
                return answer
        # 429 and 5xx never get here: the transport raised Transient first, because
        # deep-translator's TooManyRequests/RequestError (not BaseError subclasses) carry
        # no response to read Retry-After from. What is left is a 4xx: not worth a retry.
        except exceptions.RequestError as err:
            raise TranslationError(
                GOOGLE,
                f"refused the request at {self._url}",
                "check [translators.google] base_url in readinggroup.toml",
            ) from err
        except exceptions.TranslationNotFound as err:
            raise TranslationError(
                GOOGLE,
                "sent a page with no translation in it (perhaps a captcha or consent page)",
                "wait a while and run again",
            ) from err
        except requests.RequestException as err:
            raise request_failure(
                err,
                GOOGLE,
                "check the network and run again later",
                error=TranslationError,
                waited=self._timeout[1],
                unreachable=(
                    f"could not be reached at {self._url}",
                    "check the network or [translators.google] base_url in readinggroup.toml",
                ),
                tries_said=True,
            ) from err

    def _session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._sessions, "session", None)
        if session is None:  # one per thread: requests does not promise a shared one is safe
            session = self._sessions.session = self._session_factory()
        return session
