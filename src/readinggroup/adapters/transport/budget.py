"""The run's budget per service: how long one command may spend on a failing service in all.

The orchestrator makes one per command and hands it down to every adapter of the run; the
retry loop (:mod:`.retry`) counts each failed request's time and each pause against it.
"""

from __future__ import annotations

import threading

SERVICE_BUDGET = 120.0  # seconds of failed requests and pauses a run spends on one service


class RunBudget:
    """The seconds each service's failed requests and pauses may cost one run (thread-safe)."""

    def __init__(self, seconds: float | None = None) -> None:
        self.seconds = SERVICE_BUDGET if seconds is None else seconds
        self._spent: dict[str, float] = {}
        self._lock = threading.Lock()

    def spend(self, service: str, seconds: float) -> float:
        """Count *seconds* against *service*; what it has spent in all."""
        with self._lock:
            self._spent[service] = self._spent.get(service, 0.0) + max(0.0, seconds)
            return self._spent[service]

    def spent(self, service: str) -> float:
        """What *service*'s failures and pauses have cost this run so far."""
        with self._lock:
            return self._spent.get(service, 0.0)
