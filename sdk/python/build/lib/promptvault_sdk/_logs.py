"""The execution logs waiting to be sent, shared by the sync and async clients.

A log stays in the queue until the server has accepted the batch that carried it: a batch that
fails is sent again, so a log is lost only when the queue is full (the oldest goes first, and is
counted) or when the server refuses the log itself (counted too). A batch is sent again whole,
under the same Idempotency-Key, so that one whose answer was lost on the way is stored once.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections import deque
from dataclasses import dataclass
from typing import Any

import httpx

from promptvault_sdk._protocol import Backoff, BatchOutcome, batch_outcome

logger = logging.getLogger("promptvault.client")

EXECUTIONS = "/v1/executions"
IDEMPOTENCY_KEY = "idempotency-key"

MAX_QUEUED = 10_000
BATCH_SIZE = 100
SEND_INTERVAL_SECONDS = 1.0


@dataclass
class LogStats:
    queued: int = 0
    sent: int = 0
    dropped: int = 0  # the queue was full: the oldest logs made room
    rejected: int = 0  # the server refused the log itself (400)
    skipped: int = 0  # logged against a fallback prompt, which has no version
    failed_batches: int = 0


@dataclass(frozen=True)
class Batch:
    """Logs sent together, under a key of their own that stays the same when they are sent
    again: the server stores a batch once, however many of its answers were lost."""

    key: str
    logs: list[tuple[int, dict[str, Any]]]

    @property
    def items(self) -> list[dict[str, Any]]:
        return [item for _, item in self.logs]


class LogQueue:
    def __init__(self, max_queued: int = MAX_QUEUED, batch_size: int = BATCH_SIZE) -> None:
        self.max_queued = max_queued
        self.batch_size = batch_size
        self.stats = LogStats()
        self.changed = threading.Condition()  # notified on every put, send and removal
        self._items: deque[tuple[int, dict[str, Any]]] = deque()
        self._next_seq = 0
        self._in_flight: Batch | None = None  # sent, and not settled yet
        # After a 400 that named no item, the items up to this sequence number go one at a time,
        # so that only the bad one is refused.
        self._singly_through = -1

    def after_fork(self) -> None:
        self.changed = threading.Condition()
        self._items.clear()
        self._in_flight = None

    def put(self, item: dict[str, Any]) -> bool:
        """Queues a log; True when a full batch is waiting."""
        with self.changed:
            if len(self._items) >= self.max_queued:
                self._items.popleft()
                self.stats.dropped += 1
            self._items.append((self._next_seq, item))
            self._next_seq += 1
            self.stats.queued += 1
            self.changed.notify_all()
            return len(self._items) >= self.batch_size

    def __len__(self) -> int:
        return len(self._items)

    @property
    def last_seq(self) -> int:
        """The sequence number of the last log queued so far (-1 before any)."""
        with self.changed:
            return self._next_seq - 1

    def sent_through(self, seq: int) -> bool:
        """True once no log up to `seq` waits any more."""
        with self.changed:
            return not self._items or self._items[0][0] > seq

    def next_batch(self) -> Batch | None:
        """The oldest logs, up to a batch, left in the queue until `settle` removes them. Until
        the server has settled it, the same batch comes back: the same logs under the same key,
        even if more logs have been queued since."""
        with self.changed:
            if self._in_flight is None and self._items:
                size = 1 if self._items[0][0] <= self._singly_through else self.batch_size
                logs = [self._items[i] for i in range(min(size, len(self._items)))]
                self._in_flight = Batch(key=uuid.uuid4().hex, logs=logs)
            return self._in_flight

    def sent(self, logs: list[tuple[int, dict[str, Any]]]) -> None:
        # A batch is the oldest logs, and a full queue drops the oldest: whatever is left of the
        # batch (a full queue may have dropped some while it was on the way) is at the front.
        last = logs[-1][0]
        with self.changed:
            while self._items and self._items[0][0] <= last:
                self._items.popleft()
                self.stats.sent += 1
            self.changed.notify_all()

    def reject(self, seq: int) -> None:
        with self.changed:
            for index, (queued_seq, _) in enumerate(self._items):
                if queued_seq == seq:
                    del self._items[index]
                    self.stats.rejected += 1
                    break
                if queued_seq > seq:
                    break
            self.changed.notify_all()

    def settle(self, batch: Batch, outcome: BatchOutcome) -> bool:
        """Applies the server's answer to a batch; False when it should be sent again later."""
        with self.changed:
            settled = self._apply(batch.logs, outcome)
            if settled and self._in_flight is batch:
                self._in_flight = None
            return settled

    def _apply(self, logs: list[tuple[int, dict[str, Any]]], outcome: BatchOutcome) -> bool:
        if outcome.sent:
            self.sent(logs)
            return True
        if outcome.rejected_index is not None and 0 <= outcome.rejected_index < len(logs):
            self.reject(logs[outcome.rejected_index][0])
            return True
        if outcome.rejected_index is not None or outcome.rejected_unknown:
            if len(logs) == 1:
                self.reject(logs[0][0])
            else:
                self._singly_through = max(self._singly_through, logs[-1][0])
            return True
        self.stats.failed_batches += 1
        return False


def send_next_batch(http: httpx.Client, queue: LogQueue, backoff: Backoff) -> float | None:
    """Posts the oldest batch; None once the server has settled it, else the delay to wait
    before sending it again."""
    batch = queue.next_batch()
    if batch is None:
        return None
    try:
        response = http.post(EXECUTIONS, json=batch.items, headers={IDEMPOTENCY_KEY: batch.key})
        outcome = batch_outcome(response)
    except Exception as error:  # the server is down, or the client closing
        outcome = BatchOutcome(reason=f"{type(error).__name__}: {error}")
    return _after(queue, batch, outcome, backoff)


async def send_next_batch_async(
    http: httpx.AsyncClient, queue: LogQueue, backoff: Backoff
) -> float | None:
    batch = queue.next_batch()
    if batch is None:
        return None
    try:
        response = await http.post(
            EXECUTIONS, json=batch.items, headers={IDEMPOTENCY_KEY: batch.key}
        )
        outcome = batch_outcome(response)
    except Exception as error:
        outcome = BatchOutcome(reason=f"{type(error).__name__}: {error}")
    return _after(queue, batch, outcome, backoff)


def _after(
    queue: LogQueue,
    batch: Batch,
    outcome: BatchOutcome,
    backoff: Backoff,
) -> float | None:
    if queue.settle(batch, outcome):
        if outcome.reason:
            logger.warning("execution log refused: %s", outcome.reason)
        backoff.reset()
        return None
    logger.debug("execution logs not sent, will retry: %s", outcome.reason)
    return outcome.retry_after if outcome.retry_after else backoff.next_delay()
