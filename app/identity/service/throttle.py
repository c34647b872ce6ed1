"""Sign-in throttling: decide whether a sign-in or a registration may be tried, and record how
it went. Three counts are kept, each a LoginFailure row under its key, in a window:

- The account (`account:<tenant slug>:<email>`, whether or not that account exists, so the
  answers reveal nothing about it). Every attempt is counted before its password is checked, so
  parallel guesses cannot slip past the count: once `login_lock_after` attempts are counted in
  `login_window_seconds`, the account is locked for `login_lockout_seconds` and every further
  attempt, right password or not, is RATE_LIMITED. A successful sign-in clears the count.
- The client address's failures (`ip:<address>`). Past `login_slow_after` of them (or of the
  account's attempts), a failing answer is delayed a little more each time, up to
  `login_max_delay_seconds`. An address is slowed down, never locked: many people may share it.
- The client address's attempts (`rate:<address>`): sign-ins and registrations, successful or
  not, at most `sign_ins_per_minute` a minute; past that, RATE_LIMITED until the minute ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import math
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import TypeVar

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from app.core.errors import RateLimited
from app.core.periodic import running_every
from app.core.transactions import atomic
from app.identity.models import LoginFailure
from app.settings import Settings

FIRST_DELAY_SECONDS = 0.25
KEY_MAX_LENGTH = 300  # LoginFailure.key
INSERT_ATTEMPTS = 3
RATE_WINDOW = timedelta(minutes=1)
PRUNE_INTERVAL_SECONDS = 300

T = TypeVar("T")


@dataclass(frozen=True)
class ThrottleKeys:
    account: str | None
    address_failures: str | None
    address_attempts: str | None


def _bounded(key: str) -> str:
    """Keys come from unvalidated input: an over-long one is stored as its digest."""
    if len(key) <= KEY_MAX_LENGTH:
        return key
    kind = key.split(":", 1)[0]
    return f"{kind}#sha256:{hashlib.sha256(key.encode()).hexdigest()}"


def keys_for(*, tenant_slug: str | None, email: str | None, ip: str | None) -> ThrottleKeys:
    """The keys of a sign-in (an account and an address) or of a registration (an address)."""
    account = (
        f"account:{tenant_slug.strip().lower()}:{email.strip().lower()}"
        if tenant_slug is not None and email is not None
        else None
    )
    return ThrottleKeys(
        account=_bounded(account) if account else None,
        address_failures=_bounded(f"ip:{ip}") if ip else None,
        address_attempts=_bounded(f"rate:{ip}") if ip else None,
    )


def delay_after(failures: int, settings: Settings) -> float:
    """How long the answer to the `failures`-th failure waits: nothing up to slow_after, then
    0.25 s, 0.5 s, 1 s, ... capped at the configured maximum."""
    beyond = failures - settings.login_slow_after
    if beyond <= 0:
        return 0.0
    return min(settings.login_max_delay_seconds, FIRST_DELAY_SECONDS * 2.0 ** min(beyond - 1, 16))


def _refusal(message: str, until: datetime) -> RateLimited:
    # Now, not when the attempt began: a concurrent attempt may have set `until` since.
    retry_after = max(1, math.ceil((until - datetime.now(UTC)).total_seconds()))
    return RateLimited(f"{message}; try again in {retry_after} seconds", retryAfter=retry_after)


async def _count(key: str, now: datetime, window: timedelta) -> LoginFailure:
    """One more under this key, in the caller's transaction, with the row locked until it ends;
    the count starts again once its window or its lock has passed."""
    row = await LoginFailure.filter(key=key).select_for_update(no_key=True).first()
    if row is None:
        # A concurrent first attempt may insert the same key: IntegrityError, and the caller
        # retries, finding the row this time.
        return await LoginFailure.create(key=key, failures=1, window_started_at=now)
    lock_passed = row.locked_until is not None and row.locked_until <= now
    if lock_passed or row.window_started_at <= now - window:
        row.failures = 0
        row.window_started_at = now
        if lock_passed:
            row.locked_until = None
    row.failures += 1
    await row.save(update_fields=["failures", "window_started_at", "locked_until"])
    return row


async def _count_account_attempt(key: str, now: datetime, settings: Settings) -> int:
    row = await _count(key, now, timedelta(seconds=settings.login_window_seconds))
    if row.locked_until is not None:
        # Raised inside the transaction: the refused attempt is not counted.
        raise _refusal("too many failed sign-ins", row.locked_until)
    if row.failures >= settings.login_lock_after:
        # This attempt is still checked; those that come after it are not.
        row.locked_until = now + timedelta(seconds=settings.login_lockout_seconds)
        await row.save(update_fields=["locked_until"])
    return row.failures


async def _count_address_attempt(key: str, now: datetime, settings: Settings) -> None:
    row = await _count(key, now, RATE_WINDOW)
    if row.failures > settings.sign_ins_per_minute:
        raise _refusal("too many sign-ins from this address", row.window_started_at + RATE_WINDOW)


async def _counted(count: Callable[[datetime], Awaitable[T]]) -> T:
    """Runs `count` in a transaction of its own, again if a concurrent first insert won."""
    attempt = 1
    while True:
        try:
            async with atomic():
                return await count(datetime.now(UTC))
        except IntegrityError:
            if attempt == INSERT_ATTEMPTS:
                raise
            attempt += 1


async def admit(keys: ThrottleKeys, settings: Settings) -> int:
    """Count this attempt before anything is checked, or refuse it (RATE_LIMITED) when its
    account is locked or its address is over its rate: the same answer whether or not the account
    exists. The account's attempts in its window, this one included (0 without an account)."""

    async def count(now: datetime) -> int:
        # Rows are always locked in this order (account, then address), so that two attempts
        # never wait on each other.
        attempts = await _count_account_attempt(keys.account, now, settings) if keys.account else 0
        if keys.address_attempts:
            await _count_address_attempt(keys.address_attempts, now, settings)
        return attempts

    return await _counted(count)


async def record_failure(keys: ThrottleKeys, account_attempts: int, settings: Settings) -> None:
    """Count a failed sign-in against its address, then hold the answer back as the counts of
    the address and the account say."""
    failures = 0
    if keys.address_failures:
        window = timedelta(seconds=settings.login_window_seconds)
        address_failures = keys.address_failures

        async def count(now: datetime) -> int:
            return (await _count(address_failures, now, window)).failures

        failures = await _counted(count)
    # After the commit: the rows are not held while the answer waits.
    delay = delay_after(max(failures, account_attempts), settings)
    if delay > 0:
        await asyncio.sleep(delay)


async def clear_account(keys: ThrottleKeys) -> None:
    """A successful sign-in forgets the account's attempts; the address keeps its counts."""
    if keys.account:
        await LoginFailure.filter(key=keys.account).delete()


async def prune(settings: Settings) -> int:
    """Delete the rows that count nothing any more: their window has passed and they lock
    nothing. How many were deleted."""
    now = datetime.now(UTC)
    window = max(timedelta(seconds=settings.login_window_seconds), RATE_WINDOW)
    return await LoginFailure.filter(
        Q(locked_until=None) | Q(locked_until__lte=now), window_started_at__lte=now - window
    ).delete()


@contextlib.asynccontextmanager
async def pruning_login_failures(settings: Settings) -> AsyncIterator[None]:
    """Prunes the throttling rows every few minutes while the server runs."""
    chore = partial(prune, settings)
    async with running_every(PRUNE_INTERVAL_SECONDS, chore, name="login failure pruning"):
        yield
