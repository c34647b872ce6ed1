"""Login throttling: decide whether a sign-in may be tried, and record how it went.

Every attempt is counted under two keys: the account (`account:<tenant slug>:<email>`, whether or
not that account exists, so the answers reveal nothing about it) and the client address
(`ip:<address>`). Failures are counted in a window of `login_window_seconds`; past
`login_slow_after` failures the failing answer is delayed a little more each time (up to
`login_max_delay_seconds`), and at `login_lock_after` failures the key is locked for
`login_lockout_seconds`: every attempt under it, right password or not, is RATE_LIMITED.
A successful sign-in clears the account's count, never the address's.
"""

from __future__ import annotations

import asyncio
import hashlib
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from app.core.errors import RateLimited
from app.identity.models import LoginFailure
from app.settings import Settings

FIRST_DELAY_SECONDS = 0.25
KEY_MAX_LENGTH = 300  # LoginFailure.key
INSERT_ATTEMPTS = 3


@dataclass(frozen=True)
class ThrottleKeys:
    account: str
    address: str | None

    @property
    def all(self) -> list[str]:
        # Always locked in this order, so two attempts never wait on each other's rows.
        return sorted(key for key in (self.account, self.address) if key is not None)


def _bounded(key: str) -> str:
    """Keys come from unvalidated input: an over-long one is stored as its digest."""
    if len(key) <= KEY_MAX_LENGTH:
        return key
    kind = key.split(":", 1)[0]
    return f"{kind}#sha256:{hashlib.sha256(key.encode()).hexdigest()}"


def keys_for(*, tenant_slug: str, email: str, ip: str | None) -> ThrottleKeys:
    account = f"account:{tenant_slug.strip().lower()}:{email.strip().lower()}"
    return ThrottleKeys(account=_bounded(account), address=_bounded(f"ip:{ip}") if ip else None)


def delay_after(failures: int, settings: Settings) -> float:
    """How long the answer to the `failures`-th failure waits: nothing up to slow_after, then
    0.25 s, 0.5 s, 1 s, ... capped at the configured maximum."""
    beyond = failures - settings.login_slow_after
    if beyond <= 0:
        return 0.0
    return min(settings.login_max_delay_seconds, FIRST_DELAY_SECONDS * 2.0 ** min(beyond - 1, 16))


async def ensure_allowed(keys: ThrottleKeys) -> None:
    """Refuse the attempt while any of its keys is locked; the answer is the same whichever key
    it is and whether or not the account exists."""
    now = datetime.now(UTC)
    locked = await LoginFailure.filter(key__in=keys.all, locked_until__gt=now)
    until = max((row.locked_until for row in locked if row.locked_until), default=None)
    if until is not None:
        retry_after = max(1, math.ceil((until - now).total_seconds()))
        raise RateLimited(
            f"too many failed sign-ins; try again in {retry_after} seconds",
            retryAfter=retry_after,
        )


async def _count_failure(key: str, now: datetime, settings: Settings) -> int:
    """One more failure under this key, in the caller's transaction; the key's new count."""
    lockout = timedelta(seconds=settings.login_lockout_seconds)
    row = await LoginFailure.filter(key=key).select_for_update(no_key=True).first()
    if row is None:
        # A concurrent first failure may insert the same key: IntegrityError, and the caller
        # retries, finding the row this time.
        await LoginFailure.create(
            key=key,
            failures=1,
            window_started_at=now,
            locked_until=now + lockout if settings.login_lock_after <= 1 else None,
        )
        return 1
    if row.window_started_at <= now - timedelta(seconds=settings.login_window_seconds):
        row.failures = 0
        row.window_started_at = now
    row.failures += 1
    if row.failures >= settings.login_lock_after:
        row.locked_until = now + lockout
    await row.save(update_fields=["failures", "window_started_at", "locked_until"])
    return row.failures


async def record_failure(keys: ThrottleKeys, settings: Settings) -> None:
    """Count a failed sign-in under every key, then hold the answer back as the counts say."""
    for attempt in range(1, INSERT_ATTEMPTS + 1):
        now = datetime.now(UTC)
        try:
            async with in_transaction():
                counts = [await _count_failure(key, now, settings) for key in keys.all]
            break
        except IntegrityError:
            if attempt == INSERT_ATTEMPTS:
                raise
    # After the commit: the rows are not held while the answer waits.
    delay = delay_after(max(counts), settings)
    if delay > 0:
        await asyncio.sleep(delay)


async def clear_account(keys: ThrottleKeys) -> None:
    """A successful sign-in forgets the account's failures; the address keeps its count."""
    await LoginFailure.filter(key=keys.account).delete()
