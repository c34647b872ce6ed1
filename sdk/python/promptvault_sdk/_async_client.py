"""AsyncPromptvault: the SDK for asyncio applications, with the sync client's behaviour (see
_client.py); its background work runs as tasks on the loop that first uses it."""

from __future__ import annotations

import asyncio
import atexit
import logging
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
    send_next_batch_async,
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

_open_clients: weakref.WeakSet[AsyncPromptvault] = weakref.WeakSet()


@atexit.register
def _send_what_is_left() -> None:
    """The loop is gone at exit: what an unclosed client still holds goes synchronously."""
    for client in list(_open_clients):
        client._send_at_exit(FLUSH_TIMEOUT_SECONDS)


class AsyncPromptvault:
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
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._base_url = base_url
        self._headers = auth_headers(api_key)
        self._timeout = timeout
        self._http = httpx.AsyncClient(
            base_url=base_url, headers=self._headers, timeout=timeout, transport=transport
        )
        self._cache = PromptCache(cache_ttl)
        self._logs = LogQueue(max_queued, batch_size)
        self._send_interval = send_interval
        self._streaming = stream
        self._closed = False
        self._started = False
        self._tasks: set[asyncio.Task[None]] = set()
        self._sender: asyncio.Task[None] | None = None
        self._fetch_locks: list[asyncio.Lock] = []
        self._sending: asyncio.Lock | None = None
        self._wake_sender: asyncio.Event | None = None
        self._stopping: asyncio.Event | None = None
        self.stream_connects = 0
        _open_clients.add(self)
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return  # started by the first call made on a loop
        self._start()

    @property
    def cache_stats(self) -> CacheStats:
        return self._cache.stats

    @property
    def log_stats(self) -> LogStats:
        return self._logs.stats

    def _start(self) -> None:
        self._started = True
        self._fetch_locks = [asyncio.Lock() for _ in range(_FETCH_LOCKS)]
        self._sending = asyncio.Lock()
        self._wake_sender = asyncio.Event()
        self._stopping = asyncio.Event()
        self._sender = asyncio.create_task(self._send_loop())
        if self._streaming:
            self._spawn(self._hold_stream())

    def _spawn(self, work: object) -> None:
        task: asyncio.Task[None] = asyncio.create_task(work)  # type: ignore[arg-type]
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # Reads

    async def get_prompt(
        self,
        name: str,
        environment: str = "production",
        key: str | None = None,
        fallback: str | None = None,
    ) -> Prompt:
        cache_key = (name, environment, key)
        if (prompt := self._cache.fresh_copy(cache_key)) is not None:
            return prompt
        if not self._started:
            self._start()
        return await self._read(cache_key, fallback)

    async def _read(self, key: CacheKey, fallback: str | None) -> Prompt:
        served, refresh = self._cache.serve_cached(key, time.monotonic())
        if refresh:
            self._spawn(self._refresh(key))
        if served is not None:
            return served
        async with self._fetch_locks[hash(key) % _FETCH_LOCKS]:
            entry, served = self._cache.settle(key, time.monotonic())
            if served is not None:
                return served
            try:
                return await self._fetch(key, entry)
            except ClientError as error:
                return self._cache.after_failure(key, entry, fallback, error)

    async def _fetch(self, key: CacheKey, entry: Entry | None) -> Prompt:
        epoch = self._cache.epoch(key)
        path, params, headers = prompt_request(*key, entry.prompt.etag if entry else None)
        try:
            response = await self._http.get(path, params=params, headers=headers)
        except (httpx.HTTPError, RuntimeError) as error:  # RuntimeError: the client was closed
            raise ServerUnavailable(f"{type(error).__name__}: {error}") from error
        return accept_prompt_response(self._cache, key, response, epoch)

    async def _refresh(self, key: CacheKey) -> None:
        try:
            await self._fetch(key, self._cache.entries.get(key))
        except Exception:  # a background refresh must never raise: the stale copy stays
            self._cache.failed(key)

    # Execution logs

    async def log_execution(
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
        if not self._started:
            self._start()
        if self._logs.put(item):
            assert self._wake_sender is not None
            self._wake_sender.set()

    async def flush(self, timeout: float | None = FLUSH_TIMEOUT_SECONDS) -> bool:
        if not self._started:
            self._start()
        target = self._logs.last_seq
        deadline = None if timeout is None else time.monotonic() + timeout
        backoff = Backoff()
        while not self._logs.sent_through(target):
            delay = await self._send_batch(backoff)
            if delay is not None:
                if deadline is not None:
                    delay = min(delay, deadline - time.monotonic())
                    if delay <= 0:
                        return False
                await asyncio.sleep(delay)
        return True

    async def _send_loop(self) -> None:
        assert self._wake_sender is not None and self._stopping is not None
        backoff = Backoff()
        while not self._stopping.is_set():
            try:
                await asyncio.wait_for(self._wake_sender.wait(), self._send_interval)
            except TimeoutError:
                pass
            self._wake_sender.clear()
            while len(self._logs) and not self._stopping.is_set():
                delay = await self._send_batch(backoff)
                if delay is not None:
                    try:
                        await asyncio.wait_for(self._stopping.wait(), delay)
                    except TimeoutError:
                        pass

    async def _send_batch(self, backoff: Backoff) -> float | None:
        assert self._sending is not None
        async with self._sending:
            return await send_next_batch_async(self._http, self._logs, backoff)

    def _send_at_exit(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        backoff = Backoff()
        with httpx.Client(base_url=self._base_url, headers=self._headers, timeout=5) as http:
            while len(self._logs) and time.monotonic() < deadline:
                delay = send_next_batch(http, self._logs, backoff)
                if delay is not None:
                    time.sleep(min(delay, max(0.0, deadline - time.monotonic())))

    # The activation stream

    async def _hold_stream(self) -> None:
        backoff = Backoff(first=0.5, ceiling=30.0)
        last_event_id: str | None = None
        timeout = httpx.Timeout(self._timeout, read=STREAM_READ_TIMEOUT_SECONDS)
        headers = {**self._headers, "accept": "text/event-stream"}
        async with httpx.AsyncClient(
            base_url=self._base_url, headers=headers, timeout=timeout
        ) as http:
            while True:
                delay = None
                parser = SseParser()
                parser.last_event_id = last_event_id
                resume = {"last-event-id": last_event_id} if last_event_id else {}
                try:
                    async with http.stream("GET", "/v1/stream", headers=resume) as response:
                        if response.status_code in (401, 403):
                            delay = STREAM_REFUSED_DELAY_SECONDS
                            logger.warning(
                                "the stream refused the API key: %s", response.status_code
                            )
                        elif response.status_code == 200:
                            async for line in response.aiter_lines():
                                if follow_stream(self._cache, parser, line):
                                    self.stream_connects += 1
                                    backoff.reset()
                                last_event_id = parser.last_event_id
                except Exception as error:  # the server is down or restarting: reconnect
                    logger.debug("stream interrupted: %r", error)
                await asyncio.sleep(delay or backoff.next_delay())

    # Lifetime

    async def close(self, timeout: float = FLUSH_TIMEOUT_SECONDS) -> None:
        if self._closed:
            return
        self._closed = True
        _open_clients.discard(self)
        if self._stopping is not None and self._wake_sender is not None:
            self._stopping.set()
            self._wake_sender.set()
        # The sender ends after the batch it may be sending; a cancelled one could leave a batch
        # that the server took in the queue, to be sent again.
        if self._sender is not None:
            await asyncio.wait([self._sender], timeout=timeout)
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._started and not await self.flush(timeout=timeout):
            logger.warning("%d execution logs were not sent before close()", len(self._logs))
        await self._http.aclose()

    async def __aenter__(self) -> AsyncPromptvault:
        if not self._started:
            self._start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    def __repr__(self) -> str:
        return f"AsyncPromptvault({self._base_url!r})"
