"""A runtime key's activation events: the event's own asset, versions and actor, and nothing
those lead to (an asset's other versions, drafts included, or the users its grants name)."""

from __future__ import annotations

from tests.support.graphql import TenantHandle
from tests.support.realtime import ACTIVATIONS, Activations, GraphQLSocket, api_key
from tests.support.registry import make_asset

REACHING_FURTHER = """
subscription { activations {
  version { number asset { versions(first: 100) { edges { node { body status } } } } }
} }
"""


async def test_a_runtime_key_gets_activation_events_but_not_what_they_lead_to(
    server: str, remote_tenant: TenantHandle
) -> None:
    activations = Activations(remote_tenant, await make_asset(remote_tenant, versions=2))
    _, secret = await api_key(remote_tenant, "RUNTIME_READ")
    async with GraphQLSocket.signed_in(server, secret) as socket:
        await socket.subscribe(REACHING_FURTHER)
        refused = await socket.receive()
        assert refused["type"] in ("error", "next"), refused
        errors = refused["payload"] if refused["type"] == "error" else refused["payload"]["errors"]
        assert errors[0]["extensions"]["code"] == "FORBIDDEN"
        assert "AssetVersion.asset" in errors[0]["message"]
    async with GraphQLSocket.signed_in(server, secret) as socket:
        await socket.subscribe(ACTIVATIONS)
        [event, *_] = await activations.until_received(socket)
    assert event["activations"]["asset"] == {"name": activations.asset.name}
    assert event["activations"]["actor"]["email"]
