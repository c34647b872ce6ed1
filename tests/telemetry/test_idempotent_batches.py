"""A batch of execution logs sent again under the same Idempotency-Key (its answer was lost on
the way) is stored once: the repeat answers 202 with the first answer's count."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from app.core.periodic import delete_rows_older_than
from app.telemetry.models import ExecutionBatchKey
from tests.support.graphql import TenantHandle
from tests.support.registry import make_asset
from tests.support.telemetry import log, stored_logs

RECORD_EXECUTIONS = """
mutation RecordMany($inputs: [ExecutionInput!]!, $key: String) {
  recordExecutions(inputs: $inputs, idempotencyKey: $key)
}
"""


async def _post(tenant: TenantHandle, batch: list[dict[str, Any]], key: str) -> httpx.Response:
    headers = {"authorization": f"Bearer {tenant.token}", "idempotency-key": key}
    return await tenant.api.http.post("/v1/executions", json=batch, headers=headers)


async def test_the_same_batch_under_the_same_key_is_stored_once(tenant: TenantHandle) -> None:
    version_id = (await make_asset(tenant)).version_ids[0]
    batch = [log(version_id, requestId=f"request-{number}") for number in range(3)]

    first = await _post(tenant, batch, "batch-1")
    again = await _post(tenant, batch, "batch-1")

    for response in (first, again):
        assert (response.status_code, response.json()) == (202, {"accepted": 3})
    assert await stored_logs(version_id) == 3


async def test_another_key_is_another_batch(tenant: TenantHandle) -> None:
    version_id = (await make_asset(tenant)).version_ids[0]
    batch = [log(version_id)]

    await _post(tenant, batch, "batch-1")
    await _post(tenant, batch, "batch-2")

    assert await stored_logs(version_id) == 2


async def test_a_key_belongs_to_its_tenant(
    tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    ours = (await make_asset(tenant)).version_ids[0]
    theirs = (await make_asset(other_tenant)).version_ids[0]

    await _post(tenant, [log(ours)], "shared-key")
    response = await _post(other_tenant, [log(theirs), log(theirs)], "shared-key")

    assert response.json() == {"accepted": 2}
    assert (await stored_logs(ours), await stored_logs(theirs)) == (1, 2)


async def test_a_refused_batch_leaves_its_key_unused(tenant: TenantHandle) -> None:
    version_id = (await make_asset(tenant)).version_ids[0]

    refused = await _post(tenant, [log(version_id), log(version_id, latencyMs=-1)], "batch-1")
    fixed = await _post(tenant, [log(version_id), log(version_id)], "batch-1")

    assert refused.status_code == 400
    assert (fixed.status_code, fixed.json()) == (202, {"accepted": 2})
    assert await stored_logs(version_id) == 2


async def test_the_same_batch_sent_twice_at_once_is_stored_once(tenant: TenantHandle) -> None:
    version_id = (await make_asset(tenant)).version_ids[0]
    batch = [log(version_id, requestId=f"request-{number}") for number in range(20)]

    answers = await asyncio.gather(*(_post(tenant, batch, "batch-1") for _ in range(4)))

    assert [(answer.status_code, answer.json()) for answer in answers] == [
        (202, {"accepted": 20})
    ] * 4
    assert await stored_logs(version_id) == 20


async def test_an_idempotency_key_over_200_characters_is_bad_user_input(
    tenant: TenantHandle,
) -> None:
    version_id = (await make_asset(tenant)).version_ids[0]

    response = await _post(tenant, [log(version_id)], "k" * 201)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "BAD_USER_INPUT"
    assert await stored_logs(version_id) == 0


async def test_graphql_record_executions_takes_an_idempotency_key(tenant: TenantHandle) -> None:
    version_id = (await make_asset(tenant)).version_ids[0]
    variables = {"inputs": [log(version_id), log(version_id)], "key": "batch-1"}

    first = await tenant.gql(RECORD_EXECUTIONS, variables)
    again = await tenant.gql(RECORD_EXECUTIONS, variables)

    assert first.ok() == again.ok() == {"recordExecutions": 2}
    assert await stored_logs(version_id) == 2


async def test_a_key_is_forgotten_after_its_retention(tenant: TenantHandle) -> None:
    version_id = (await make_asset(tenant)).version_ids[0]
    await _post(tenant, [log(version_id)], "batch-1")
    await asyncio.sleep(0.01)

    await delete_rows_older_than(ExecutionBatchKey, 0)  # what pruning does after the retention
    await _post(tenant, [log(version_id)], "batch-1")

    assert await stored_logs(version_id) == 2
