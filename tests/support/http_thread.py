"""A stdlib HTTP server of a test (a fake service, an identity provider's pages) served from a
thread of the test process, and stopped with it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from socketserver import BaseServer

STOP_TIMEOUT_SECONDS = 5


@contextmanager
def serving_in_thread(server: BaseServer) -> Iterator[None]:
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=STOP_TIMEOUT_SECONDS)
