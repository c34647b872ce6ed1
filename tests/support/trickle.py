"""A webhook receiver on 127.0.0.1 that answers one byte at a time, every `interval` seconds: a
connection kept alive by a trickle, which a per-read time-out never ends. Its status line and
headers trickle (57 bytes), or, with `body_only`, its headers come at once and a body of
TRICKLED_BODY_BYTES trickles. It records when each client hung up."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass

TRICKLED_BODY_BYTES = 40
STATUS_AND_HEADERS = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n"


@dataclass
class TrickledRequest:
    arrived: float  # time.monotonic()
    hung_up: float | None = None  # when the client closed the connection, if it did


class TricklingReceiver:
    def __init__(self, interval: float, *, body_only: bool) -> None:
        self.interval = interval
        self.body_only = body_only
        self.url = ""
        self.requests: list[TrickledRequest] = []
        self._changed = threading.Condition()
        self._closing = threading.Event()

    def wait_for(
        self, count: int, *, hung_up: bool = False, timeout: float = 15.0
    ) -> list[TrickledRequest]:
        """Blocks until `count` requests have arrived (and, with `hung_up`, their clients have
        hung up); returns them all."""

        def enough() -> bool:
            done = [r for r in self.requests if r.hung_up is not None] if hung_up else self.requests
            return len(done) >= count

        with self._changed:
            if not self._changed.wait_for(enough, timeout):
                raise AssertionError(f"expected {count} requests, got {self.requests}")
            return list(self.requests)

    def _answer(self) -> tuple[bytes, bytes]:
        """What is sent at once, and what trickles."""
        if self.body_only:
            return STATUS_AND_HEADERS % TRICKLED_BODY_BYTES, b"x" * TRICKLED_BODY_BYTES
        return b"", STATUS_AND_HEADERS % 0

    def serve(self, connection: socket.socket) -> None:
        with connection:
            _read_request(connection)
            request = TrickledRequest(arrived=time.monotonic())
            with self._changed:
                self.requests.append(request)
                self._changed.notify_all()
            try:
                self._trickle(connection)
            except OSError:
                pass  # reset by the client
            else:
                return  # answered in full, or the receiver is closing
            with self._changed:
                request.hung_up = time.monotonic()
                self._changed.notify_all()

    def _trickle(self, connection: socket.socket) -> None:
        """Raises ConnectionError once the client has hung up."""
        at_once, trickled = self._answer()
        connection.sendall(at_once)
        # A read that times out is the pause between two bytes. (Not select(): by the time the
        # suite gets here its process may hold descriptors past select's limit of 1024.)
        connection.settimeout(self.interval)
        for byte in trickled:
            try:
                if not connection.recv(1):
                    raise ConnectionError("the client hung up")
            except TimeoutError:
                pass
            if self._closing.is_set():
                return
            connection.sendall(bytes([byte]))


def _read_request(connection: socket.socket) -> None:
    received = b""
    while b"\r\n\r\n" not in received:
        chunk = connection.recv(65536)
        if not chunk:
            return
        received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    length = next(
        (
            int(line.split(b":", 1)[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length:")
        ),
        0,
    )
    while len(body) < length:
        chunk = connection.recv(65536)
        if not chunk:
            return
        body += chunk


@contextmanager
def trickling_receiver(interval: float, *, body_only: bool = False) -> Iterator[TricklingReceiver]:
    receiver = TricklingReceiver(interval, body_only=body_only)
    listener = socket.create_server(("127.0.0.1", 0), backlog=128)
    receiver.url = f"http://127.0.0.1:{listener.getsockname()[1]}"

    def accept() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return  # closed
            threading.Thread(target=receiver.serve, args=(connection,), daemon=True).start()

    acceptor = threading.Thread(target=accept, daemon=True)
    acceptor.start()
    try:
        yield receiver
    finally:
        receiver._closing.set()
        with suppress(OSError):
            listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
        listener.close()
        acceptor.join(timeout=5)
