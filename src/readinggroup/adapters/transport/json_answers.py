"""A JSON service's call: asked under the session's retry policy, read, checked, or one sentence."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import requests

from readinggroup.adapters.transport.failures import (
    describe_status,
    request_failure,
    retry_after,
    transient_status,
)
from readinggroup.adapters.transport.profiles import ONE_TRY
from readinggroup.adapters.transport.retry import RetryPolicy, call_with_retries
from readinggroup.adapters.transport.sessions import forget_response, loggable_url
from readinggroup.errors import SourceError

log = logging.getLogger(__name__)
T = TypeVar("T")


def request_json(
    session: requests.Session,
    url: str,
    *,
    service: str,
    method: str = "GET",
    params: Mapping[str, str | int] | None = None,
    headers: Mapping[str, str] | None = None,
    body: object = None,
    parse: Callable[[Any], T],
    status_hints: Mapping[int, str] | None = None,
    refusal_hint: str = "check the service's base_url in readinggroup.toml",
) -> T:
    """The JSON answer of one call read by *parse*, or a one-sentence SourceError naming *service*.

    Timeouts, resets, 429 and 5xx are asked again under the session's retry policy (see
    :mod:`readinggroup.adapters.transport.retry`). *parse* turns the decoded JSON into the
    adapter's values and raises SourceError (see :func:`unexpected_shape`) when it is not the
    documented shape; such an answer is dropped from the response cache. *status_hints*
    replaces the advice for particular HTTP statuses (a 429 without an API key); *refusal_hint*
    is the advice for other refusals (4xx), usually where the address is set.
    """
    hints = status_hints or {}

    def attempt() -> requests.Response:
        try:
            response = session.request(method, url, params=params, headers=headers, json=body)
        except requests.RequestException as err:
            raise request_failure(err, service, "check the network and run again") from err
        status = response.status_code
        if status >= 400:
            problem, _, advice = describe_status(status).partition("; ")
            failure = SourceError(service, problem, hints.get(status) or advice or refusal_hint)
            raise (
                transient_status(status, retry_after=retry_after(response), give_up=failure)
                or failure
            )
        return response

    policy: RetryPolicy = getattr(session, "policy", None) or ONE_TRY.policy()
    response = call_with_retries(attempt, service=service, policy=policy)
    if getattr(response, "from_cache", False):
        log.info("%s: answer of %s reused from the last day", service, loggable_url(response.url))
    try:
        return parse(
            decode_json(response.text, response.headers.get("Content-Type", ""), service=service)
        )
    except SourceError:
        forget_response(session, response)  # a broken answer must not be reused from the cache
        raise


def decode_json(text: str, content_type: str, *, service: str) -> Any:
    """*text* parsed as JSON, or a SourceError that says what came instead."""
    stripped = text.lstrip()
    if "html" in content_type.lower() or stripped[:1] == "<":
        raise SourceError(
            service,
            "answered with a web page instead of JSON",
            "the service may be down or its address or API may have changed; try again later",
        )
    if not stripped:
        raise SourceError(service, "sent an empty answer", "try again later")
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        if err.pos >= len(text.rstrip()) or err.msg.startswith("Unterminated string"):
            raise SourceError(
                service, "sent an answer that was cut off before its end", "try again later"
            ) from err
        raise SourceError(service, "sent an answer that is not JSON", "try again later") from err


def unexpected_shape(service: str, what: str) -> SourceError:
    """The error for JSON that parsed but does not look like the documented answer."""
    return SourceError(
        service,
        f"answered in an unexpected shape ({what})",
        "its API may have changed; try again later or use another source for this list",
    )


def json_int(value: object) -> int:
    """A count from a JSON answer; missing, null or not a whole number counts as 0."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 0
