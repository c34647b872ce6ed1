"""Per-tenant rate limits on the runtime API and on GraphQL: a tenant over its limit gets 429 with
Retry-After; another tenant goes on as if nothing happened."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from starlette.applications import Starlette

from app.identity.models import Tenant
from tests.support.graphql import GraphQLClient, TenantHandle
from tests.support.runtime import LivePrompt, RuntimeReader, error_of

TENANT_QUERY = "{ tenant { slug } }"


async def _limit(app: Starlette, tenant: TenantHandle, **limits: Any) -> None:
    """Give the tenant these limits, as the upkeep would pick them up."""
    await Tenant.filter(slug=tenant.slug).update(limits=limits)
    await app.state.runtime.limits.refresh()


async def test_a_tenant_over_its_runtime_limit_gets_429_with_retry_after(
    app: Starlette, reader: RuntimeReader, live: LivePrompt
) -> None:
    await _limit(app, live.tenant, runtime_rate_per_second=0.5, runtime_burst=3)
    statuses = [(await reader.read(live.asset.name)).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    refused = await reader.read(live.asset.name)
    assert refused.status_code == 429
    assert error_of(refused)["code"] == "RATE_LIMITED"
    assert refused.headers["retry-after"] == "2"  # a token every 2 s


async def test_one_tenants_burst_does_not_starve_another(
    app: Starlette, http: httpx.AsyncClient, live: LivePrompt, other_tenant: TenantHandle
) -> None:
    await _limit(app, live.tenant, runtime_rate_per_second=1, runtime_burst=10)
    theirs = await LivePrompt.create(other_tenant)
    await _limit(app, other_tenant, runtime_rate_per_second=1, runtime_burst=50)
    ours, others = RuntimeReader(http, live.secret), RuntimeReader(http, theirs.secret)

    async def read_all(reader: RuntimeReader, name: str, count: int) -> list[int]:
        return [(await reader.read(name)).status_code for _ in range(count)]

    bursting, steady = await asyncio.gather(
        read_all(ours, live.asset.name, 100), read_all(others, theirs.asset.name, 50)
    )
    assert bursting.count(200) <= 11 and bursting.count(429) >= 89
    assert steady == [200] * 50


async def test_a_tenant_over_its_graphql_limit_gets_rate_limited(
    app: Starlette, api: GraphQLClient, tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    await _limit(app, tenant, graphql_rate_per_second=0.25, graphql_burst=2)
    assert (await tenant.gql(TENANT_QUERY)).ok()
    assert (await tenant.gql(TENANT_QUERY)).ok()
    refused = await tenant.gql(TENANT_QUERY)
    assert refused.status == 429
    assert refused.code == "RATE_LIMITED"
    assert refused.errors[0]["extensions"]["retryAfter"] == 4
    assert refused.data is None
    for _ in range(5):
        assert (await other_tenant.gql(TENANT_QUERY)).ok()


async def test_graphql_limits_count_api_keys_against_their_tenant(
    app: Starlette, http: httpx.AsyncClient, live: LivePrompt
) -> None:
    await _limit(app, live.tenant, graphql_rate_per_second=0.25, graphql_burst=1)
    query = {"query": TENANT_QUERY}
    headers = {"authorization": f"Bearer {live.secret}"}
    first = await http.post("/graphql", json=query, headers=headers)
    assert first.status_code == 200  # answered by GraphQL (a key may not read the tenant)
    second = await http.post("/graphql", json=query, headers=headers)
    assert second.status_code == 429 and second.headers["retry-after"] == "4"
    assert second.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"


async def test_requests_that_name_no_tenant_are_not_counted(
    app: Starlette, api: GraphQLClient, tenant: TenantHandle
) -> None:
    await _limit(app, tenant, graphql_rate_per_second=0.25, graphql_burst=1)
    for _ in range(3):
        anonymous = await api(TENANT_QUERY)
        assert anonymous.status == 200 and anonymous.code == "UNAUTHENTICATED"
        forged = await api(TENANT_QUERY, token="not-a-token")
        assert forged.status == 200 and forged.code == "UNAUTHENTICATED"


async def test_a_revoked_session_does_not_drain_its_tenants_bucket(
    app: Starlette, api: GraphQLClient, tenant: TenantHandle
) -> None:
    _, revoked = await tenant.new_user("DEVELOPER")
    assert (await api("mutation { logout }", token=revoked)).ok()
    await _limit(app, tenant, graphql_rate_per_second=0.25, graphql_burst=3)
    for _ in range(10):
        refused = await api(TENANT_QUERY, token=revoked)
        assert refused.status == 200 and refused.code == "UNAUTHENTICATED"
    for _ in range(3):
        assert (await tenant.gql(TENANT_QUERY)).ok()


async def test_invalid_limits_fall_back_to_the_defaults(
    app: Starlette, reader: RuntimeReader, live: LivePrompt
) -> None:
    await _limit(app, live.tenant, runtime_rate_per_second=-1, runtime_burst="many")
    for _ in range(20):
        assert (await reader.read(live.asset.name)).status_code == 200
