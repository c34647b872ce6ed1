"""The platform console in GraphQL: tenants searched and paged with their user counts, users across
tenants, the platform's figures, a tenant created with its first admin, and a superadmin's
deactivation of a user in any tenant."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.support.graphql import LOGIN, PASSWORD, GraphQLClient, TenantHandle
from tests.support.platform import (
    CREATE_TENANT,
    DEACTIVATE_USER,
    PLATFORM_STATS,
    PLATFORM_USERS,
    SET_MAX_USERS,
    TENANTS,
    Superadmin,
    make_superadmin,
    nodes,
)
from tests.support.registry import make_asset
from tests.support.telemetry import RECORD_EXECUTION, log

CREATE_USER = """
mutation CreateUser($input: CreateUserInput!) { createUser(input: $input) { id email } }
"""
AUDIT = "query Audit { auditEvents(first: 50) { edges { node { action targetId diff } } } }"
ME = "query Me { me { id } }"


@pytest.fixture(scope="module")
async def superadmin(api: GraphQLClient) -> Superadmin:
    return await make_superadmin(api)


def _marker() -> str:
    return uuid.uuid4().hex[:8]


async def _add_user(tenant: TenantHandle, email: str, name: str | None = None) -> str:
    user = {"email": email, "password": PASSWORD, "role": "VIEWER", "name": name}
    created = await tenant.gql(CREATE_USER, {"input": user})
    user_id: str = created.ok()["createUser"]["id"]
    return user_id


async def _login(api: GraphQLClient, slug: str, email: str) -> Any:
    return await api(LOGIN, {"input": {"tenant": slug, "email": email, "password": PASSWORD}})


async def _create_tenant(superadmin: Superadmin, **fields: Any) -> Any:
    marker = _marker()
    payload = {
        "name": f"Platform {marker}",
        "adminEmail": f"first-{marker}@example.com",
        "adminPassword": PASSWORD,
        **fields,
    }
    return await superadmin.gql(CREATE_TENANT, {"input": payload})


async def _all_tenants(superadmin: Superadmin, query: str) -> list[dict[str, Any]]:
    found = await superadmin.gql(TENANTS, {"first": 100, "query": query})
    return nodes(found.ok(), "tenants")


async def test_tenants_are_searched_by_name_or_slug_in_pages_with_their_user_counts(
    superadmin: Superadmin,
) -> None:
    marker = _marker()
    created = [
        (await _create_tenant(superadmin, name=f"Search {marker} {n}")).ok()["createTenant"]
        for n in range(3)
    ]
    assert [tenant["userCount"] for tenant in created] == [1, 1, 1]

    first = (await superadmin.gql(TENANTS, {"first": 2, "query": marker.upper()})).ok()
    assert first["tenants"]["pageInfo"]["hasNextPage"] is True
    after = first["tenants"]["pageInfo"]["endCursor"]
    rest = (await superadmin.gql(TENANTS, {"first": 2, "after": after, "query": marker})).ok()
    assert rest["tenants"]["pageInfo"]["hasNextPage"] is False
    paged = nodes(first, "tenants") + nodes(rest, "tenants")
    assert [tenant["slug"] for tenant in paged] == [f"search-{marker}-{n}" for n in range(3)]
    assert paged == created

    # The slug alone matches too: "search-<marker>-1" is in no name.
    by_slug = await _all_tenants(superadmin, f"search-{marker}-1")
    assert [tenant["name"] for tenant in by_slug] == [f"Search {marker} 1"]
    assert await _all_tenants(superadmin, f"nothing-{marker}") == []


async def test_user_counts_count_active_users_of_each_tenant(
    superadmin: Superadmin, tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    marker = _marker()
    kept = await _add_user(tenant, f"kept-{marker}@example.com")
    gone = await _add_user(tenant, f"gone-{marker}@example.com")
    (await tenant.gql(DEACTIVATE_USER, {"userId": gone})).ok()
    assert kept != gone

    counts = {
        found["slug"]: found["userCount"]
        for slug in (tenant.slug, other_tenant.slug)
        for found in await _all_tenants(superadmin, slug)
    }
    assert counts == {tenant.slug: 2, other_tenant.slug: 1}


async def test_platform_users_are_searched_across_tenants_with_tenant_role_and_last_sign_in(
    api: GraphQLClient, superadmin: Superadmin, tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    marker = _marker()
    signed_in = f"a-{marker}@example.com"
    await _add_user(tenant, signed_in)
    await _add_user(other_tenant, f"b-{marker}@example.com")
    await _add_user(other_tenant, f"c@{marker}.example.com", name="Carla")
    (await _login(api, tenant.slug, signed_in)).ok()

    first = (await superadmin.gql(PLATFORM_USERS, {"first": 2, "query": marker})).ok()
    assert first["platformUsers"]["pageInfo"]["hasNextPage"] is True
    after = first["platformUsers"]["pageInfo"]["endCursor"]
    rest = (await superadmin.gql(PLATFORM_USERS, {"after": after, "query": marker})).ok()
    users = nodes(first, "platformUsers") + nodes(rest, "platformUsers")
    assert [(user["email"], user["tenant"]["slug"]) for user in users] == [
        (signed_in, tenant.slug),
        (f"b-{marker}@example.com", other_tenant.slug),
        (f"c@{marker}.example.com", other_tenant.slug),
    ]
    assert [user["role"] for user in users] == ["VIEWER"] * 3
    assert [user["isActive"] for user in users] == [True] * 3
    assert users[0]["lastLoginAt"] is not None
    assert [user["lastLoginAt"] for user in users[1:]] == [None, None]
    assert [user["ssoSubject"] for user in users] == [None] * 3

    by_name = (await superadmin.gql(PLATFORM_USERS, {"query": "carla"})).ok()
    assert f"c@{marker}.example.com" in [user["email"] for user in nodes(by_name, "platformUsers")]


async def _stats(superadmin: Superadmin) -> dict[str, int]:
    stats: dict[str, int] = (await superadmin.gql(PLATFORM_STATS)).ok()["platformStats"]
    return stats


def _grown(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {figure: after[figure] - before[figure] for figure in before}


async def test_platform_stats_follow_each_new_tenant_user_sign_in_asset_version_and_execution(
    api: GraphQLClient, superadmin: Superadmin
) -> None:
    start = await _stats(superadmin)
    assert all(value >= 0 for value in start.values())

    tenant = await TenantHandle.register(api)  # a tenant and its admin, signed in by registering
    after_tenant = await _stats(superadmin)
    assert _grown(start, after_tenant) == {
        "tenants": 1, "users": 1, "activeUsers30d": 0, "assets": 0, "versions": 0,
        "executions24h": 0,
    }  # fmt: skip

    email = f"stats-{_marker()}@example.com"
    await _add_user(tenant, email)
    (await _login(api, tenant.slug, email)).ok()
    asset = await make_asset(tenant, versions=2, approved=False)
    (await tenant.gql(RECORD_EXECUTION, {"input": log(asset.version_ids[0])})).ok()

    assert _grown(after_tenant, await _stats(superadmin)) == {
        "tenants": 0, "users": 1, "activeUsers30d": 1, "assets": 1, "versions": 2,
        "executions24h": 1,
    }  # fmt: skip


async def test_a_created_tenants_first_admin_signs_in_and_its_limit_holds_until_raised(
    api: GraphQLClient, superadmin: Superadmin
) -> None:
    marker = _marker()
    admin_email = f"Owner-{marker}@Example.com"
    created = await _create_tenant(
        superadmin, name=f"Made Here {marker}", maxUsers=2, adminEmail=admin_email
    )
    tenant = created.ok()["createTenant"]
    assert (tenant["name"], tenant["slug"]) == (f"Made Here {marker}", f"made-here-{marker}")
    assert (tenant["maxUsers"], tenant["userCount"]) == (2, 1)

    login = await _login(api, tenant["slug"], admin_email)
    handle = TenantHandle(
        api=api,
        slug=tenant["slug"],
        token=login.ok()["login"]["token"],
        admin_id=login.ok()["login"]["user"]["id"],
    )
    await _add_user(handle, f"second-{marker}@example.com")
    over = await handle.gql(
        CREATE_USER,
        {"input": {"email": f"third-{marker}@example.com", "password": PASSWORD, "role": "VIEWER"}},
    )
    assert over.code == "CONFLICT"

    raised = await superadmin.gql(SET_MAX_USERS, {"tenantId": tenant["id"], "maxUsers": 3})
    assert raised.ok()["setTenantMaxUsers"]["maxUsers"] == 3
    await _add_user(handle, f"third-{marker}@example.com")
    assert (await _all_tenants(superadmin, tenant["slug"]))[0]["userCount"] == 3

    events = [edge["node"] for edge in (await handle.gql(AUDIT)).ok()["auditEvents"]["edges"]]
    actions = [event["action"] for event in events]
    assert {"tenant.create", "user.create", "tenant.set_max_users"} <= set(actions)
    creation = next(event for event in events if event["action"] == "tenant.create")
    assert creation["diff"]["after"] == {
        "name": f"Made Here {marker}", "slug": f"made-here-{marker}", "max_users": 2,
    }  # fmt: skip


async def test_a_tenant_takes_the_slug_given(superadmin: Superadmin) -> None:
    slug = f"given-{_marker()}"
    created = (await _create_tenant(superadmin, slug=slug)).ok()["createTenant"]
    assert created["slug"] == slug
    assert created["maxUsers"] == 25


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"name": "  "}, "name", "BAD_USER_INPUT"),
        ({"name": "x" * 121}, "name", "BAD_USER_INPUT"),
        ({"slug": "Not A Slug"}, "slug", "BAD_USER_INPUT"),
        ({"maxUsers": 0}, "maxUsers", "BAD_USER_INPUT"),
        ({"adminEmail": "not-an-address"}, "adminEmail", "BAD_USER_INPUT"),
        ({"adminPassword": "short"}, "adminPassword", "BAD_USER_INPUT"),
    ],
    ids=["blank-name", "long-name", "bad-slug", "no-users", "bad-email", "weak-password"],
)
async def test_create_tenant_refuses_bad_input_by_field_and_creates_nothing(
    superadmin: Superadmin, fields: dict[str, Any], field: str, code: str
) -> None:
    before = await _stats(superadmin)
    refused = await _create_tenant(superadmin, **{"name": f"Refused {_marker()}", **fields})
    assert refused.code == code, refused.errors
    assert refused.errors[0]["extensions"]["field"] == field
    assert await _stats(superadmin) == before


async def test_create_tenant_refuses_a_taken_slug_by_field(
    superadmin: Superadmin, tenant: TenantHandle
) -> None:
    refused = await _create_tenant(superadmin, slug=tenant.slug)
    assert refused.code == "CONFLICT"
    assert refused.errors[0]["extensions"]["field"] == "slug"
    assert [found["slug"] for found in await _all_tenants(superadmin, tenant.slug)] == [tenant.slug]


async def test_a_superadmin_deactivates_a_user_of_another_tenant_audited_there(
    api: GraphQLClient, superadmin: Superadmin, tenant: TenantHandle
) -> None:
    email = f"leaving-{_marker()}@example.com"
    user_id = await _add_user(tenant, email)
    token = (await _login(api, tenant.slug, email)).ok()["login"]["token"]

    deactivated = await superadmin.gql(DEACTIVATE_USER, {"userId": user_id})
    assert deactivated.ok()["deactivateUser"] == {"id": user_id, "email": email, "isActive": False}
    assert (await api(ME, token=token)).code == "UNAUTHENTICATED"
    events = (await tenant.gql(AUDIT)).ok()["auditEvents"]["edges"]
    assert [(e["node"]["action"], e["node"]["targetId"]) for e in events][0][0] == "user.deactivate"

    # The tenant's last admin stays.
    last_admin = await superadmin.gql(DEACTIVATE_USER, {"userId": tenant.admin_id})
    assert last_admin.code == "CONFLICT"


async def test_a_tenant_admin_cannot_deactivate_another_tenants_user(
    tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    email = f"safe-{_marker()}@example.com"
    user_id = await _add_user(other_tenant, email)

    refused = await tenant.gql(DEACTIVATE_USER, {"userId": user_id})

    assert refused.code == "NOT_FOUND"
    users = (await other_tenant.gql("query { users { email isActive } }")).ok()["users"]
    assert {"email": email, "isActive": True} in users


TENANT_NODE = """
query TenantNode($id: ID!) { node(id: $id) { ... on Tenant { slug userCount } } }
"""
TENANT_ID = "query { tenant { id } }"


async def test_a_superadmin_reads_one_tenant_and_its_users_and_no_one_else_reads_another(
    superadmin: Superadmin, tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    tenant_id = (await tenant.gql(TENANT_ID)).ok()["tenant"]["id"]
    member = f"member-{_marker()}@example.com"
    await _add_user(tenant, member)

    node = (await superadmin.gql(TENANT_NODE, {"id": tenant_id})).ok()["node"]
    assert node == {"slug": tenant.slug, "userCount": 2}
    users = await superadmin.gql(PLATFORM_USERS, {"first": 100, "tenantId": tenant_id})
    listed = nodes(users.ok(), "platformUsers")
    assert {user["tenant"]["slug"] for user in listed} == {tenant.slug}
    assert member in [user["email"] for user in listed] and len(listed) == 2

    assert (await tenant.gql(TENANT_NODE, {"id": tenant_id})).ok()["node"]["slug"] == tenant.slug
    hidden = await other_tenant.gql(TENANT_NODE, {"id": tenant_id})
    assert hidden.code == "NOT_FOUND"
