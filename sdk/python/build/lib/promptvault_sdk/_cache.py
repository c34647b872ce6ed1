"""The SDK's in-memory cache of prompts, shared by the sync and async clients.

The cache holds one entry per (name, environment, key). An entry is fresh until its TTL runs out;
then it is stale: served at once while one background refresh asks the server again. An
activation event marks the entries of its (name, environment) invalid: the next read asks the
server before answering, and serves the invalid copy only if the server does not answer. Nothing
is ever deleted, so the last good copy survives an outage.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass
from enum import Enum

from promptvault_sdk._prompt import Prompt
from promptvault_sdk.errors import ClientError

CacheKey = tuple[str, str, str | None]  # (name, environment, sticky key)

# Sticky keys may be many (one per user): past this many entries the oldest ones go.
MAX_ENTRIES = 10_000
# A server process may answer before it has heard of an activation that another one streamed: what
# is fetched this soon after an invalidation is asked for again (conditionally) after this long.
SETTLE_SECONDS = 2.0
# After a failed fetch, the copy at hand is served without asking again for this long, so that a
# server that is down is not asked on every read.
RETRY_AFTER_FAILURE_SECONDS = 1.0


class Freshness(Enum):
    FRESH = "fresh"
    STALE = "stale"  # TTL ran out: serve, refresh in the background
    INVALID = "invalid"  # an activation changed it: ask the server first
    MISSING = "missing"


@dataclass(slots=True)
class Entry:
    prompt: Prompt
    fresh_until: float
    invalid: bool = False
    refreshing: bool = False
    quiet_until: float = 0.0  # no fetch before this after a failure

    def is_fresh(self, now: float) -> bool:
        return not self.invalid and self.fresh_until > now


@dataclass
class CacheStats:
    hits: int = 0
    stale_served: int = 0
    fetches: int = 0
    not_modified: int = 0
    fetch_failures: int = 0
    last_good_served: int = 0
    fallbacks_served: int = 0
    invalidations: int = 0


class PromptCache:
    """Thread-safe. Reads of `entries` need no lock: the fast path is one dict lookup."""

    def __init__(self, ttl: float, max_entries: int = MAX_ENTRIES) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self.entries: dict[CacheKey, Entry] = {}
        self.stats = CacheStats()
        self._lock = threading.Lock()
        # Bumped by every invalidation of a (name, environment), and of everything: a fetch that
        # began before an invalidation stores what it got as invalid, not as fresh.
        self._epochs: dict[tuple[str, str], int] = {}
        self._global_epoch = 0
        self._invalidated_at: dict[tuple[str, str], float] = {}
        self._globally_invalidated_at = -math.inf

    def after_fork(self) -> None:
        self._lock = threading.Lock()
        for entry in self.entries.values():
            entry.refreshing = False  # the parent's refreshes did not come along

    def fresh_copy(self, key: CacheKey) -> Prompt | None:
        """The cached prompt if it is fresh, counted as a hit; else None. A read's fast path: one
        dict lookup, no lock."""
        entry = self.entries.get(key)
        if entry is not None and entry.is_fresh(time.monotonic()):
            self.stats.hits += 1
            return entry.prompt
        return None

    def freshness(self, key: CacheKey, now: float) -> tuple[Entry | None, Freshness]:
        entry = self.entries.get(key)
        if entry is None:
            return None, Freshness.MISSING
        if entry.is_fresh(now):
            return entry, Freshness.FRESH
        if entry.invalid:
            return entry, Freshness.INVALID
        return entry, Freshness.STALE

    def serve_cached(self, key: CacheKey, now: float) -> tuple[Prompt | None, bool]:
        """What a read serves before any fetch: a fresh copy, or a stale one whose refresh the
        caller must start when the second value says so; (None, False) when it must fetch."""
        entry, freshness = self.freshness(key, now)
        if entry is not None and freshness is Freshness.FRESH:
            self.stats.hits += 1
            return entry.prompt, False
        if entry is not None and freshness is Freshness.STALE:
            refresh = self.claim_refresh(key, now)
            self.stats.stale_served += 1
            return entry.prompt, refresh
        return None, False

    def settle(self, key: CacheKey, now: float) -> tuple[Entry | None, Prompt | None]:
        """Under the key's fetch lock: the entry, and what to serve without fetching — a copy
        another caller fetched meanwhile, or the last good copy while the server is left alone
        after a failure."""
        entry, freshness = self.freshness(key, now)
        if entry is not None and freshness is Freshness.FRESH:
            return entry, entry.prompt
        if entry is not None and entry.quiet_until > now:
            self.stats.last_good_served += 1
            return entry, entry.prompt
        return entry, None

    def after_failure(
        self, key: CacheKey, entry: Entry | None, fallback: str | None, error: ClientError
    ) -> Prompt:
        """A fetch failed: the last good copy, else the fallback body, else the error."""
        self.failed(key)
        if entry is not None:
            self.stats.last_good_served += 1
            return entry.prompt
        if fallback is not None:
            self.stats.fallbacks_served += 1
            return Prompt.fallback(key[0], key[1], fallback)
        raise error

    def epoch(self, key: CacheKey) -> tuple[int, int]:
        with self._lock:
            return self._global_epoch, self._epochs.get((key[0], key[1]), 0)

    def claim_refresh(self, key: CacheKey, now: float) -> bool:
        """True for the one caller that should refresh a stale entry now."""
        with self._lock:
            entry = self.entries.get(key)
            if entry is None or entry.refreshing or entry.quiet_until > now:
                return False
            entry.refreshing = True
            return True

    def store(self, key: CacheKey, prompt: Prompt, epoch: tuple[int, int]) -> None:
        with self._lock:
            if key not in self.entries and len(self.entries) >= self.max_entries:
                del self.entries[next(iter(self.entries))]
            self.entries[key] = Entry(
                prompt=prompt,
                fresh_until=self._fresh_until(key),
                invalid=epoch != self._current(key),
            )

    def renew(self, key: CacheKey, epoch: tuple[int, int]) -> Prompt | None:
        """The server answered 304: the entry is good for another TTL. None if it is gone."""
        with self._lock:
            entry = self.entries.get(key)
            if entry is None:
                return None
            entry.fresh_until = self._fresh_until(key)
            entry.invalid = epoch != self._current(key)
            entry.refreshing = False
            entry.quiet_until = 0.0
            return entry.prompt

    def failed(self, key: CacheKey) -> None:
        with self._lock:
            self.stats.fetch_failures += 1
            entry = self.entries.get(key)
            if entry is not None:
                entry.refreshing = False
                entry.quiet_until = time.monotonic() + RETRY_AFTER_FAILURE_SECONDS

    def invalidate(self, name: str | None, environment: str | None) -> None:
        """Marks the entries of (name, environment) invalid; None matches every name or
        environment."""
        with self._lock:
            self.stats.invalidations += 1
            if name is None or environment is None:
                self._global_epoch += 1
                self._globally_invalidated_at = time.monotonic()
            else:
                pair = (name, environment)
                self._epochs[pair] = self._epochs.get(pair, 0) + 1
                self._invalidated_at[pair] = time.monotonic()
            for (entry_name, entry_environment, _), entry in self.entries.items():
                if (name is None or entry_name == name) and (
                    environment is None or entry_environment == environment
                ):
                    entry.invalid = True
                    entry.quiet_until = 0.0

    def _fresh_until(self, key: CacheKey) -> float:
        now = time.monotonic()
        invalidated_at = max(
            self._globally_invalidated_at,
            self._invalidated_at.get((key[0], key[1]), -math.inf),
        )
        if now - invalidated_at < SETTLE_SECONDS:
            return now + min(self.ttl, SETTLE_SECONDS)
        return now + self.ttl

    def _current(self, key: CacheKey) -> tuple[int, int]:
        return self._global_epoch, self._epochs.get((key[0], key[1]), 0)
