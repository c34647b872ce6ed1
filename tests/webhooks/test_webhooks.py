"""Webhooks, end to end: registered through GraphQL, delivered by the server's job worker to a real
HTTP receiver, signed with the secret shown once, retried after failures, never sent twice."""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import hmac
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest

from app.core.query_counter import count_queries
from app.main import create_app
from app.settings import load_settings
from tests.support.graphql import GraphQLClient, TenantHandle
from tests.support.receiver import ReceivedRequest, Receiver, running_receiver
from tests.support.registry import ACTIVATE, make_asset
from tests.support.webhooks import (
    CREATE_WEBHOOK,
    DELIVERIES,
    create_webhook,
    deliveries_of,
    received,
    settled_deliveries,
)

WEBHOOKS = "query Webhooks { webhooks { id url events active createdAt } }"
REDELIVER = """
mutation Redeliver($deliveryId: ID!) {
  redeliverWebhook(deliveryId: $deliveryId) { id event webhook { id } }
}
"""
DELETE_WEBHOOK = "mutation DeleteWebhook($id: ID!) { deleteWebhook(id: $id) }"
JOBS = """
query Jobs($status: JobStatus) {
  jobs(status: $status) { edges { node { id kind status attempts error runAfter createdAt } } }
}
"""
AUDIT = """
query Audit($action: String!) { auditEvents(action: $action) { edges { node { targetType } } } }
"""
# Long enough for the worker (polling every 0.5 s) to have run anything that was due.
SETTLE_SECONDS = 1.5


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as receiver:
        yield receiver


def _verified_body(request: ReceivedRequest, secret: str) -> dict[str, Any]:
    """What a receiver does: recompute the signature of "<t>.<body>" and compare."""
    header = request.headers["x-promptvault-signature"]
    parts = dict(part.split("=", 1) for part in header.split(","))
    signed = f"{parts['t']}.{request.body.decode()}".encode()
    expected = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(expected, parts["v1"])
    assert abs(time.time() - int(parts["t"])) < 60
    body: dict[str, Any] = json.loads(request.body)
    return body


async def test_the_secret_is_shown_once_and_never_listed(
    tenant: TenantHandle, receiver: Receiver
) -> None:
    events = ["version.activated", "asset.created"]
    webhook_id, secret = await create_webhook(tenant, receiver.url, events)
    assert len(secret) == 64 and int(secret, 16) >= 0
    [listed] = (await tenant.gql(WEBHOOKS)).ok()["webhooks"]
    assert listed["id"] == webhook_id
    assert listed["url"] == receiver.url and listed["active"] is True
    assert listed["events"] == ["asset.created", "version.activated"]
    assert secret not in json.dumps(listed)
    assert "secret" in (await tenant.gql("{ webhooks { secret } }")).errors[0]["message"]


async def test_a_subscribed_event_is_delivered_signed_with_the_secret(
    tenant: TenantHandle, receiver: Receiver
) -> None:
    webhook_id, secret = await create_webhook(tenant, receiver.url)
    asset = await make_asset(tenant, versions=0)

    [request] = await received(receiver, 1)

    body = _verified_body(request, secret)
    assert set(body) == {"event", "tenant", "data", "at"}
    assert body["event"] == "asset.created" == request.headers["x-promptvault-event"]
    assert body["tenant"] == tenant.slug
    assert body["data"] == {"assetId": asset.id, "name": asset.name, "kind": "prompt"}
    [delivery] = await settled_deliveries(tenant, webhook_id)
    assert delivery["id"] == request.delivery_id
    assert delivery["status"] == "SUCCEEDED" and delivery["responseCode"] == 200
    assert delivery["attempts"] == 1 and delivery["deliveredAt"] is not None


