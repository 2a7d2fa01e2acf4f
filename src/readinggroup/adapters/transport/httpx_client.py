"""The httpx side of the transport, under ``openai``: a deadline for each whole answer, as every
other service has, and requests to this machine kept off proxies.

``openai``'s ``timeout`` is an httpx timeout: connect, and the silence allowed between two
reads. A server that sends a byte every few seconds, or streams without end, never trips it
(httpx has no total timeout: encode/httpx#1450, encode/httpcore#936 closed as wontfix). Here the
body is read chunk by chunk and the clock checked between chunks, as
:class:`.sessions.DeadlineAdapter` does for requests; the size is capped too, so an endless
answer cannot fill the memory first.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx2
import openai

from readinggroup.adapters.transport.profiles import Profile
from readinggroup.adapters.transport.sessions import is_loopback, loggable_url

log = logging.getLogger(__name__)

MAX_ANSWER_BYTES = 2_000_000  # a summary or a paper's translation is a few kilobytes


class AnswerCutOff(httpx2.ReadTimeout):
    """The answer kept coming, but did not end before the request's deadline or its size cap;
    *problem* says which, in a user's sentence (openai sees a timeout, retried by nobody)."""

    def __init__(self, problem: str, *, request: httpx2.Request) -> None:
        super().__init__(problem, request=request)
        self.problem = problem


class DeadlineHttpClient(openai.DefaultHttpxClient):
    """openai's default httpx client, reading every answer within *deadline* seconds."""

    def __init__(
        self, *, deadline: float, clock: Callable[[], float] = time.monotonic, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.deadline = deadline
        self._clock = clock

    def send(
        self, request: httpx2.Request, *, stream: bool = False, **kwargs: Any
    ) -> httpx2.Response:
        started = self._clock()
        until = started + self.deadline
        response = super().send(request, stream=True, **kwargs)
        response.stream = _DeadlineStream(response.stream, request, until, self)
        if not stream:
            try:
                response.read()
            finally:
                response.close()
            log.info(  # -v: every request with its time, as the requests transport says them
                "%s %s: HTTP %d, %d bytes in %.2f s",
                request.method,
                loggable_url(str(request.url)),
                response.status_code,
                len(response.content),
                self._clock() - started,
            )
        return response


def deadline_client(base_url: str, profile: Profile) -> DeadlineHttpClient:
    """The httpx client for an endpoint at *base_url*, with *profile*'s timeouts and deadline."""
    connect, read = profile.timeouts
    return DeadlineHttpClient(
        deadline=profile.deadline,
        timeout=httpx2.Timeout(read, connect=connect),
        trust_env=not is_loopback(base_url),
    )


class _DeadlineStream(httpx2.SyncByteStream):
    def __init__(
        self,
        inner: httpx2.SyncByteStream | Any,
        request: httpx2.Request,
        until: float,
        client: DeadlineHttpClient,
    ) -> None:
        self._inner = inner
        self._request = request
        self._until = until
        self._client = client

    def __iter__(self) -> Iterator[bytes]:
        size = 0
        for chunk in self._inner:
            size += len(chunk)
            if self._client._clock() > self._until:
                raise AnswerCutOff(
                    "sent its answer too slowly (the answer took longer than "
                    f"{self._client.deadline:g} s)",
                    request=self._request,
                )
            if size > MAX_ANSWER_BYTES:
                raise AnswerCutOff(
                    f"sent an answer longer than {MAX_ANSWER_BYTES:,} bytes", request=self._request
                )
            yield chunk

    def close(self) -> None:
        close = getattr(self._inner, "close", None)
        if close is not None:
            close()
