"""API keys verified recently, so that the runtime read does no SQL to authenticate.

Keys are found by the SHA-256 of the secret, as the database finds them. The upkeep re-checks
every cached key in one query each `api_key_recheck_seconds` and forgets the revoked ones: a
revoked key stops working within that interval (plus the query's own time). A key is verified in
full again after a minute, which keeps its last_used_at current to the minute the database keeps.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass

from app.core.actor import Actor
from app.core.errors import Unauthenticated
from app.identity.service import LAST_USED_RESOLUTION, authenticate_api_key, live_api_keys

logger = logging.getLogger("promptvault.runtime")

REVERIFY_SECONDS = LAST_USED_RESOLUTION.total_seconds()


@dataclass(frozen=True, slots=True)
class _Verified:
    actor: Actor
    verified_at: float


class VerifiedKeys:
    def __init__(self, *, max_entries: int) -> None:
        self._max_entries = max_entries
        self._verified: dict[bytes, _Verified] = {}
        self._rechecks = 0  # re-checks completed

    def __len__(self) -> int:
        return len(self._verified)

    async def authenticate(self, secret: str, *, ip: str | None) -> Actor:
        digest = hashlib.sha256(secret.encode()).digest()
        cached = self._verified.get(digest)
        now = time.monotonic()
        if cached is not None and now - cached.verified_at < REVERIFY_SECONDS:
            return cached.actor
        rechecks = self._rechecks
        try:
            actor = await authenticate_api_key(secret, ip=ip)
        except Unauthenticated:
            self._verified.pop(digest, None)
            raise
        except Exception:
            if cached is None:
                raise
            logger.exception("API key re-verification failed; the cached verification holds")
            return cached.actor
        # A key verified while a re-check ran may have been revoked since that re-check read
        # the database: keep it only if no re-check finished meanwhile.
        if rechecks == self._rechecks:
            self._verified.pop(digest, None)
            if len(self._verified) >= self._max_entries:
                del self._verified[next(iter(self._verified))]
            self._verified[digest] = _Verified(actor, now)
        return actor

    async def recheck(self) -> None:
        """Forget the keys that have been revoked since they were verified."""
        if not self._verified:
            return
        ids = {entry.actor.api_key_id for entry in self._verified.values()}
        live = await live_api_keys([key_id for key_id in ids if key_id is not None])
        self._rechecks += 1
        for digest, entry in list(self._verified.items()):
            if entry.actor.api_key_id not in live:
                del self._verified[digest]