async def test_reviews_and_activations_are_delivered_to_the_webhooks_that_want_them(
    tenant: TenantHandle, receiver: Receiver
) -> None:
    events = ["asset.created", "version.approved", "version.activated"]
    _, secret = await create_webhook(tenant, receiver.url, events)
    asset = await make_asset(tenant)  # created, then approved by a reviewer
    activated = await tenant.gql(
        ACTIVATE, {"versionId": asset.version_ids[0], "environment": "staging"}
    )
    activated.ok()

    bodies = [_verified_body(request, secret) for request in await received(receiver, 3)]

    by_event = {body["event"]: body["data"] for body in bodies}
    assert sorted(by_event) == sorted(events)
    assert by_event["version.approved"]["versionId"] == asset.version_ids[0]
    activation = by_event["version.activated"]
    assert (activation["assetName"], activation["environment"]) == (asset.name, "staging")
    assert (activation["versionId"], activation["previousVersion"]) == (asset.version_ids[0], None)


async def test_a_forged_signature_does_not_verify(tenant: TenantHandle, receiver: Receiver) -> None:
    await create_webhook(tenant, receiver.url)
    await make_asset(tenant, versions=0)
    [request] = await received(receiver, 1)
    with pytest.raises(AssertionError):
        _verified_body(request, "0" * 64)


async def test_an_event_the_webhook_does_not_subscribe_to_is_not_delivered(
    tenant: TenantHandle, receiver: Receiver
) -> None:
    wanted_id, _ = await create_webhook(tenant, f"{receiver.url}/assets", ["asset.created"])
    other_id, _ = await create_webhook(tenant, f"{receiver.url}/activations", ["version.activated"])
    await make_asset(tenant, versions=0)

    await received(receiver, 1)
    await asyncio.sleep(SETTLE_SECONDS)

    assert [request.path for request in receiver.requests] == ["/assets"]
    assert len(await deliveries_of(tenant, wanted_id)) == 1
    assert await deliveries_of(tenant, other_id) == []


async def test_a_failing_receiver_gets_the_delivery_after_retries_and_only_once(
    tenant: TenantHandle, receiver: Receiver
) -> None:
    receiver.fail_next(2)
    webhook_id, secret = await create_webhook(tenant, receiver.url)
    await make_asset(tenant, versions=0)

    requests = await received(receiver, 3)

    assert [request.answered for request in requests] == [500, 500, 200]
    assert len({request.delivery_id for request in requests}) == 1
    assert len({request.body for request in requests}) == 1
    _verified_body(requests[-1], secret)
    [delivery] = await settled_deliveries(tenant, webhook_id)
    assert (delivery["status"], delivery["attempts"], delivery["responseCode"]) == (
        "SUCCEEDED",
        3,
        200,
    )
    await asyncio.sleep(SETTLE_SECONDS)
    assert len(receiver.requests) == 3, "nothing is delivered again after success"


async def test_the_jobs_query_shows_the_delivery_job(
    tenant: TenantHandle, receiver: Receiver
) -> None:
    receiver.fail_next(1)
    webhook_id, _ = await create_webhook(tenant, receiver.url)
    await make_asset(tenant, versions=0)
    await received(receiver, 2)
    await settled_deliveries(tenant, webhook_id)

    # The asset's search index job is there too.
    jobs = [edge["node"] for edge in (await tenant.gql(JOBS)).ok()["jobs"]["edges"]]
    [job] = [job for job in jobs if job["kind"] == "webhook.deliver"]
    assert (job["status"], job["attempts"], job["error"]) == ("SUCCEEDED", 2, None)
    assert job["runAfter"] is not None
    succeeded = (await tenant.gql(JOBS, {"status": "SUCCEEDED"})).ok()["jobs"]["edges"]
    assert job["id"] in [edge["node"]["id"] for edge in succeeded]
    assert (await tenant.gql(JOBS, {"status": "DEAD"})).ok()["jobs"]["edges"] == []


