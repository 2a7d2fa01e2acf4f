"""Google Translate's public mobile page (``translate.google.com/m``), read by deep-translator.

deep-translator calls the module-level ``requests.get`` with no timeout, turns 429 and other
statuses into exceptions outside its own ``BaseError``, and answers ``None`` or the input
itself when the page held nothing useful. This adapter gives every call a timeout, retries
429/5xx and timeouts with backoff, and refuses answers that are not a translation.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import requests
import urllib3.exceptions

from readinggroup.adapters.http import PoliteSession, retry_after
from readinggroup.adapters.translators.checks import (
    RetryPolicy,
    Transient,
    call_with_retries,
    check_answer,
    timeout_breaker,
)
from readinggroup.adapters.transport import (
    DeadlineExceeded,
    describe_failure,
    is_timeout,
    is_transient,
)
from readinggroup.errors import TranslationError

log = logging.getLogger(__name__)

GOOGLE = "Google Translate"
MAX_CHARS = 5000  # deep-translator refuses this many and more
TIMEOUT = (5.0, 20.0)  # connect, read: an abstract comes back in about a second
DEADLINE = 30.0  # seconds for one whole answer, however slowly it trickles in


def _new_session() -> requests.Session:
    return PoliteSession(retries=0, deadline=DEADLINE)  # the shared policy retries, above


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
            return requests.get(url, params=params, timeout=TIMEOUT, **kwargs)
        response = session.get(url, params=params, timeout=self._local.timeout, **kwargs)
        status = response.status_code
        if status == 429:
            raise Transient(
                "rate-limited the requests (HTTP 429)", retry_after=retry_after(response)
            )
        if status >= 500:
            raise Transient(
                f"had a server error (HTTP {status})", retry_after=retry_after(response)
            )
        return response


_TRANSPORT = _Transport()


class GoogleTranslator:
    """English → Japanese through Google Translate's mobile page (no key needed)."""

    name = "google"

    def __init__(
        self,
        base_url: str = "https://translate.google.com",
        *,
        timeout: tuple[float, float] = TIMEOUT,
        retry: RetryPolicy | None = None,
        session_factory: Callable[[], requests.Session] = _new_session,
    ) -> None:
        import deep_translator.google

        deep_translator.google.requests = _TRANSPORT  # its timeout-less requests.get, see above
        self._url = base_url.rstrip("/") + "/m"
        self._timeout = timeout
        self._retry = retry or RetryPolicy()
        self._session_factory = session_factory
        self._sessions = threading.local()
        self._breaker = timeout_breaker(GOOGLE)

    def translate(self, text: str) -> str:
        """The Japanese of *text*, line for line; one request, retried when transient."""
        if len(text) >= MAX_CHARS:
            raise TranslationError(
                GOOGLE,
                f"takes less than {MAX_CHARS} characters a request and was given {len(text)}",
                "shorten the abstract in the session file",
            )
        answer = call_with_retries(
            lambda: self._breaker.call(lambda: self._ask(text)), service=GOOGLE, policy=self._retry
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
            # a trickled answer counts as a timeout here: the breaker stops asking after three
            if is_transient(err) or is_timeout(err):
                slow = is_timeout(err) and not isinstance(err, DeadlineExceeded)
                problem = f"gave no answer within {self._timeout[1]:g} s" if slow else None
                raise Transient(
                    problem or describe_failure(err), timed_out=is_timeout(err)
                ) from err
            if isinstance(err, requests.ConnectionError) and _unreachable(err):
                raise TranslationError(
                    GOOGLE,
                    f"could not be reached at {self._url}",
                    "check the network or [translators.google] base_url in readinggroup.toml",
                ) from err
            raise TranslationError(
                GOOGLE, describe_failure(err), "check the network and run again later"
            ) from err

    def _session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._sessions, "session", None)
        if session is None:  # one per thread: requests does not promise a shared one is safe
            session = self._sessions.session = self._session_factory()
        return session


def _unreachable(err: requests.ConnectionError) -> bool:
    """Whether the address itself failed (refused, unknown host): retrying will not help."""
    # requests has already raised a plain connect timeout as Timeout, caught before this
    reason = getattr(err.args[0], "reason", None) if err.args else None
    return isinstance(reason, urllib3.exceptions.NewConnectionError)
