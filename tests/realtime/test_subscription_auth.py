"""Subscriptions authenticate in connection_init and end when their credential stops holding."""

from __future__ import annotations

import pytest
from websockets.exceptions import InvalidStatus

from tests.support.graphql import TenantHandle
from tests.support.realtime import ACTIVATIONS, NOTIFICATIONS, GraphQLSocket, api_key

REVOKE_KEY = "mutation Revoke($id: ID!) { revokeApiKey(id: $id) { revokedAt } }"
LOGOUT = "mutation { logout }"


@pytest.mark.parametrize(
    "payload",
    [{}, {"authorization": "Bearer not-a-token"}, {"authorization": "Basic abc"}],
    ids=["no token", "invalid token", "not bearer"],
)
async def test_connection_init_without_a_valid_token_closes_the_socket_4403(
    server: str, payload: dict[str, str]
) -> None:
    async with GraphQLSocket.open(server, payload=payload) as socket:
        assert await socket.close_code() == 4403


async def test_the_legacy_protocol_refuses_a_bad_token_with_connection_error(server: str) -> None:
    payload = {"authorization": "Bearer not-a-token"}
    async with GraphQLSocket.open(server, payload=payload, protocol="graphql-ws") as socket:
        refused = await socket.receive()
        assert refused["type"] == "connection_error"
        assert "invalid" in refused["payload"]["message"]


async def test_logout_closes_the_subscriptions_4401(
    server: str, remote_tenant: TenantHandle
) -> None:
    token = await remote_tenant.token_for("DEVELOPER")
    async with GraphQLSocket.signed_in(server, token) as socket:
        await socket.subscribe(ACTIVATIONS)
        await socket.subscribe(NOTIFICATIONS)
        (await remote_tenant.api(LOGOUT, token=token)).ok()
        assert await socket.close_code(timeout=3) == 4401


async def test_a_revoked_api_key_closes_the_subscription_4401(
    server: str, remote_tenant: TenantHandle
) -> None:
    key_id, secret = await api_key(remote_tenant, "RUNTIME_READ")
    async with GraphQLSocket.signed_in(server, secret) as socket:
        await socket.subscribe(ACTIVATIONS)
        (await remote_tenant.gql(REVOKE_KEY, {"id": key_id})).ok()
        assert await socket.close_code(timeout=3) == 4401


async def test_api_keys_need_runtime_read_and_never_get_notifications(
    server: str, remote_tenant: TenantHandle
) -> None:
    _, logs_key = await api_key(remote_tenant, "LOGS_WRITE")
    _, runtime_key = await api_key(remote_tenant, "RUNTIME_READ")
    for secret, query in ((logs_key, ACTIVATIONS), (runtime_key, NOTIFICATIONS)):
        async with GraphQLSocket.signed_in(server, secret) as socket:
            await socket.subscribe(query)
            refused = await socket.receive()
            assert refused["type"] in ("error", "next"), refused
            errors = (
                refused["payload"] if refused["type"] == "error" else refused["payload"]["errors"]
            )
            assert errors[0]["extensions"]["code"] == "FORBIDDEN"


async def test_pages_of_the_same_origin_may_connect_and_others_may_not(
    server: str, remote_tenant: TenantHandle
) -> None:
    async with GraphQLSocket.open(
        server, payload={"authorization": f"Bearer {remote_tenant.token}"}, origin=server
    ) as socket:
        assert (await socket.receive())["type"] == "connection_ack"
    with pytest.raises(InvalidStatus) as refused:
        async with GraphQLSocket.open(server, origin="https://elsewhere.example"):
            pass
    assert refused.value.response.status_code == 403