async def test_redelivering_sends_the_same_event_again_as_a_new_delivery(
    tenant: TenantHandle, receiver: Receiver
) -> None:
    webhook_id, secret = await create_webhook(tenant, receiver.url)
    await make_asset(tenant, versions=0)
    [first] = await received(receiver, 1)
    [original] = await settled_deliveries(tenant, webhook_id)

    again = (await tenant.gql(REDELIVER, {"deliveryId": original["id"]})).ok()["redeliverWebhook"]

    assert again["id"] != original["id"]
    assert again["event"] == "asset.created" and again["webhook"]["id"] == webhook_id
    second = (await received(receiver, 2))[1]
    assert second.delivery_id == again["id"]
    assert second.body == first.body
    _verified_body(second, secret)
    newest, oldest = await settled_deliveries(tenant, webhook_id)
    assert newest["id"] == again["id"] and newest["status"] == "SUCCEEDED"
    assert oldest == original, "the redelivered one stays as it was"


async def test_deleting_a_webhook_removes_it_with_its_deliveries(
    tenant: TenantHandle, receiver: Receiver
) -> None:
    webhook_id, _ = await create_webhook(tenant, receiver.url)
    await make_asset(tenant, versions=0)
    await received(receiver, 1)
    await settled_deliveries(tenant, webhook_id)

    assert (await tenant.gql(DELETE_WEBHOOK, {"id": webhook_id})).ok() == {"deleteWebhook": True}

    assert (await tenant.gql(WEBHOOKS)).ok()["webhooks"] == []
    assert (await tenant.gql(DELIVERIES, {"webhookId": webhook_id})).code == "NOT_FOUND"
    assert (await tenant.gql(DELETE_WEBHOOK, {"id": webhook_id})).code == "NOT_FOUND"
    await make_asset(tenant, versions=0)
    await asyncio.sleep(SETTLE_SECONDS)
    assert len(receiver.requests) == 1


async def test_every_webhook_mutation_is_audited(tenant: TenantHandle, receiver: Receiver) -> None:
    webhook_id, _ = await create_webhook(tenant, receiver.url)
    await make_asset(tenant, versions=0)
    await received(receiver, 1)
    [delivery] = await settled_deliveries(tenant, webhook_id)
    (await tenant.gql(REDELIVER, {"deliveryId": delivery["id"]})).ok()
    (await tenant.gql(DELETE_WEBHOOK, {"id": webhook_id})).ok()

    for action, target_type in [
        ("webhook.create", "Webhook"),
        ("webhook.redeliver", "WebhookDelivery"),
        ("webhook.delete", "Webhook"),
    ]:
        events = (await tenant.gql(AUDIT, {"action": action})).ok()["auditEvents"]["edges"]
        assert [edge["node"]["targetType"] for edge in events] == [target_type], action


@pytest.mark.parametrize(
    ("url", "events", "named"),
    [
        ("http://127.0.0.1:9/hook", ["asset.created", "asset.exploded"], "asset.exploded"),
        ("http://127.0.0.1:9/hook", [], "at least one event"),
        ("ftp://127.0.0.1/hook", ["asset.created"], "http"),
        ("/relative/hook", ["asset.created"], "http"),
        ("http://127.0.0.1:99999/hook", ["asset.created"], "out of range"),
        ("http://127.0.0.1:0/hook", ["asset.created"], "port"),
        ("http://[::1/hook", ["asset.created"], "not valid"),
    ],
)
async def test_bad_urls_and_unknown_events_are_bad_input(
    tenant: TenantHandle, url: str, events: list[str], named: str
) -> None:
    result = await tenant.gql(CREATE_WEBHOOK, {"input": {"url": url, "events": events}})
    assert result.code == "BAD_USER_INPUT"
    assert named in result.errors[0]["message"]
    assert (await tenant.gql(WEBHOOKS)).ok()["webhooks"] == []


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/hook",  # loopback
        "http://localhost/hook",  # a name that resolves to loopback
        "http://10.1.2.3/hook",  # private
        "http://169.254.169.254/latest/meta-data",  # link-local: cloud metadata
        "http://100.100.100.200/latest/meta-data",  # shared address space: cloud metadata
        "http://[::1]/hook",
        # IPv6 addresses that carry a private IPv4 address
        "http://[::127.0.0.1]/hook",  # IPv4-compatible
        "http://[::ffff:10.0.0.1]/hook",  # IPv4-mapped
        "http://[64:ff9b::7f00:1]/hook",  # NAT64, well-known prefix
        "http://[64:ff9b:1::a9fe:a9fe]/hook",  # NAT64, local-use prefix
        "http://[2002:7f00:1::]/hook",  # 6to4
        "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/hook",  # Teredo, client 127.0.0.1
    ],
)
async def test_private_destinations_are_refused_unless_allowed(
    app: object, tenant: TenantHandle, url: str
) -> None:
    # The test settings allow private destinations (the receiver is on 127.0.0.1); this app's do
    # not. It shares the session's database; the refusal only resolves names, it never connects.
    strict = create_app(dataclasses.replace(load_settings(), webhook_allow_private=False))
    async with GraphQLClient.for_app(strict) as client:
        variables = {"input": {"url": url, "events": ["asset.created"]}}
        refused = await client(CREATE_WEBHOOK, variables, token=tenant.token)
    assert refused.code == "BAD_USER_INPUT"
    assert "PROMPTVAULT_WEBHOOK_ALLOW_PRIVATE" in refused.errors[0]["message"]
    assert (await tenant.gql(WEBHOOKS)).ok()["webhooks"] == []


