"""The durable job queue with real processes: a job survives its server being killed mid-run, and
worker processes sharing one PostgreSQL database never run the same job twice.

Each test has a database of its own, so that the session's in-process worker takes none of its
jobs."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from tests.support.databases import (
    ThrowawayDatabase,
    migrated_database,
    query,
    require_postgres,
)
from tests.support.graphql import GraphQLClient, TenantHandle
from tests.support.receiver import running_receiver
from tests.support.registry import make_asset
from tests.support.server import own_database_environment, started_server
from tests.support.webhooks import create_webhook, received, settled_deliveries

JOBS = "query Jobs { jobs(first: 100) { edges { node { kind status attempts } } } }"
DELIVER = "webhook.deliver"  # creating an asset also queues its search index job


@contextmanager
def worker_processes(env: dict[str, str], count: int) -> Iterator[None]:
    """`promptvault worker` processes, each started and connected before this yields."""
    with ExitStack() as stack:
        for _ in range(count):
            process = subprocess.Popen(
                [sys.executable, "-m", "app.cli", "worker"],
                env={**env, "PYTHONUNBUFFERED": "1"},
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
            stack.enter_context(process)
            stack.callback(process.terminate)
            assert process.stdout is not None
            assert "worker running" in process.stdout.readline()
        yield


async def test_a_delivery_survives_its_server_being_killed_mid_run(
    own_database: ThrowawayDatabase,
) -> None:
    env = own_database_environment(own_database, {"PROMPTVAULT_JOB_VISIBILITY_SECONDS": "2"})
    with running_receiver() as receiver:
        receiver.hold_next(1)  # the first attempt hangs: the server dies while it waits
        with started_server(env) as first:
            async with GraphQLClient.for_url(first.url) as api:
                tenant = await TenantHandle.register(api)
                webhook_id, _ = await create_webhook(tenant, receiver.url)
                await make_asset(tenant, versions=0)
            await received(receiver, 1)
            first.process.kill()
            first.process.wait()

        with started_server(env) as second:
            # Once its lock is older than the visibility timeout, the new server's worker runs it.
            held, delivered = await received(receiver, 2)
            async with GraphQLClient.for_url(second.url) as api:
                tenant.api = api
                [delivery] = await settled_deliveries(tenant, webhook_id)

    assert (held.answered, delivered.answered) == (None, 200)
    assert held.delivery_id == delivered.delivery_id == delivery["id"]
    assert (delivery["status"], delivery["attempts"], delivery["responseCode"]) == (
        "SUCCEEDED",
        2,
        200,
    )


@pytest.fixture
def own_postgres_database(tmp_path: Path) -> Iterator[ThrowawayDatabase]:
    """Separate worker processes need PostgreSQL, whichever database this run tests."""
    require_postgres()
    with migrated_database("postgres", tmp_path) as db:
        yield db


async def test_two_worker_processes_never_run_one_job_twice(
    own_postgres_database: ThrowawayDatabase,
) -> None:
    own_database = own_postgres_database
    # One tenant's jobs: its limit of running jobs must not keep the second worker idle.
    settings = {"PROMPTVAULT_RUN_WORKER": "false", "PROMPTVAULT_JOB_TENANT_CONCURRENCY": "20"}
    env = own_database_environment(own_database, settings)
    with running_receiver() as receiver, started_server(env) as server:
        receiver.answer_after(0.2)  # slow answers keep each worker's slots busy
        async with GraphQLClient.for_url(server.url) as api:
            tenant = await TenantHandle.register(api)
            for _ in range(50):
                await create_webhook(tenant, receiver.url)
            with worker_processes(env, 2):
                await make_asset(tenant, versions=0)  # 50 deliveries, due at once
                await received(receiver, 50, timeout=60)
                await asyncio.sleep(2)
            jobs = [edge["node"] for edge in (await tenant.gql(JOBS)).ok()["jobs"]["edges"]]

    deliveries = [job for job in jobs if job["kind"] == DELIVER]
    assert len(receiver.requests) == 50
    assert len({request.delivery_id for request in receiver.requests}) == 50
    assert len(deliveries) == 50
    assert {(job["status"], job["attempts"]) for job in deliveries} == {("SUCCEEDED", 1)}
    [(workers,)] = await asyncio.to_thread(
        query, own_database, f"SELECT COUNT(DISTINCT locked_by) FROM job WHERE kind = '{DELIVER}'"
    )
    assert workers == 2, "both workers took jobs"
