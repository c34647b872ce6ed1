"""Login throttling: attempts on an account are counted before their password is checked, slowed,
then refused with RATE_LIMITED for a while, and the answers are the same whether or not the
account exists; failures from a client address are slowed down, never locked out.

Each test signs in from addresses of its own, so its failures never count against the 127.0.0.1
of the rest of the suite, nor against another test's."""

from __future__ import annotations

import asyncio
import itertools
import re
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from app.identity.models import LoginFailure
from app.identity.service import throttle
from app.settings import Settings, load_settings
from tests.support.graphql import LOGIN, PASSWORD, GraphQLClient, Result, TenantHandle

ME = "query Me { me { email } }"
WRONG = "wrong-password-123"

Clients = Callable[[], Awaitable[GraphQLClient]]
_addresses = (f"10.0.{n // 250}.{n % 250 + 1}" for n in itertools.count())


@pytest.fixture(scope="module")
def settings() -> Settings:
    """What the app was started with: conftest's environment."""
    return load_settings()


@pytest.fixture
async def clients(app: Any) -> AsyncIterator[Clients]:
    """`await clients()`: a client signing in from an address no other client has used."""
    async with AsyncExitStack() as stack:

        async def new_client() -> GraphQLClient:
            address = next(_addresses)
            return await stack.enter_async_context(GraphQLClient.for_app(app, address=address))

        yield new_client


async def _login(
    api: GraphQLClient,
    slug: str,
    email: str,
    password: str = PASSWORD,
    headers: dict[str, str] | None = None,
) -> Result:
    return await api(
        LOGIN, {"input": {"tenant": slug, "email": email, "password": password}}, headers=headers
    )


async def _slowed_failure(
    api: GraphQLClient, slug: str, email: str, settings: Settings, **headers: str
) -> None:
    """A failing sign-in whose answer is held back by the throttle."""
    expected_delay = min(0.25, settings.login_max_delay_seconds)
    assert expected_delay > 0
    started = time.perf_counter()
    failed = await _login(api, slug, email, WRONG, headers=headers)
    elapsed = time.perf_counter() - started
    assert failed.code == "UNAUTHENTICATED", failed.errors
    assert elapsed >= expected_delay, elapsed


async def _admin_email(tenant: TenantHandle) -> str:
    return str((await tenant.gql(ME)).ok()["me"]["email"])


def _assert_rate_limited(result: Result, settings: Settings) -> None:
    assert result.code == "RATE_LIMITED", result.errors
    assert result.data is None
    retry_after = result.errors[0]["extensions"]["retryAfter"]
    assert isinstance(retry_after, int)
    assert 0 < retry_after <= settings.login_lockout_seconds
    assert result.errors[0]["message"] == (
        f"too many failed sign-ins; try again in {retry_after} seconds"
    )


def _shape(result: Result) -> tuple[str, list[str]]:
    """The message with its number of seconds blanked, and the extension names."""
    error = result.errors[0]
    return re.sub(r"\d+", "N", error["message"]), sorted(error["extensions"])


async def test_an_account_is_refused_after_lock_after_failures_even_with_the_right_password(
    clients: Clients, tenant: TenantHandle, settings: Settings
) -> None:
    email = await _admin_email(tenant)
    # From several addresses, so the lock is the account's and no address reaches its own.
    spread = [await clients() for _ in range(3)]
    for attempt in range(settings.login_lock_after):
        failed = await _login(spread[attempt % 3], tenant.slug, email, WRONG)
        assert failed.code == "UNAUTHENTICATED", (attempt, failed.errors)

    right_password = await _login(spread[0], tenant.slug, email)
    _assert_rate_limited(right_password, settings)
    # From an address that never failed, and with the email in capitals: the same account.
    elsewhere = await _login(await clients(), tenant.slug, email.upper())
    _assert_rate_limited(elsewhere, settings)
    # The token issued at registration still works: the lock refuses new sign-ins only.
    assert (await tenant.gql(ME)).ok()


async def test_an_unknown_email_is_refused_alike_after_as_many_failures(
    clients: Clients, tenant: TenantHandle, settings: Settings
) -> None:
    known = await _admin_email(tenant)
    unknown = f"nobody-{uuid.uuid4().hex[:8]}@example.com"
    answers: dict[str, list[Result]] = {known: [], unknown: []}
    for email in (known, unknown):
        api = await clients()
        for _ in range(settings.login_lock_after):
            answers[email].append(await _login(api, tenant.slug, email, WRONG))
        answers[email].append(await _login(api, tenant.slug, email, WRONG))
        answers[email].append(await _login(await clients(), tenant.slug, email))

    for email in (known, unknown):
        *failures, locked_wrong, locked_right = answers[email]
        assert [failure.code for failure in failures] == ["UNAUTHENTICATED"] * len(failures)
        _assert_rate_limited(locked_wrong, settings)
        _assert_rate_limited(locked_right, settings)
    # Nothing in the answers tells the two apart.
    for position in range(settings.login_lock_after + 2):
        known_answer, unknown_answer = answers[known][position], answers[unknown][position]
        assert _shape(known_answer) == _shape(unknown_answer), position


async def test_a_success_before_the_lock_clears_the_account_but_not_the_address(
    clients: Clients, tenant: TenantHandle, settings: Settings
) -> None:
    email = await _admin_email(tenant)
    first, second = await clients(), await clients()
    for _ in range(settings.login_lock_after - 1):
        assert (await _login(first, tenant.slug, email, WRONG)).code == "UNAUTHENTICATED"
    assert (await _login(first, tenant.slug, email)).ok()["login"]["token"]

    # Without the reset this failure would be the account's lock_after-th and lock it.
    assert (await _login(second, tenant.slug, email, WRONG)).code == "UNAUTHENTICATED"
    assert (await _login(second, tenant.slug, email)).ok()["login"]["token"]

    # The first address kept its count: one more failure, on another account, is slowed down,
    # and the right password still gets in from it.
    stranger = f"stranger-{uuid.uuid4().hex[:8]}@example.com"
    await _slowed_failure(first, tenant.slug, stranger, settings)
    assert (await _login(first, tenant.slug, email)).ok()["login"]["token"]
    assert (await _login(second, tenant.slug, email)).ok()["login"]["token"]


