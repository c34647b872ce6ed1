"""A real HTTP receiver for webhooks on 127.0.0.1, in a thread of its own, that records what it is
sent. It can be told to answer 500 a number of times, to answer slowly, or to hold requests
unanswered (as a receiver that hangs) until released."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOLD_LIMIT_SECONDS = 60.0


@dataclass(frozen=True)
class ReceivedRequest:
    path: str
    headers: dict[str, str]  # names in lower case
    body: bytes
    answered: int | None  # the status the receiver answered; None if it held the request

    @property
    def delivery_id(self) -> str:
        return self.headers["x-promptvault-delivery"]


class Receiver:
    def __init__(self) -> None:
        self.url = ""
        self.requests: list[ReceivedRequest] = []
        self._changed = threading.Condition()
        self._failures_left = 0
        self._holds_left = 0
        self._delay = 0.0
        self._released = threading.Event()

    def fail_next(self, count: int) -> None:
        """Answer 500 to the next `count` requests."""
        with self._changed:
            self._failures_left = count

    def hold_next(self, count: int) -> None:
        """Leave the next `count` requests unanswered until release()."""
        with self._changed:
            self._holds_left = count

    def answer_after(self, seconds: float) -> None:
        with self._changed:
            self._delay = seconds

    def release(self) -> None:
        self._released.set()

    def wait_for(self, count: int, *, timeout: float = 15.0) -> list[ReceivedRequest]:
        """Blocks until `count` requests have arrived; returns them all."""
        with self._changed:
            if not self._changed.wait_for(lambda: len(self.requests) >= count, timeout):
                raise AssertionError(f"expected {count} requests, got {len(self.requests)}")
            return list(self.requests)

    def _answer_for(self, path: str, headers: dict[str, str], body: bytes) -> int | None:
        with self._changed:
            if self._holds_left > 0:
                self._holds_left -= 1
                answer = None
            elif self._failures_left > 0:
                self._failures_left -= 1
                answer = 500
            else:
                answer = 200
            self.requests.append(ReceivedRequest(path, headers, body, answer))
            self._changed.notify_all()
            return answer

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                headers = {name.lower(): value for name, value in self.headers.items()}
                answer = receiver._answer_for(self.path, headers, body)
                if answer is None:
                    receiver._released.wait(HOLD_LIMIT_SECONDS)
                    self.close_connection = True
                    return
                time.sleep(receiver._delay)
                self.send_response(answer)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # The default backlog of 5 drops the connections of a burst of deliveries, which then wait
    # a second for TCP to retry them.
    request_queue_size = 128


@contextmanager
def running_receiver() -> Iterator[Receiver]:
    receiver = Receiver()
    server = _Server(("127.0.0.1", 0), receiver._handler())
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        receiver.release()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
