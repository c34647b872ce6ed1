"""Promptvault, the sync client: cached runtime reads with push invalidation, and batched
execution logs.

    from promptvault_sdk import Promptvault

    client = Promptvault("https://promptvault.example.com", api_key="pv_...")
    prompt = client.get_prompt("support-reply", environment="production")
    text = prompt.render(customer="Ada")
    client.log_execution(version_id=prompt.version_id, latency_ms=812, input_tokens=412)

`AsyncPromptvault` has the same methods, awaited. Both are safe to share: one client per process.
"""

from __future__ import annotations

import atexit
import logging
import os
import socket
import threading
import time
import weakref
from types import TracebackType

import httpx

from promptvault_sdk._cache import CacheKey, CacheStats, Entry, PromptCache
from promptvault_sdk._logs import (
    BATCH_SIZE,
    MAX_QUEUED,
    SEND_INTERVAL_SECONDS,
    LogQueue,
    LogStats,
    send_next_batch,
)
from promptvault_sdk._prompt import Prompt
from promptvault_sdk._protocol import (
    FLUSH_TIMEOUT_SECONDS,
    TIMEOUT_SECONDS,
    Backoff,
    accept_prompt_response,
    auth_headers,
    execution_payload,
    prompt_request,
)
from promptvault_sdk._stream import (
    STREAM_READ_TIMEOUT_SECONDS,
    STREAM_REFUSED_DELAY_SECONDS,
    SseParser,
    follow_stream,
)
from promptvault_sdk.errors import ClientError, ServerUnavailable

logger = logging.getLogger("promptvault.client")

_FETCH_LOCKS = 64

_open_clients: weakref.WeakSet[Promptvault] = weakref.WeakSet()


@atexit.register
def _close_open_clients() -> None:
    for client in list(_open_clients):
        client.close(timeout=FLUSH_TIMEOUT_SECONDS)


def _set_up_in_child() -> None:
    for client in list(_open_clients):
        client._after_fork()


os.register_at_fork(after_in_child=_set_up_in_child)


