"""Execution logs in tests: posting them over REST, listing them, and counting what is stored."""

from __future__ import annotations

from typing import Any

import httpx

from app.core.ids import decode_id
from app.identity.models import Tenant
from app.telemetry.models import ExecutionLog
from tests.support.graphql import TenantHandle

RECORD_EXECUTION = """
mutation Record($input: ExecutionInput!) {
  recordExecution(input: $input) {
    id environment requestId latencyMs inputTokens outputTokens cost model status error
    inputs output truncated createdAt
  }
}
"""
RECORD_EXECUTIONS = """
mutation RecordMany($inputs: [ExecutionInput!]!) { recordExecutions(inputs: $inputs) }
"""
EXECUTION_LOGS = """
query Logs($versionId: ID, $requestId: String, $first: Int, $after: String) {
  executionLogs(versionId: $versionId, requestId: $requestId, first: $first, after: $after) {
    edges { cursor node { id requestId latencyMs status error inputs output truncated
                          version { id } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


def log(version_id: str, **fields: Any) -> dict[str, Any]:
    """One execution log as a client sends it: camelCase fields, 120 ms unless told."""
    return {"versionId": version_id, "latencyMs": 120.0, **fields}


async def post_executions(
    http: httpx.AsyncClient, body: object, *, token: str | None
) -> httpx.Response:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    return await http.post("/v1/executions", json=body, headers=headers)


async def stored_logs(version_id: str) -> int:
    """How many logs the database holds for the version (read directly, as a check)."""
    return await ExecutionLog.filter(version_id=decode_id(version_id, "AssetVersion")).count()


async def logs_of(tenant: TenantHandle, version_id: str, **variables: Any) -> list[dict[str, Any]]:
    result = await tenant.gql(EXECUTION_LOGS, {"versionId": version_id, **variables})
    return [edge["node"] for edge in result.ok()["executionLogs"]["edges"]]


async def store_logs_directly(
    tenant: TenantHandle, version_id: str, rows: list[dict[str, Any]]
) -> None:
    """Logs written straight to the table, as the API would not take them: stamped at set times,
    or with figures stored before the bounds."""
    tenant_id = (await Tenant.get(slug=tenant.slug)).id
    await ExecutionLog.bulk_create(
        ExecutionLog(
            tenant_id=tenant_id,
            version_id=decode_id(version_id, "AssetVersion"),
            environment="production",
            **row,
        )
        for row in rows
    )
