"""Users subscribed to notifications hear of reviews requested and decided in their tenant."""

from __future__ import annotations

from tests.support.graphql import TenantHandle
from tests.support.realtime import NOTIFICATIONS, GraphQLSocket
from tests.support.registry import APPROVE, SUBMIT, make_asset


async def test_a_reviewer_hears_of_a_review_request_and_its_approval(
    server: str, remote_tenant: TenantHandle, other_remote_tenant: TenantHandle
) -> None:
    asset = await make_asset(remote_tenant, versions=10, approved=False)
    elsewhere = await make_asset(other_remote_tenant, versions=1, approved=False)
    async with GraphQLSocket.signed_in(server, await remote_tenant.token_for("REVIEWER")) as socket:
        await socket.subscribe(NOTIFICATIONS)
        # Submit versions in turn until the subscription, live by then, hears of one.
        for version_id in asset.version_ids:
            (await remote_tenant.gql(SUBMIT, {"id": version_id})).ok()
            try:
                submitted = (await socket.next_data(timeout=0.5))["notifications"]
                break
            except TimeoutError:
                continue
        else:
            raise AssertionError("no notification of a submission arrived")
        await socket.drain()
        (await other_remote_tenant.gql(SUBMIT, {"id": elsewhere.version_ids[0]})).ok()
        version_id = submitted["targetId"]
        (await remote_tenant.gql(APPROVE, {"id": version_id}, role="REVIEWER")).ok()
        approved = (await socket.next_data())["notifications"]
    assert submitted["kind"] == "version.submitted"
    assert version_id in asset.version_ids
    assert f"of '{asset.name}' was submitted for review" in submitted["message"]
    assert approved["kind"] == "version.approved"
    assert approved["targetId"] == version_id
    assert f"of '{asset.name}' was approved by " in approved["message"]
    assert approved["at"]
