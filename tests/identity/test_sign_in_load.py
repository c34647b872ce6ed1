"""Sign-ins against a real server hashing at the production cost (12 bcrypt rounds): a burst of
them leaves every other request served, and each client address (as a trusted proxy names it)
may sign in and register only so often."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.databases import ThrowawayDatabase
from tests.support.graphql import LOGIN, PASSWORD, REGISTER, GraphQLClient, Result
from tests.support.health import HEALTHY_WAIT_SECONDS, probing_health
from tests.support.server import isolated_server

SIGN_INS_PER_MINUTE = 25
CONCURRENT_SIGN_INS = 20
# Each hash held the event loop for a quarter of a second, one after another: the typical /health
# wait during the burst was 155 ms (worst 0.3 s); hashed in threads, 2 ms. Generous, not a
# benchmark.
TYPICAL_HEALTHY_WAIT_SECONDS = 0.05


@pytest.fixture(scope="module")
def server(database: ThrowawayDatabase, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Its own database (it writes); loopback is the trusted proxy, so each test signs in from
    addresses of its own through X-Forwarded-For. Accounts are not locked here: this is about
    addresses."""
    directory: Path = tmp_path_factory.mktemp("sign-in-load")
    settings = {
        "PROMPTVAULT_RUN_WORKER": "false",
        "PROMPTVAULT_BCRYPT_ROUNDS": "12",
        "PROMPTVAULT_SIGN_INS_PER_MINUTE": str(SIGN_INS_PER_MINUTE),
        "PROMPTVAULT_TRUSTED_PROXIES": "127.0.0.1",
        "PROMPTVAULT_LOGIN_LOCK_AFTER": "1000",
    }
    with isolated_server(database.dialect, directory, settings) as server:
        yield server.url


def _from(address: str) -> dict[str, str]:
    return {"x-forwarded-for": address}


async def _register(api: GraphQLClient, address: str) -> tuple[Result, str, str]:
    """A registration from `address`: the answer, the tenant's slug and its admin's email."""
    name = f"Load {uuid.uuid4().hex[:8]}"
    email = f"admin-{uuid.uuid4().hex[:6]}@example.com"
    result = await api(
        REGISTER,
        {"input": {"tenantName": name, "email": email, "password": PASSWORD}},
        headers=_from(address),
    )
    return result, name.lower().replace(" ", "-"), email


async def _sign_in(api: GraphQLClient, slug: str, email: str, address: str) -> Result:
    return await api(
        LOGIN,
        {"input": {"tenant": slug, "email": email, "password": PASSWORD}},
        headers=_from(address),
    )


async def test_a_burst_of_sign_ins_leaves_health_answering(server: str) -> None:
    """bcrypt at 12 rounds takes a quarter of a second: on the event loop, 20 sign-ins at once
    stalled every other request, one hash at a time."""
    address = "198.51.100.1"
    async with GraphQLClient.for_url(server) as api:
        registered, slug, email = await _register(api, address)
        registered.ok()
        with probing_health(server) as probe:
            answers = await asyncio.gather(
                *(_sign_in(api, slug, email, address) for _ in range(CONCURRENT_SIGN_INS))
            )
    assert all(answer.ok()["login"]["token"] for answer in answers)
    assert probe.median_seconds < TYPICAL_HEALTHY_WAIT_SECONDS, probe.waits
    assert probe.worst_seconds < HEALTHY_WAIT_SECONDS, probe.waits


async def test_sign_ins_and_registrations_are_limited_per_client_address(server: str) -> None:
    """Successful ones too: 40 tenants were registered in 12 s from one address."""
    address, elsewhere = "198.51.100.2", "198.51.100.3"
    async with GraphQLClient.for_url(server) as api:
        registered, slug, email = await _register(api, address)
        registered.ok()
        answers = await asyncio.gather(
            *(_sign_in(api, slug, email, address) for _ in range(SIGN_INS_PER_MINUTE + 5))
        )
        codes = [answer.code for answer in answers]
        assert codes.count(None) == SIGN_INS_PER_MINUTE - 1, codes
        assert codes.count("RATE_LIMITED") == 6, codes
        refused = next(answer for answer in answers if answer.code == "RATE_LIMITED")
        assert 0 < refused.errors[0]["extensions"]["retryAfter"] <= 60

        over, _, _ = await _register(api, address)
        assert over.code == "RATE_LIMITED"
        # Another address, as the trusted proxy names it, is counted apart.
        assert (await _sign_in(api, slug, email, elsewhere)).ok()["login"]["token"]
        other, _, _ = await _register(api, elsewhere)
        other.ok()
