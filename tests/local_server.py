"""The one HTTP server class every fake service in the tests runs on (127.0.0.1, any port)."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

log = logging.getLogger(__name__)


class LocalServer(ThreadingHTTPServer):
    """A threading server that takes many connections at once and stays quiet when a client
    hangs up mid-answer: the tests' clients give up on purpose (timeouts, deadlines), and the
    default handler printed a traceback onto whatever test's stderr was being captured then."""

    request_queue_size = 128  # the default backlog of 5 drops simultaneous connections

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.debug("fake service: %s while answering %s", sys.exc_info()[1], client_address)


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve *handler* on a free port of 127.0.0.1 until the block ends; yields its base URL."""
    httpd = LocalServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
