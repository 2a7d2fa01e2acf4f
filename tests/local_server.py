"""The one HTTP server class every fake service in the tests runs on (127.0.0.1, any port)."""

from __future__ import annotations

import logging
import sys
from http.server import ThreadingHTTPServer
from typing import Any

log = logging.getLogger(__name__)


class LocalServer(ThreadingHTTPServer):
    """A threading server that takes many connections at once and stays quiet when a client
    hangs up mid-answer: the tests' clients give up on purpose (timeouts, deadlines), and the
    default handler printed a traceback onto whatever test's stderr was being captured then."""

    request_queue_size = 128  # the default backlog of 5 drops simultaneous connections

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.debug("fake service: %s while answering %s", sys.exc_info()[1], client_address)
