"""The runtime read's in-process cache: (tenant, name, environment) to what is served.

An activation or rollout event drops its entry at once, in every process (the bus carries events
across processes); an entry is read again after `max_age` seconds whatever happens, which bounds
what sends no event. A read that began before an event must not store what it read after the
event has passed: every fill remembers the cache's epoch, which each event moves on, and is kept
only if the epoch has not moved. If the database cannot be read, an expired entry serves on:
so when the bus may have missed events (its LISTEN connection was lost, which happens when the
database goes away), entries are marked stale rather than dropped.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from uuid import UUID

from app.core.events import names_where
from app.core.metrics import (
    RUNTIME_CACHE_ENTRIES,
    RUNTIME_CACHE_HITS,
    RUNTIME_CACHE_INVALIDATIONS,
    RUNTIME_CACHE_MISSES,
)
from app.realtime.events import Event
from app.runtime.served import ServedPrompt

logger = logging.getLogger("promptvault.runtime")

PromptKey = tuple[UUID, str, str]  # tenant id, asset name, environment
PromptReader = Callable[[UUID, str, str], Awaitable[ServedPrompt]]

SERVING_CHANGES = names_where("changes_serving")


@dataclass(frozen=True, slots=True)
class _Entry:
    prompt: ServedPrompt
    stored_at: float


class PromptCache:
    def __init__(self, read: PromptReader, *, max_age: float, max_entries: int) -> None:
        self._read = read
        self._max_age = max_age
        self._max_entries = max_entries
        self._entries: dict[PromptKey, _Entry] = {}
        self._epoch = 0
        self._stale_before = 0.0  # entries stored before this are read again
        # Concurrent misses of one key in one epoch share one database read.
        self._reads: dict[tuple[PromptKey, int], asyncio.Future[ServedPrompt]] = {}

    def __len__(self) -> int:
        return len(self._entries)

    async def lookup(self, tenant_id: UUID, name: str, environment: str) -> ServedPrompt:
        key = (tenant_id, name, environment)
        entry = self._entries.get(key)
        if entry is not None and self._is_fresh(entry):
            RUNTIME_CACHE_HITS.inc()
            return entry.prompt
        RUNTIME_CACHE_MISSES.inc()
        try:
            return await self._fill(key)
        except Exception:
            if entry is None:
                raise
            logger.exception("runtime read: the database failed; serving the last good copy")
            return entry.prompt

    async def _fill(self, key: PromptKey) -> ServedPrompt:
        epoch = self._epoch
        pending = self._reads.get((key, epoch))
        if pending is not None:
            return await asyncio.shield(pending)
        read = asyncio.ensure_future(self._read(*key))
        self._reads[(key, epoch)] = read
        try:
            prompt = await asyncio.shield(read)
        finally:
            self._reads.pop((key, epoch), None)
        if epoch == self._epoch and self._max_age > 0:
            self._store(key, prompt)
        return prompt

    def _is_fresh(self, entry: _Entry) -> bool:
        return (
            entry.stored_at > self._stale_before
            and time.monotonic() - entry.stored_at < self._max_age
        )

    def _store(self, key: PromptKey, prompt: ServedPrompt) -> None:
        self._entries.pop(key, None)  # re-inserted last: the oldest entries go first
        if len(self._entries) >= self._max_entries:
            del self._entries[next(iter(self._entries))]
        self._entries[key] = _Entry(prompt, time.monotonic())
        RUNTIME_CACHE_ENTRIES.set(len(self._entries))

    def drop(self, key: PromptKey) -> None:
        self._epoch += 1
        if self._entries.pop(key, None) is not None:
            RUNTIME_CACHE_INVALIDATIONS.inc()
            RUNTIME_CACHE_ENTRIES.set(len(self._entries))

    def drop_tenant(self, tenant_id: UUID) -> None:
        self._epoch += 1
        for key in [key for key in self._entries if key[0] == tenant_id]:
            del self._entries[key]
            RUNTIME_CACHE_INVALIDATIONS.inc()
        RUNTIME_CACHE_ENTRIES.set(len(self._entries))

    def mark_all_stale(self) -> None:
        """Every entry is read again before it serves, unless the database cannot be read."""
        self._epoch += 1
        self._stale_before = time.monotonic()
        RUNTIME_CACHE_INVALIDATIONS.inc(len(self._entries))

    # The bus's AllEventsListener: every tenant's events, in the bus's task.

    def on_event(self, event: Event) -> None:
        if event.kind not in SERVING_CHANGES:
            return
        name, environment = event.data.get("assetName"), event.data.get("environment")
        if isinstance(name, str) and isinstance(environment, str):
            self.drop((event.tenant_id, name, environment))
        else:  # an event that does not say what it changed: all of its tenant's entries go
            self.drop_tenant(event.tenant_id)

    def on_gap(self) -> None:
        self.mark_all_stale()
