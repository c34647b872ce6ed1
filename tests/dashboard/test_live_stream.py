"""GET /v1/stream takes the dashboard's session cookie: a browser's EventSource sends no header."""

from __future__ import annotations

from tests.support.graphql import GraphQLClient, TenantHandle
from tests.support.realtime import Activations, EventStream
from tests.support.registry import make_asset


async def test_the_stream_accepts_the_dashboard_session_cookie(live_server: str) -> None:
    async with GraphQLClient.for_url(live_server) as remote:
        tenant = await TenantHandle.register(remote)
        activations = Activations(tenant, await make_asset(tenant, versions=2))
        cookie = {"cookie": f"promptvault_session={await tenant.token_for('VIEWER')}"}
        async with EventStream.open(live_server, None, headers=cookie) as stream:
            version = await activations.next()
            event = await stream.next_event()
    assert event.event == "activation" and event.data is not None
    assert (event.data["assetName"], event.data["version"]) == (activations.asset.name, version)


async def test_the_stream_refuses_a_cookie_that_is_not_a_live_session(live_server: str) -> None:
    async with GraphQLClient.for_url(live_server) as remote:
        tenant = await TenantHandle.register(remote)
        token = await tenant.token_for("VIEWER")
        (await remote("mutation { logout }", token=token)).ok()
    for value in (token, "not-a-token"):
        headers = {"cookie": f"promptvault_session={value}"}
        async with EventStream.open(live_server, None, headers=headers) as refused:
            assert (refused.status, refused.body["error"]["code"]) == (401, "UNAUTHENTICATED")