async def test_only_admins_manage_webhooks_and_read_jobs(
    tenant: TenantHandle, receiver: Receiver
) -> None:
    webhook_id, _ = await create_webhook(tenant, receiver.url)
    await make_asset(tenant, versions=0)
    await received(receiver, 1)
    [delivery] = await settled_deliveries(tenant, webhook_id)
    operations: list[tuple[str, dict[str, Any]]] = [
        (CREATE_WEBHOOK, {"input": {"url": receiver.url, "events": ["asset.created"]}}),
        (WEBHOOKS, {}),
        (DELIVERIES, {"webhookId": webhook_id}),
        (REDELIVER, {"deliveryId": delivery["id"]}),
        (DELETE_WEBHOOK, {"id": webhook_id}),
        (JOBS, {}),
    ]
    for role in ["DEVELOPER", "REVIEWER", "VIEWER"]:
        for document, variables in operations:
            assert (await tenant.gql(document, variables, role=role)).code == "FORBIDDEN", (
                role,
                document,
            )
    assert len((await tenant.gql(WEBHOOKS)).ok()["webhooks"]) == 1
    assert len(await deliveries_of(tenant, webhook_id)) == 1


async def test_another_tenants_webhooks_deliveries_and_jobs_are_not_found(
    tenant: TenantHandle, other_tenant: TenantHandle, receiver: Receiver
) -> None:
    theirs, _ = await create_webhook(other_tenant, receiver.url)
    await make_asset(other_tenant, versions=0)
    await received(receiver, 1)
    [delivery] = await settled_deliveries(other_tenant, theirs)

    assert (await tenant.gql(DELIVERIES, {"webhookId": theirs})).code == "NOT_FOUND"
    assert (await tenant.gql(REDELIVER, {"deliveryId": delivery["id"]})).code == "NOT_FOUND"
    assert (await tenant.gql(DELETE_WEBHOOK, {"id": theirs})).code == "NOT_FOUND"
    assert (await tenant.gql(WEBHOOKS)).ok()["webhooks"] == []
    assert (await tenant.gql(JOBS)).ok()["jobs"]["edges"] == []
    await make_asset(tenant, versions=0)
    await asyncio.sleep(SETTLE_SECONDS)
    assert len(receiver.requests) == 1, "tenant A's events reach none of tenant B's webhooks"
    assert len(await deliveries_of(other_tenant, theirs)) == 1


async def test_a_page_of_deliveries_loads_their_jobs_in_one_query(
    tenant: TenantHandle, receiver: Receiver
) -> None:
    webhook_id, _ = await create_webhook(tenant, receiver.url)
    for _ in range(5):
        await make_asset(tenant, versions=0)
    await received(receiver, 5)
    await settled_deliveries(tenant, webhook_id)
    with count_queries() as statements:
        page = await deliveries_of(tenant, webhook_id)
    assert len(page) == 5
    job_reads = [sql for sql in statements if 'FROM "job"' in sql]
    assert len(job_reads) == 1, job_reads
