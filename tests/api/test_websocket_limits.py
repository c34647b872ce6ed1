"""Over websockets as over HTTP, each operation counts against its tenant's GraphQL rate limit,
and a user holds at most PROMPTVAULT_MAX_SUBSCRIPTIONS_PER_USER subscriptions (50 by default):
a flood of subscriptions no longer freezes the server when activations fan out; a document that
does not parse is refused with its code. Each test runs on a real server process with the rate
limits of a fresh install."""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack
from typing import Any

from tests.support.graphql import TenantHandle
from tests.support.health import HEALTHY_WAIT_SECONDS, probing_health
from tests.support.realtime import ACTIVATIONS, Activations, GraphQLSocket
from tests.support.registry import make_asset

SUBSCRIPTIONS_PER_USER = 50
GRAPHQL_BURST = 200
QUIET_SECONDS = 1.0


def refusals(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The errors that refused an operation, from `error` messages and `next` payloads."""
    found = []
    for message in messages:
        payload = message.get("payload")
        errors = payload if message["type"] == "error" else (payload or {}).get("errors", [])
        found.extend(error for error in errors or [] if "code" in error.get("extensions", {}))
    return found


async def messages_until_quiet(socket: GraphQLSocket) -> list[dict[str, Any]]:
    received = []
    while True:
        try:
            received.append(await socket.receive(timeout=QUIET_SECONDS))
        except TimeoutError:
            return received


async def test_operations_over_a_websocket_count_against_the_tenant_rate_limit(
    server: str, attacker: TenantHandle
) -> None:
    operations = 1_000
    async with GraphQLSocket.signed_in(server, attacker.token) as socket:
        for _ in range(operations):
            await socket.subscribe("{ me { email } }")
        received = await messages_until_quiet(socket)

    refused = refusals(received)
    answered = [message for message in received if message["type"] == "complete"]
    assert len(refused) + len(answered) >= operations
    assert len(refused) >= operations - 2 * GRAPHQL_BURST
    assert {error["extensions"]["code"] for error in refused} == {"RATE_LIMITED"}
    assert all(error["extensions"]["retryAfter"] >= 1 for error in refused)


async def test_a_syntax_error_over_a_websocket_is_bad_user_input(
    server: str, attacker: TenantHandle
) -> None:
    async with GraphQLSocket.signed_in(server, attacker.token) as socket:
        await socket.subscribe("subscription { activations { ")
        answer = await socket.receive()
    assert answer["type"] == "error"
    assert answer["payload"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "Syntax Error" in answer["payload"][0]["message"]


async def test_a_user_holds_a_limited_number_of_subscriptions(
    server: str, attacker: TenantHandle
) -> None:
    asset = await make_asset(attacker, versions=2, approved=False)
    _, developer_token = await attacker.new_user("DEVELOPER")
    async with (
        GraphQLSocket.signed_in(server, attacker.token) as first,
        GraphQLSocket.signed_in(server, attacker.token) as second,
        GraphQLSocket.signed_in(server, developer_token) as developers,
    ):
        for _ in range(30):
            await first.subscribe(ACTIVATIONS)
            await second.subscribe(ACTIVATIONS)
        refused = refusals(await messages_until_quiet(first) + await messages_until_quiet(second))
        assert len(refused) == 60 - SUBSCRIPTIONS_PER_USER
        assert {error["extensions"]["code"] for error in refused} == {"RATE_LIMITED"}
        assert "subscriptions" in refused[0]["message"]

        # The cap is the user's: another user of the tenant subscribes as before.
        await developers.subscribe(ACTIVATIONS)
        activations = Activations(attacker, asset)
        received = await activations.until_received(developers)
        assert received[0]["activations"]["asset"]["name"] == asset.name


async def test_a_flood_of_subscriptions_leaves_health_answering(
    server: str, attacker: TenantHandle
) -> None:
    asset = await make_asset(attacker, versions=2, approved=False)
    activations = Activations(attacker, asset, environment="development")
    async with AsyncExitStack() as stack:
        sockets = [
            await stack.enter_async_context(GraphQLSocket.signed_in(server, attacker.token))
            for _ in range(10)
        ]
        for socket in sockets:
            for _ in range(100):
                await socket.subscribe(ACTIVATIONS)
        received = await asyncio.gather(*(messages_until_quiet(socket) for socket in sockets))
        refused = [error for messages in received for error in refusals(messages)]
        assert len(refused) >= 1_000 - SUBSCRIPTIONS_PER_USER
        assert {error["extensions"]["code"] for error in refused} == {"RATE_LIMITED"}

        await asyncio.sleep(GRAPHQL_BURST / 100)  # the tenant's bucket fills again
        with probing_health(server) as health:
            for _ in range(10):
                await activations.next()
            delivered = await asyncio.gather(*(messages_until_quiet(socket) for socket in sockets))
    assert sum(len(messages) for messages in delivered) <= 10 * SUBSCRIPTIONS_PER_USER
    assert health.worst_seconds < HEALTHY_WAIT_SECONDS
