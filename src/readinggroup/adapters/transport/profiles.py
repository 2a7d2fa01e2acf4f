"""Each service's named profile: the timeouts, the deadline for a whole answer and the retries.

The one place these numbers live (the README's "Waiting on services" says them in words), and
the one place a :class:`RetryPolicy` is built from them.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from readinggroup.adapters.transport.budget import RunBudget
from readinggroup.adapters.transport.retry import RetryPolicy

CONNECT_TIMEOUT = 10.0  # seconds to open a connection


def _no_jitter() -> float:
    return 1.0


@dataclass(frozen=True, slots=True)
class Profile:
    """How one service is asked.

    *read* is the silence allowed while waiting or reading, *deadline* the time for a whole
    answer however it trickles in, *connect* the time to open a connection; a failed try is
    asked again up to *attempts* tries in all, pausing *first_delay* seconds, doubling up to
    *max_delay*, spread by jitter unless *jitter* is False (one client asking in turn); an
    answer larger than *max_bytes* (None: no cap) is dropped as it arrives.
    """

    read: float = 30.0
    deadline: float = 60.0
    connect: float = CONNECT_TIMEOUT
    attempts: int = 4
    first_delay: float = 1.0
    max_delay: float = 60.0
    jitter: bool = True
    max_bytes: int | None = None

    def policy(
        self, run: RunBudget | None = None, *, sleep: Callable[[float], None] = time.sleep
    ) -> RetryPolicy:
        """This profile's retry policy, counting against *run* (a budget of its own if None)."""
        return RetryPolicy(
            attempts=self.attempts,
            first_delay=self.first_delay,
            max_delay=self.max_delay,
            run=run or RunBudget(),
            sleep=sleep,
            jitter=random.random if self.jitter else _no_jitter,
        )

    def but(self, **changes: float | int | None) -> Profile:
        """A copy with the *changes* that are not None (a test's shorter timeouts)."""
        given = {name: value for name, value in changes.items() if value is not None}
        return replace(self, **given)  # type: ignore[arg-type]

    @property
    def timeouts(self) -> tuple[float, float]:
        """(connect, read) for requests: a connection never waits longer than a read."""
        return min(self.connect, self.read), self.read


# The JSON services (Hugging Face, HN, alphaXiv, OpenAlex) and arXiv's pages.
JSON_SERVICE = Profile()
# Semantic Scholar shares one small anonymous pool: without a key, longer and more pauses on 429.
S2_WITH_KEY = Profile(first_delay=2.0)
S2_ANONYMOUS = Profile(attempts=6, first_delay=2.0)
# arXiv's API is asked by one client in turn: no jitter, the pauses are 15 s, 30 s.
ARXIV_API = Profile(attempts=3, first_delay=15.0, max_delay=120.0, jitter=False)
# arXiv's pages include source archives and PDFs: no more than 30 MB of one
ARXIV_PAGES = Profile(max_bytes=30 * 1024 * 1024)
# A translation comes back in about a second; one that takes 20 s is not coming.
GOOGLE = Profile(read=20.0, deadline=30.0, connect=5.0, max_delay=30.0)
DEEPL = Profile(read=20.0, deadline=30.0, max_delay=30.0)
# A local model on a laptop takes a while for an abstract.
LLM = Profile(read=60.0, deadline=75.0, attempts=2, max_delay=30.0)
# A session handed in from outside with no policy of its own.
ONE_TRY = Profile(attempts=1)