class Promptvault:
    def __init__(
        self,
        base_url: str,
        api_key: str,
        cache_ttl: float = 60,
        stream: bool = True,
        *,
        timeout: float = TIMEOUT_SECONDS,
        max_queued: int = MAX_QUEUED,
        batch_size: int = BATCH_SIZE,
        send_interval: float = SEND_INTERVAL_SECONDS,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._base_url = base_url
        self._headers = auth_headers(api_key)
        self._timeout = timeout
        self._transport = transport
        self._streaming = stream
        self._cache = PromptCache(cache_ttl)
        self._logs = LogQueue(max_queued, batch_size)
        self._send_interval = send_interval
        self._closed = False
        self.stream_connects = 0
        self._set_up()
        _open_clients.add(self)

    def _set_up(self) -> None:
        """Connections, locks and threads: made again in a forked child (a server's worker), which
        inherits the parent's sockets and locks but none of its threads."""
        self._http = httpx.Client(
            base_url=self._base_url,
            headers=self._headers,
            timeout=self._timeout,
            transport=self._transport,
        )
        self._stopping = threading.Event()
        # Misses of one key wait for one fetch; keys share a few locks.
        self._fetch_locks = [threading.Lock() for _ in range(_FETCH_LOCKS)]
        self._sending = threading.Lock()  # one batch on the way at a time
        self._wake_sender = threading.Event()
        self._sender: threading.Thread | None = None
        self._starting = threading.Lock()
        self._stream_response: httpx.Response | None = None
        self._stream: threading.Thread | None = None
        if self._streaming:
            self._stream_http = httpx.Client(
                base_url=self._base_url,
                headers={**self._headers, "accept": "text/event-stream"},
                timeout=httpx.Timeout(self._timeout, read=STREAM_READ_TIMEOUT_SECONDS),
            )
            self._stream = threading.Thread(
                target=self._hold_stream, name="promptvault-stream", daemon=True
            )
            self._stream.start()

    def _after_fork(self) -> None:
        self._cache.after_fork()
        self._logs.after_fork()  # the parent sends what it queued
        self._set_up()

    @property
    def cache_stats(self) -> CacheStats:
        return self._cache.stats

    @property
    def log_stats(self) -> LogStats:
        return self._logs.stats

    # Reads

    def get_prompt(
        self,
        name: str,
        environment: str = "production",
        key: str | None = None,
        fallback: str | None = None,
    ) -> Prompt:
        """The active version of `name` in `environment` (the canary side of `key`), from the
        cache when it is fresh. When the server fails, the last good copy, else `fallback` as a
        prompt with version None, else ServerUnavailable or PromptNotFound."""
        cache_key = (name, environment, key)
        if (prompt := self._cache.fresh_copy(cache_key)) is not None:
            return prompt
        return self._read(cache_key, fallback)

    def _read(self, key: CacheKey, fallback: str | None) -> Prompt:
        served, refresh = self._cache.serve_cached(key, time.monotonic())
        if refresh:
            threading.Thread(target=self._refresh, args=(key,), daemon=True).start()
        if served is not None:
            return served
        with self._fetch_locks[hash(key) % _FETCH_LOCKS]:
            entry, served = self._cache.settle(key, time.monotonic())
            if served is not None:
                return served
            try:
                return self._fetch(key, entry)
            except ClientError as error:
                return self._cache.after_failure(key, entry, fallback, error)

    def _fetch(self, key: CacheKey, entry: Entry | None) -> Prompt:
        epoch = self._cache.epoch(key)
        path, params, headers = prompt_request(*key, entry.prompt.etag if entry else None)
        try:
            response = self._http.get(path, params=params, headers=headers)
        except (httpx.HTTPError, RuntimeError) as error:  # RuntimeError: the client was closed
            raise ServerUnavailable(f"{type(error).__name__}: {error}") from error
        return accept_prompt_response(self._cache, key, response, epoch)

    def _refresh(self, key: CacheKey) -> None:
        try:
            self._fetch(key, self._cache.entries.get(key))
        except Exception:  # a background refresh must never raise: the stale copy stays
            self._cache.failed(key)

    # Execution logs

    def log_execution(
        self,
        version_id: str | None,
        latency_ms: float,
        input_tokens: int = 0,
        output_tokens: int = 0,
        cost: float = 0.0,
        model: str | None = None,
        status: str = "SUCCESS",
        error: str | None = None,
        request_id: str | None = None,
        environment: str = "production",
    ) -> None:
        """Queues one execution log and returns at once; a background thread sends the queue in
        batches. A fallback prompt's log (version_id None) is skipped and counted."""
        if version_id is None or self._closed:
            self._logs.stats.skipped += 1
            return
        item = execution_payload(
            version_id=version_id,
            latency_ms=latency_ms,
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            cost=cost,
            model=model,
            status=status,
            error=error,
            request_id=request_id,
            environment=environment,
        )
        if self._logs.put(item):
            self._wake_sender.set()
        if self._sender is None:
            self._start_sender()

    def flush(self, timeout: float | None = FLUSH_TIMEOUT_SECONDS) -> bool:
        """Sends every log queued so far; True once the server has them all, False if `timeout`
        ran out first (they stay queued)."""
        target = self._logs.last_seq
        deadline = None if timeout is None else time.monotonic() + timeout
        backoff = Backoff()
        while not self._logs.sent_through(target):
            delay = self._send_batch(backoff)
            if delay is not None:
                if deadline is not None:
                    delay = min(delay, deadline - time.monotonic())
                    if delay <= 0:
                        return False
                time.sleep(delay)
        return True

    def _start_sender(self) -> None:
        with self._starting:
            if self._sender is None and not self._closed:
                self._sender = threading.Thread(
                    target=self._send_loop, name="promptvault-logs", daemon=True
                )
                self._sender.start()

    def _send_loop(self) -> None:
        backoff = Backoff()
        while not self._stopping.is_set():
            self._wake_sender.wait(self._send_interval)
            self._wake_sender.clear()
            while len(self._logs) and not self._stopping.is_set():
                delay = self._send_batch(backoff)
                if delay is not None:
                    self._stopping.wait(delay)

    def _send_batch(self, backoff: Backoff) -> float | None:
        with self._sending:
            return send_next_batch(self._http, self._logs, backoff)

    # The activation stream

    def _hold_stream(self) -> None:
        backoff = Backoff(first=0.5, ceiling=30.0)
        last_event_id: str | None = None
        while not self._stopping.is_set():
            delay = None
            parser = SseParser()
            parser.last_event_id = last_event_id
            try:
                headers = {"last-event-id": last_event_id} if last_event_id else {}
                with self._stream_http.stream("GET", "/v1/stream", headers=headers) as response:
                    if response.status_code in (401, 403):
                        delay = STREAM_REFUSED_DELAY_SECONDS
                        logger.warning("the stream refused the API key: %s", response.read())
                    elif response.status_code == 200:
                        self._stream_response = response
                        if self._stopping.is_set():  # close() may have missed the response
                            break
                        for line in response.iter_lines():
                            if follow_stream(self._cache, parser, line):
                                self.stream_connects += 1
                                backoff.reset()
                            last_event_id = parser.last_event_id
            except Exception as error:  # the server is down or restarting: reconnect
                logger.debug("stream interrupted: %r", error)
            finally:
                self._stream_response = None
            self._stopping.wait(delay or backoff.next_delay())

    def _stop_stream(self) -> None:
        response = self._stream_response
        if response is not None:
            # Closing the client does not wake a thread blocked reading the socket; this does.
            network_stream = response.extensions.get("network_stream")
            sock = network_stream.get_extra_info("socket") if network_stream else None
            if isinstance(sock, socket.socket):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
        if self._stream is not None:
            self._stream.join(timeout=2)
            self._stream_http.close()

    # Lifetime

    def close(self, timeout: float = FLUSH_TIMEOUT_SECONDS) -> None:
        """Sends what is queued (for up to `timeout` seconds) and stops the background
        threads."""
        if self._closed:
            return
        self._closed = True
        _open_clients.discard(self)
        self._stopping.set()
        self._wake_sender.set()
        self._stop_stream()
        if self._sender is not None:
            self._sender.join(timeout=timeout)
        if not self.flush(timeout=timeout):
            logger.warning("%d execution logs were not sent before close()", len(self._logs))
        self._http.close()

    def __enter__(self) -> Promptvault:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Promptvault({self._base_url!r})"
