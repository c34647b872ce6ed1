"""A receiver that trickles its answer a byte at a time: its delivery ends at the delivery deadline
whatever it sends, a trickled body is never waited for, and one tenant's slow receivers hold up
no other tenant's deliveries."""

from __future__ import annotations

import asyncio
import time

from tests.support.databases import ThrowawayDatabase
from tests.support.graphql import GraphQLClient, TenantHandle
from tests.support.receiver import running_receiver
from tests.support.registry import make_asset
from tests.support.server import own_database_environment, started_server
from tests.support.trickle import trickling_receiver
from tests.support.webhooks import create_webhook, received, settled_deliveries

DEADLINE_SECONDS = 4.0
TRICKLE_INTERVAL = 0.5  # a whole trickled answer takes about 20 to 30 s
JOB_SLOTS = 10  # PROMPTVAULT_JOB_CONCURRENCY's default
JOBS = "query Jobs { jobs(first: 100) { edges { node { kind status error } } } }"


async def test_a_trickling_receiver_is_cut_off_at_the_deadline_and_holds_up_no_other_tenant(
    own_database: ThrowawayDatabase,
) -> None:
    settings = {
        "PROMPTVAULT_WEBHOOK_TIMEOUT_SECONDS": str(DEADLINE_SECONDS),
        "PROMPTVAULT_JOB_BACKOFF_SECONDS": "600",  # a failed delivery stays failed here
    }
    env = own_database_environment(own_database, settings)
    with (
        trickling_receiver(TRICKLE_INTERVAL) as slow,
        running_receiver() as prompt,
        started_server(env) as server,
    ):
        async with GraphQLClient.for_url(server.url) as api:
            hog, other = await TenantHandle.register(api), await TenantHandle.register(api)
            for _ in range(JOB_SLOTS):
                await create_webhook(hog, slow.url)
            await create_webhook(other, prompt.url)
            await make_asset(hog, versions=0)  # as many deliveries as the worker has slots
            await asyncio.to_thread(slow.wait_for, 1)

            started = time.monotonic()
            await make_asset(other, versions=0)
            await received(prompt, 1, timeout=DEADLINE_SECONDS + 20)
            waited = time.monotonic() - started

            cut_off = await asyncio.to_thread(
                slow.wait_for, 1, hung_up=True, timeout=DEADLINE_SECONDS + 20
            )
            jobs = [edge["node"] for edge in (await hog.gql(JOBS)).ok()["jobs"]["edges"]]

    assert waited < DEADLINE_SECONDS / 2, f"the other tenant's delivery waited {waited:.1f} s"
    held = [r.hung_up - r.arrived for r in cut_off if r.hung_up is not None]
    assert held and max(held) < DEADLINE_SECONDS + 1.5, held
    failed = [job for job in jobs if job["kind"] == "webhook.deliver" and job["status"] == "FAILED"]
    assert failed and all("deadline" in job["error"] for job in failed), jobs


async def test_a_trickled_body_is_not_waited_for(tenant: TenantHandle) -> None:
    with trickling_receiver(TRICKLE_INTERVAL, body_only=True) as slow:
        webhook_id, _ = await create_webhook(tenant, slow.url)
        await make_asset(tenant, versions=0)
        [delivery] = await settled_deliveries(tenant, webhook_id, timeout=5)
        [request] = await asyncio.to_thread(slow.wait_for, 1, hung_up=True, timeout=5)

    assert (delivery["status"], delivery["responseCode"]) == ("SUCCEEDED", 200)
    assert request.hung_up is not None and request.hung_up - request.arrived < 3
