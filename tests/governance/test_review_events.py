"""Review decisions are announced: webhooks receive version.approved, version.rejected and
change_request.decided, with a message that says who decided and why."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.governance import REVIEW_CHANGE_REQUEST, open_change_request
from tests.support.graphql import TenantHandle
from tests.support.receiver import Receiver, running_receiver
from tests.support.registry import REJECT, SUBMIT, approve_versions, make_asset
from tests.support.webhooks import create_webhook, received

EVENTS = ["version.approved", "version.rejected", "change_request.decided"]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as receiver:
        yield receiver


async def _reviewer_email(tenant: TenantHandle) -> str:
    reviewer_id, _ = await tenant.user("REVIEWER")
    users = (await tenant.gql("{ users { id email } }")).ok()["users"]
    email: str = next(user["email"] for user in users if user["id"] == reviewer_id)
    return email


async def test_webhooks_hear_of_version_and_change_request_decisions(
    tenant: TenantHandle, receiver: Receiver
) -> None:
    reviewer = await _reviewer_email(tenant)
    asset = await make_asset(tenant, versions=2, name="support-reply", approved=False)
    await create_webhook(tenant, receiver.url, EVENTS)

    await approve_versions(tenant, asset.version_ids[0])
    (await tenant.gql(SUBMIT, {"id": asset.version_ids[1]})).ok()
    rejection = {"id": asset.version_ids[1], "comment": "Too long"}
    (await tenant.gql(REJECT, rejection, role="REVIEWER")).ok()
    opened = await open_change_request(tenant, asset.version_ids[:1], title="Tone")
    decision = {"id": opened["id"], "decision": "APPROVE", "comment": "Ship it"}
    (await tenant.gql(REVIEW_CHANGE_REQUEST, decision, role="REVIEWER")).ok()

    bodies = [json.loads(request.body) for request in await received(receiver, 3)]
    data: dict[str, dict[str, Any]] = {body["event"]: body["data"] for body in bodies}
    assert sorted(data) == sorted(EVENTS)
    assert data["version.approved"]["message"] == (
        f"Version 1 of 'support-reply' was approved by {reviewer}"
    )
    assert data["version.approved"]["targetId"] == asset.version_ids[0]
    assert data["version.rejected"]["message"] == (
        f"Version 2 of 'support-reply' was rejected by {reviewer}: Too long"
    )
    assert data["change_request.decided"]["message"] == (
        f"Change request 'Tone' was approved by {reviewer}: Ship it"
    )
    assert data["change_request.decided"]["targetId"] == opened["id"]
    assert data["change_request.decided"]["status"] == "APPROVED"
