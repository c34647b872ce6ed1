"""GET /v1/stream: activations as Server-Sent Events, resumable with Last-Event-ID."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.support.graphql import TenantHandle
from tests.support.realtime import Activations, EventStream, api_key
from tests.support.registry import make_asset

SSE_FIELDS = {"assetName", "environment", "version", "versionId", "previousVersion", "actor", "at"}


async def _activations(tenant: TenantHandle) -> Activations:
    return Activations(tenant, await make_asset(tenant, versions=3))


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer not-a-token", "Bearer pv_00000000_unknown", "Basic abc"],
    ids=["no credential", "bad token", "unknown key", "not bearer"],
)
async def test_the_stream_refuses_who_is_not_signed_in_with_401(
    server: str, authorization: str | None
) -> None:
    headers = {"authorization": authorization} if authorization else {}
    async with EventStream.open(server, None, headers=headers) as refused:
        assert (refused.status, refused.body["error"]["code"]) == (401, "UNAUTHENTICATED")
        assert refused.body["error"]["message"]


async def test_the_stream_refuses_a_key_without_runtime_read_with_403(
    server: str, remote_tenant: TenantHandle
) -> None:
    _, secret = await api_key(remote_tenant, "LOGS_WRITE")
    async with EventStream.open(server, secret) as refused:
        assert (refused.status, refused.body["error"]["code"]) == (403, "FORBIDDEN")


async def test_a_runtime_key_receives_activations_with_the_documented_fields(
    server: str, remote_tenant: TenantHandle
) -> None:
    activations = await _activations(remote_tenant)
    admin_email = (await remote_tenant.gql("{ me { email } }")).ok()["me"]["email"]
    _, runtime_key = await api_key(remote_tenant, "RUNTIME_READ")
    async with EventStream.open(server, runtime_key) as stream:
        await activations.next()
        second = await activations.next()
        first_event, second_event = await stream.next_event(), await stream.next_event()
    assert second_event.event == "activation"
    assert second_event.id is not None and first_event.id is not None
    assert second_event.id > first_event.id
    data: dict[str, Any] = second_event.data or {}
    assert set(data) == SSE_FIELDS
    assert data["assetName"] == activations.asset.name
    assert data["environment"] == "development"
    assert (data["version"], data["previousVersion"]) == (second, 1)
    assert data["versionId"] == activations.asset.version_ids[1]
    assert data["actor"] == admin_email


async def test_last_event_id_resumes_with_exactly_the_missed_events(
    server: str, remote_tenant: TenantHandle, other_remote_tenant: TenantHandle
) -> None:
    ours, theirs = await _activations(remote_tenant), await _activations(other_remote_tenant)
    async with EventStream.open(server, remote_tenant.token) as stream:
        await ours.next()
        seen = await stream.next_event()
    missed = [await ours.next(), await ours.next()]
    await theirs.next()
    for resume in (
        {"headers": {"last-event-id": str(seen.id)}},
        {"params": {"lastEventId": str(seen.id)}},
    ):
        async with EventStream.open(server, remote_tenant.token, **resume) as stream:
            replayed = [await stream.next_event(), await stream.next_event()]
            assert [event.data["version"] for event in replayed if event.data] == missed
            assert seen.id is not None and seen.id < replayed[0].id < replayed[1].id
            # Nothing more: next comes the heartbeat.
            assert (await stream.next(timeout=2)).comment == "keepalive"


async def test_event_ids_count_the_tenants_own_activations_only(
    server: str, remote_tenant: TenantHandle, other_remote_tenant: TenantHandle
) -> None:
    ours, theirs = await _activations(remote_tenant), await _activations(other_remote_tenant)
    async with EventStream.open(server, remote_tenant.token) as stream:
        await ours.next()
        first = await stream.next_event()
        for _ in range(3):
            await theirs.next()
        await ours.next()
        second = await stream.next_event()
    # A fresh tenant's first activation is its event 1, whatever other tenants have done.
    assert (first.id, second.id) == (1, 2)


async def test_live_events_follow_the_replay_without_a_gap_or_a_duplicate(
    server: str, remote_tenant: TenantHandle
) -> None:
    activations = await _activations(remote_tenant)
    async with EventStream.open(server, remote_tenant.token) as stream:
        await activations.next()
        seen = await stream.next_event()
    await activations.next()
    async with EventStream.open(
        server, remote_tenant.token, headers={"last-event-id": str(seen.id)}
    ) as stream:
        replayed = await stream.next_event()
        live_version = await activations.next()
        live = await stream.next_event()
    assert replayed.id is not None and live.id is not None and live.id > replayed.id
    assert live.data is not None and live.data["version"] == live_version


async def test_a_keepalive_comment_arrives_while_nothing_happens(
    server: str, remote_tenant: TenantHandle
) -> None:
    async with EventStream.open(server, remote_tenant.token) as stream:
        assert (await stream.next(timeout=2)).comment == "keepalive"


async def test_the_stream_ends_when_its_session_is_revoked(
    server: str, remote_tenant: TenantHandle
) -> None:
    token = await remote_tenant.token_for("VIEWER")
    async with EventStream.open(server, token) as stream:
        (await remote_tenant.api("mutation { logout }", token=token)).ok()
        await stream.until_end(timeout=3)


async def test_a_malformed_last_event_id_is_bad_input(
    server: str, remote_tenant: TenantHandle
) -> None:
    headers = {"last-event-id": "yesterday"}
    async with EventStream.open(server, remote_tenant.token, headers=headers) as refused:
        assert (refused.status, refused.body["error"]["code"]) == (400, "BAD_USER_INPUT")


async def test_a_client_that_disconnects_leaves_no_subscription(
    app: Any, tenant: TenantHandle
) -> None:
    bus = app.state.realtime.bus
    before = bus.subscriber_count
    connected, disconnected = asyncio.Event(), asyncio.Event()
    requests = [{"type": "http.request", "body": b"", "more_body": False}]

    async def receive() -> dict[str, Any]:
        if requests:
            return requests.pop()
        await disconnected.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.body" and b": connected" in message["body"]:
            connected.set()

    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/v1/stream",
        "raw_path": b"/v1/stream",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"authorization", f"Bearer {tenant.token}".encode()), (b"host", b"test")],
        "client": ("127.0.0.1", 50000),
        "server": ("test", 80),
    }
    streaming = asyncio.create_task(app(scope, receive, send))
    await asyncio.wait_for(connected.wait(), 5)
    assert bus.subscriber_count == before + 1
    disconnected.set()
    await asyncio.wait_for(streaming, 5)
    assert bus.subscriber_count == before