async def test_an_address_failing_on_many_accounts_is_slowed_down_but_never_locked_out(
    clients: Clients, tenant: TenantHandle, settings: Settings
) -> None:
    """Behind a reverse proxy a whole company shares one address: one person's burst of bad
    sign-ins must not lock everyone else out."""
    email = await _admin_email(tenant)
    sprayer = await clients()
    for number in range(settings.login_lock_after * 2):
        guess = f"guess-{number}-{uuid.uuid4().hex[:6]}@example.com"
        assert (await _login(sprayer, tenant.slug, guess, WRONG)).code == "UNAUTHENTICATED"

    await _slowed_failure(
        sprayer, tenant.slug, f"one-more-{uuid.uuid4().hex[:6]}@x.example", settings
    )
    assert (await _login(sprayer, tenant.slug, email)).ok()["login"]["token"]


async def test_forwarded_addresses_from_a_client_that_is_no_trusted_proxy_are_ignored(
    clients: Clients, tenant: TenantHandle, settings: Settings
) -> None:
    """PROMPTVAULT_TRUSTED_PROXIES is unset here: a client naming a new address in
    X-Forwarded-For for every attempt is still counted as itself, and slowed."""
    api = await clients()
    for number in range(settings.login_slow_after):
        guess = f"guess-{number}-{uuid.uuid4().hex[:6]}@example.com"
        forwarded = {"x-forwarded-for": f"203.0.113.{number + 1}"}
        failed = await _login(api, tenant.slug, guess, WRONG, headers=forwarded)
        assert failed.code == "UNAUTHENTICATED"
    await _slowed_failure(
        api, tenant.slug, "last@example.com", settings, **{"x-forwarded-for": "203.0.113.99"}
    )


async def test_parallel_guesses_on_one_account_are_checked_at_most_lock_after_times(
    clients: Clients, tenant: TenantHandle, settings: Settings
) -> None:
    """40 guesses at once, each from an address of its own, the right password last among them:
    each is counted before its password is checked, so at most lock_after are checked."""
    email = await _admin_email(tenant)
    guessers = [await clients() for _ in range(40)]
    passwords = [f"{WRONG}-{number}" for number in range(39)] + [PASSWORD]
    answers = await asyncio.gather(
        *(
            _login(api, tenant.slug, email, password)
            for api, password in zip(guessers, passwords, strict=True)
        )
    )
    checked = [answer for answer in answers if answer.code != "RATE_LIMITED"]
    assert len(checked) <= settings.login_lock_after, [answer.code for answer in answers]
    assert {answer.code for answer in checked} <= {"UNAUTHENTICATED", None}
    for refused in answers:
        if refused.code == "RATE_LIMITED":
            _assert_rate_limited(refused, settings)


async def test_concurrent_failures_are_all_counted(
    clients: Clients, tenant: TenantHandle, settings: Settings
) -> None:
    """lock_after failures at once, each from its own address, on an account that has none yet:
    the first insert races, the updates queue on the row lock, and none is lost."""
    email = await _admin_email(tenant)
    attackers = [await clients() for _ in range(settings.login_lock_after)]
    failures = await asyncio.gather(*(_login(api, tenant.slug, email, WRONG) for api in attackers))
    assert [failure.code for failure in failures] == ["UNAUTHENTICATED"] * len(failures)
    _assert_rate_limited(await _login(await clients(), tenant.slug, email), settings)


async def test_a_failing_answer_is_slowed_after_slow_after_failures(
    clients: Clients, tenant: TenantHandle, settings: Settings
) -> None:
    assert settings.login_slow_after + 1 < settings.login_lock_after
    email = await _admin_email(tenant)
    api = await clients()
    for _ in range(settings.login_slow_after):
        assert (await _login(api, tenant.slug, email, WRONG)).code == "UNAUTHENTICATED"

    await _slowed_failure(api, tenant.slug, email, settings)
    # Still only slowed, not locked: the right password gets in, and clears the account.
    assert (await _login(api, tenant.slug, email)).ok()["login"]["token"]


async def test_rows_that_count_nothing_any_more_are_pruned(
    clients: Clients, tenant: TenantHandle, settings: Settings
) -> None:
    """The server prunes every few minutes (throttle.prune); rows whose window has passed and
    that lock nothing go, a lock still running stays."""
    email = await _admin_email(tenant)
    forgotten = f"forgotten-{uuid.uuid4().hex[:6]}@example.com"
    assert (await _login(await clients(), tenant.slug, forgotten, WRONG)).code == "UNAUTHENTICATED"
    for _ in range(settings.login_lock_after):
        assert (await _login(await clients(), tenant.slug, email, WRONG)).code == "UNAUTHENTICATED"
    keys = [f"account:{tenant.slug}:{forgotten}", f"account:{tenant.slug}:{email}"]
    long_ago = datetime.now(UTC) - timedelta(seconds=settings.login_window_seconds + 60)
    await LoginFailure.filter(key__in=keys).update(window_started_at=long_ago)

    assert await throttle.prune(settings) >= 1
    assert await LoginFailure.filter(key__in=keys).values_list("key", flat=True) == [keys[1]]
    _assert_rate_limited(await _login(await clients(), tenant.slug, email), settings)
