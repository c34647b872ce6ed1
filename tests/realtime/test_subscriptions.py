"""GraphQL subscriptions to activations: the fields of ActivationEvent, filters, tenants apart,
and the legacy graphql-ws protocol through the gql client."""

from __future__ import annotations

import asyncio
from typing import Any

from gql import Client, gql
from gql.transport.websockets import WebsocketsTransport

from tests.support.graphql import TenantHandle
from tests.support.realtime import ACTIVATIONS, Activations, GraphQLSocket, websocket_url
from tests.support.registry import ROLLBACK, make_asset


async def _activations(tenant: TenantHandle) -> Activations:
    return Activations(tenant, await make_asset(tenant, versions=3))


async def test_a_subscriber_receives_each_activation_with_its_versions_and_actor(
    server: str, remote_tenant: TenantHandle
) -> None:
    activations = await _activations(remote_tenant)
    developer_token = await remote_tenant.token_for("DEVELOPER")
    async with GraphQLSocket.signed_in(server, developer_token) as socket:
        await socket.subscribe(ACTIVATIONS)
        await activations.until_received(socket)
        version = await activations.next()
        event = (await socket.next_data())["activations"]
    admin_email = (await remote_tenant.gql("{ me { email } }")).ok()["me"]["email"]
    assert event["asset"] == {"name": activations.asset.name}
    assert event["environment"] == "development"
    assert event["version"] == {"number": version}
    assert event["previousVersion"] == {"number": version - 1}
    assert event["actor"] == {"email": admin_email}
    assert event["at"]


async def test_a_rollback_reaches_subscribers_like_any_activation(
    server: str, remote_tenant: TenantHandle
) -> None:
    activations = await _activations(remote_tenant)
    async with GraphQLSocket.signed_in(server, remote_tenant.token) as socket:
        await socket.subscribe(ACTIVATIONS)
        await activations.until_received(socket)
        first = await activations.next()
        await socket.next_data()
        second = await activations.next()
        await socket.next_data()
        rollback = {"assetId": activations.asset.id, "environment": "development"}
        (await remote_tenant.gql(ROLLBACK, rollback)).ok()
        event = (await socket.next_data())["activations"]
    assert (event["version"], event["previousVersion"]) == ({"number": first}, {"number": second})


async def test_filters_pick_one_asset_and_one_environment(
    server: str, remote_tenant: TenantHandle
) -> None:
    watched, other = await _activations(remote_tenant), await _activations(remote_tenant)
    staging = Activations(remote_tenant, watched.asset, environment="staging")
    async with GraphQLSocket.signed_in(server, remote_tenant.token) as socket:
        variables = {"assetName": watched.asset.name, "environment": "development"}
        await socket.subscribe(ACTIVATIONS, variables)
        await watched.until_received(socket)
        await other.next()
        await staging.next()
        version = await watched.next()
        received = [await socket.next_data(), *await socket.drain()]
    assert [event["activations"]["version"]["number"] for event in received] == [version]


async def test_a_tenant_receives_nothing_of_another_tenants_activations(
    server: str, remote_tenant: TenantHandle, other_remote_tenant: TenantHandle
) -> None:
    ours, theirs = await _activations(remote_tenant), await _activations(other_remote_tenant)
    async with (
        GraphQLSocket.signed_in(server, remote_tenant.token) as our_socket,
        GraphQLSocket.signed_in(server, other_remote_tenant.token) as their_socket,
    ):
        await our_socket.subscribe(ACTIVATIONS)
        await their_socket.subscribe(ACTIVATIONS)
        # Both subscriptions are live once each has received one of its own events.
        received = {
            "ours": await ours.until_received(our_socket),
            "theirs": await theirs.until_received(their_socket),
        }
        received["ours"] += await our_socket.drain()
        await ours.next()
        await theirs.next()
        received["ours"] += [await our_socket.next_data(), *await our_socket.drain()]
        received["theirs"] += [await their_socket.next_data(), *await their_socket.drain()]
    names = {
        side: {e["activations"]["asset"]["name"] for e in events}
        for side, events in received.items()
    }
    assert names == {"ours": {ours.asset.name}, "theirs": {theirs.asset.name}}


async def test_the_legacy_graphql_ws_protocol_works_with_the_gql_client(
    server: str, remote_tenant: TenantHandle
) -> None:
    activations = await _activations(remote_tenant)
    transport = WebsocketsTransport(
        url=websocket_url(server),
        init_payload={"authorization": f"Bearer {remote_tenant.token}"},
        subprotocols=[WebsocketsTransport.APOLLO_SUBPROTOCOL],
    )
    received: list[dict[str, Any]] = []
    async with Client(transport=transport) as session:

        async def first_event() -> None:
            async for result in session.subscribe(gql(ACTIVATIONS)):
                received.append(result["activations"])
                return

        listening = asyncio.create_task(first_event())
        for _ in range(10):  # until the subscription is live
            await activations.next()
            done, _ = await asyncio.wait({listening}, timeout=0.5)
            if done:
                break
        listening.cancel()
    assert received and received[0]["asset"] == {"name": activations.asset.name}
