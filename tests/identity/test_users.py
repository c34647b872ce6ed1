"""Tenants and users: registration, sign-in, user administration, and the per-tenant user limit
that only a platform superadmin may change."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest

from tests.support.graphql import LOGIN, PASSWORD, REGISTER, GraphQLClient, TenantHandle
from tests.support.platform import superadmin_token

ME = "query Me { me { id email role isActive tenant { slug } } }"
TENANT = """
query Tenant {
  tenant {
    id name slug maxUsers
    policy { environments protectedEnvironments approvalsRequired { risk approvals } }
  }
}
"""
USERS = "query Users { users { id email name role isActive } }"
USERS_WITH_CREATOR = "query Users { users { email createdBy { id email } } }"
CREATE_USER = """
mutation CreateUser($input: CreateUserInput!) {
  createUser(input: $input) { id email name role isActive tenant { slug } }
}
"""
UPDATE_ROLE = """
mutation UpdateRole($userId: ID!, $role: Role!) { updateUserRole(userId: $userId, role: $role) {
  id role } }
"""
REGISTER_WITH_TENANT = """
mutation Register($input: RegisterInput!) {
  register(input: $input) { token user { email role tenant { slug } } }
}
"""
LOGIN_WITH_TENANT = """
mutation Login($input: LoginInput!) {
  login(input: $input) { token user { email role tenant { slug } } }
}
"""
DEACTIVATE = """
mutation Deactivate($userId: ID!) { deactivateUser(userId: $userId) { id isActive } }
"""
TENANTS = """
query Tenants($first: Int, $after: String) {
  tenants(first: $first, after: $after) {
    edges { cursor node { id slug maxUsers } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
SET_MAX_USERS = """
mutation SetMaxUsers($tenantId: ID!, $maxUsers: Int!) {
  setTenantMaxUsers(tenantId: $tenantId, maxUsers: $maxUsers) { id slug maxUsers }
}
"""


def _email(prefix: str = "user") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}@example.com"


async def _register(api: GraphQLClient, name: str, email: str, password: str = PASSWORD) -> Any:
    return await api(
        REGISTER, {"input": {"tenantName": name, "email": email, "password": password}}
    )


async def _login(api: GraphQLClient, slug: str, email: str, password: str = PASSWORD) -> Any:
    return await api(LOGIN, {"input": {"tenant": slug, "email": email, "password": password}})


async def _users_by_email(tenant: TenantHandle) -> dict[str, dict[str, Any]]:
    return {user["email"]: user for user in (await tenant.gql(USERS)).ok()["users"]}


async def _create_user(
    tenant: TenantHandle, email: str, role: str = "DEVELOPER", *, as_role: str = "ADMIN"
) -> Any:
    return await tenant.gql(
        CREATE_USER,
        {"input": {"email": email, "password": PASSWORD, "role": role}},
        role=as_role,
    )


# Registration and sign-in


async def test_register_creates_a_tenant_with_its_admin_and_the_default_policy(
    api: GraphQLClient,
) -> None:
    suffix = uuid.uuid4().hex[:8]
    email = _email("founder")
    registered = await _register(api, f"Acme Labs {suffix}", email)
    payload = registered.ok()["register"]
    assert payload["user"]["email"] == email
    token = payload["token"]

    me = (await api(ME, token=token)).ok()["me"]
    assert me == {
        "id": payload["user"]["id"],
        "email": email,
        "role": "ADMIN",
        "isActive": True,
        "tenant": {"slug": f"acme-labs-{suffix}"},
    }
    tenant = (await api(TENANT, token=token)).ok()["tenant"]
    assert tenant["name"] == f"Acme Labs {suffix}"
    assert tenant["slug"] == f"acme-labs-{suffix}"
    assert tenant["maxUsers"] >= 1
    policy = tenant["policy"]
    assert policy["environments"] == ["development", "staging", "production"]
    assert policy["protectedEnvironments"] == ["production"]
    assert {entry["risk"] for entry in policy["approvalsRequired"]} == {
        "LOW",
        "MEDIUM",
        "HIGH",
        "CRITICAL",
    }
    assert all(entry["approvals"] >= 1 for entry in policy["approvalsRequired"])

    login = await _login(api, f"acme-labs-{suffix}", email)
    assert login.ok()["login"]["user"]["id"] == payload["user"]["id"]


async def test_registering_a_taken_tenant_name_is_a_conflict_and_creates_nothing(
    api: GraphQLClient,
) -> None:
    name = f"Taken Name {uuid.uuid4().hex[:8]}"
    (await _register(api, name, _email("first"))).ok()

    second_email = _email("second")
    again = await _register(api, name, second_email)
    assert again.code == "CONFLICT"
    assert again.data is None
    # Same slug once normalized: still taken.
    assert (await _register(api, name.upper(), _email("third"))).code == "CONFLICT"
    # The refused registration left no user behind in the existing tenant.
    slug = name.lower().replace(" ", "-")
    assert (await _login(api, slug, second_email)).code == "UNAUTHENTICATED"


async def test_wrong_password_and_unknown_email_fail_alike(
    api: GraphQLClient, tenant: TenantHandle
) -> None:
    admin_email = (await api(ME, token=tenant.token)).ok()["me"]["email"]
    wrong_password = await _login(api, tenant.slug, admin_email, "wrong-password-123")
    unknown_email = await _login(api, tenant.slug, _email("nobody"))
    unknown_tenant = await _login(api, f"no-such-tenant-{uuid.uuid4().hex[:8]}", admin_email)

    for result in (wrong_password, unknown_email, unknown_tenant):
        assert result.code == "UNAUTHENTICATED"
        assert result.data is None
    messages = {r.errors[0]["message"] for r in (wrong_password, unknown_email, unknown_tenant)}
    assert len(messages) == 1, messages
    assert admin_email not in messages.pop()
    # The right password still works, so the failures above were about the credentials.
    assert (await _login(api, tenant.slug, admin_email)).ok()["login"]["user"]["id"] == (
        tenant.admin_id
    )


async def test_login_ignores_the_case_of_the_email(
    api: GraphQLClient, tenant: TenantHandle
) -> None:
    admin_email = (await api(ME, token=tenant.token)).ok()["me"]["email"]
    login = await _login(api, tenant.slug, admin_email.upper())
    assert login.ok()["login"]["user"]["id"] == tenant.admin_id


async def test_a_weak_password_is_refused_at_registration_and_creates_nothing(
    api: GraphQLClient,
) -> None:
    name = f"Weak Pw {uuid.uuid4().hex[:8]}"
    weak = await _register(api, name, _email(), "short-pw1")  # 9 characters
    assert weak.code == "BAD_USER_INPUT"
    assert weak.data is None
    # The tenant name is still free: nothing was written.
    (await _register(api, name, _email(), "long-enough")).ok()  # 10 characters


async def test_the_register_and_login_payloads_are_read_as_the_new_session(
    api: GraphQLClient,
) -> None:
    name = f"Payload {uuid.uuid4().hex[:8]}"
    email = _email("payload")
    slug = name.lower().replace(" ", "-")
    registered = await api(
        REGISTER_WITH_TENANT,
        {"input": {"tenantName": name, "email": email, "password": PASSWORD}},
    )
    payload = registered.ok()["register"]
    assert payload["user"] == {"email": email, "role": "ADMIN", "tenant": {"slug": slug}}
    assert (await api(ME, token=payload["token"])).ok()["me"]["email"] == email

    logged_in = await api(
        LOGIN_WITH_TENANT, {"input": {"tenant": slug, "email": email, "password": PASSWORD}}
    )
    payload = logged_in.ok()["login"]
    assert payload["user"] == {"email": email, "role": "ADMIN", "tenant": {"slug": slug}}
    assert (await api(ME, token=payload["token"])).ok()["me"]["tenant"]["slug"] == slug


@pytest.mark.parametrize("password", ["aaaaaaaaaa", "1234567890", "password123", "qwertyuiop"])
async def test_a_common_or_one_character_password_is_refused(
    api: GraphQLClient, tenant: TenantHandle, password: str
) -> None:
    registered = await _register(api, f"Common {uuid.uuid4().hex[:8]}", _email(), password)
    assert registered.code == "BAD_USER_INPUT"
    assert registered.errors[0]["extensions"]["field"] == "password"
    email = _email("common")
    created = await tenant.gql(
        CREATE_USER, {"input": {"email": email, "password": password, "role": "VIEWER"}}
    )
    assert created.code == "BAD_USER_INPUT"
    assert email not in await _users_by_email(tenant)


async def test_a_weak_password_is_refused_for_a_new_user(tenant: TenantHandle) -> None:
    email = _email("weak")
    result = await tenant.gql(
        CREATE_USER, {"input": {"email": email, "password": "123456789", "role": "VIEWER"}}
    )
    assert result.code == "BAD_USER_INPUT"
    assert email not in await _users_by_email(tenant)


async def test_an_invalid_email_is_refused(tenant: TenantHandle) -> None:
    result = await tenant.gql(
        CREATE_USER, {"input": {"email": "not-an-email", "password": PASSWORD, "role": "VIEWER"}}
    )
    assert result.code == "BAD_USER_INPUT"


# User administration


async def test_an_admin_creates_promotes_and_deactivates_a_user(
    api: GraphQLClient, tenant: TenantHandle
) -> None:
    email = _email("newcomer")
    created = await tenant.gql(
        CREATE_USER,
        {"input": {"email": email, "password": PASSWORD, "role": "DEVELOPER", "name": "Nia"}},
    )
    user = created.ok()["createUser"]
    assert user["email"] == email
    assert user["name"] == "Nia"
    assert user["role"] == "DEVELOPER"
    assert user["isActive"] is True
    assert user["tenant"] == {"slug": tenant.slug}
    assert (await _users_by_email(tenant))[email]["role"] == "DEVELOPER"

    token = (await _login(api, tenant.slug, email)).ok()["login"]["token"]
    assert (await api(ME, token=token)).ok()["me"]["role"] == "DEVELOPER"

    promoted = await tenant.gql(UPDATE_ROLE, {"userId": user["id"], "role": "REVIEWER"})
    assert promoted.ok()["updateUserRole"] == {"id": user["id"], "role": "REVIEWER"}
    # The role is read from the database on every request, not from the token.
    assert (await api(ME, token=token)).ok()["me"]["role"] == "REVIEWER"

    deactivated = await tenant.gql(DEACTIVATE, {"userId": user["id"]})
    assert deactivated.ok()["deactivateUser"] == {"id": user["id"], "isActive": False}
    assert (await _users_by_email(tenant))[email]["isActive"] is False
    assert (await _login(api, tenant.slug, email)).code == "UNAUTHENTICATED"


async def test_each_user_shows_who_created_their_account(tenant: TenantHandle) -> None:
    admin_email = (await tenant.gql(ME)).ok()["me"]["email"]
    email = _email("created")
    (await _create_user(tenant, email)).ok()
    created_by = {
        user["email"]: user["createdBy"]
        for user in (await tenant.gql(USERS_WITH_CREATOR)).ok()["users"]
    }
    assert created_by[email] == {"id": tenant.admin_id, "email": admin_email}
    assert created_by[admin_email] is None  # registered the tenant


@pytest.mark.parametrize("role", ["DEVELOPER", "REVIEWER", "VIEWER"])
async def test_a_non_admin_cannot_manage_users_and_writes_nothing(
    tenant: TenantHandle, role: str
) -> None:
    target_id, _ = await tenant.user("VIEWER" if role != "VIEWER" else "REVIEWER")
    own_id, _ = await tenant.user(role)
    before = await _users_by_email(tenant)

    email = _email("sneaky")
    created = await _create_user(tenant, email, "ADMIN", as_role=role)
    assert created.code == "FORBIDDEN"
    assert created.data is None

    promoted = await tenant.gql(UPDATE_ROLE, {"userId": target_id, "role": "ADMIN"}, role=role)
    assert promoted.code == "FORBIDDEN"
    self_promoted = await tenant.gql(UPDATE_ROLE, {"userId": own_id, "role": "ADMIN"}, role=role)
    assert self_promoted.code == "FORBIDDEN"

    deactivated = await tenant.gql(DEACTIVATE, {"userId": tenant.admin_id}, role=role)
    assert deactivated.code == "FORBIDDEN"

    assert await _users_by_email(tenant) == before


async def test_a_demoted_admin_loses_admin_rights_at_once(tenant: TenantHandle) -> None:
    second_admin_id, second_admin_token = await _second_admin(tenant)
    (await tenant.gql(UPDATE_ROLE, {"userId": second_admin_id, "role": "VIEWER"})).ok()

    email = _email("after-demotion")
    result = await tenant.api(
        CREATE_USER,
        {"input": {"email": email, "password": PASSWORD, "role": "VIEWER"}},
        token=second_admin_token,
    )
    assert result.code == "FORBIDDEN"
    assert email not in await _users_by_email(tenant)


async def test_users_of_another_tenant_are_not_found(
    tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    promoted = await tenant.gql(UPDATE_ROLE, {"userId": other_tenant.admin_id, "role": "VIEWER"})
    assert promoted.code == "NOT_FOUND"
    deactivated = await tenant.gql(DEACTIVATE, {"userId": other_tenant.admin_id})
    assert deactivated.code == "NOT_FOUND"

    assert other_tenant.admin_id not in {u["id"] for u in (await tenant.gql(USERS)).ok()["users"]}
    me = (await other_tenant.gql(ME)).ok()["me"]
    assert me["role"] == "ADMIN"
    assert me["isActive"] is True


async def test_a_duplicate_email_in_the_tenant_is_a_conflict(
    tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    email = _email("twice")
    (await _create_user(tenant, email)).ok()

    assert (await _create_user(tenant, email, "VIEWER")).code == "CONFLICT"
    assert (await _create_user(tenant, email.upper(), "VIEWER")).code == "CONFLICT"
    assert (await _users_by_email(tenant))[email]["role"] == "DEVELOPER"
    # Emails are unique per tenant only.
    assert (await _create_user(other_tenant, email)).ok()["createUser"]["email"] == email


async def _second_admin(tenant: TenantHandle) -> tuple[str, str]:
    email = _email("second-admin")
    user_id = (await _create_user(tenant, email, "ADMIN")).ok()["createUser"]["id"]
    token = (await _login(tenant.api, tenant.slug, email)).ok()["login"]["token"]
    return user_id, token


async def test_the_last_admin_cannot_demote_or_deactivate_themselves(
    tenant: TenantHandle,
) -> None:
    demoted = await tenant.gql(UPDATE_ROLE, {"userId": tenant.admin_id, "role": "DEVELOPER"})
    assert demoted.code == "CONFLICT"
    deactivated = await tenant.gql(DEACTIVATE, {"userId": tenant.admin_id})
    assert deactivated.code == "CONFLICT"

    me = (await tenant.gql(ME)).ok()["me"]
    assert me["role"] == "ADMIN"
    assert me["isActive"] is True


async def test_an_admin_may_step_down_once_another_admin_exists(tenant: TenantHandle) -> None:
    second_admin_id, second_admin_token = await _second_admin(tenant)

    stepped_down = await tenant.gql(UPDATE_ROLE, {"userId": tenant.admin_id, "role": "VIEWER"})
    assert stepped_down.ok()["updateUserRole"]["role"] == "VIEWER"
    # Now the second admin is the last one: they cannot step down or be deactivated.
    last = await tenant.api(
        UPDATE_ROLE, {"userId": second_admin_id, "role": "VIEWER"}, token=second_admin_token
    )
    assert last.code == "CONFLICT"
    me = (await tenant.api(ME, token=second_admin_token)).ok()["me"]
    assert me["role"] == "ADMIN"


async def test_an_admin_cannot_deactivate_themselves_even_with_another_admin(
    tenant: TenantHandle,
) -> None:
    await _second_admin(tenant)
    deactivated = await tenant.gql(DEACTIVATE, {"userId": tenant.admin_id})
    assert deactivated.code == "CONFLICT"
    assert (await tenant.gql(ME)).ok()["me"]["isActive"] is True


async def _active_admins(tenant: TenantHandle, token: str) -> list[str]:
    users = (await tenant.api(USERS, token=token)).ok()["users"]
    return [user["id"] for user in users if user["role"] == "ADMIN" and user["isActive"]]


async def test_two_admins_stepping_down_at_the_same_time_leave_one_admin(
    api: GraphQLClient,
) -> None:
    for _ in range(3):
        tenant = await TenantHandle.register(api)
        second_id, second_token = await _second_admin(tenant)
        first, second = await asyncio.gather(
            tenant.gql(UPDATE_ROLE, {"userId": tenant.admin_id, "role": "VIEWER"}),
            tenant.api(UPDATE_ROLE, {"userId": second_id, "role": "VIEWER"}, token=second_token),
        )
        assert sorted([first.code or "OK", second.code or "OK"]) == ["CONFLICT", "OK"]
        remaining = await _active_admins(tenant, tenant.token if first.errors else second_token)
        assert len(remaining) == 1, "the tenant was left without an admin"


async def test_two_admins_deactivating_each_other_at_the_same_time_leave_one_admin(
    api: GraphQLClient,
) -> None:
    for _ in range(3):
        tenant = await TenantHandle.register(api)
        second_id, second_token = await _second_admin(tenant)
        first, second = await asyncio.gather(
            tenant.api(DEACTIVATE, {"userId": tenant.admin_id}, token=second_token),
            tenant.gql(DEACTIVATE, {"userId": second_id}),
        )
        outcomes = [first.code or "OK", second.code or "OK"]
        # The loser is refused cleanly: CONFLICT, or UNAUTHENTICATED once its session is revoked.
        assert outcomes.count("OK") == 1, outcomes
        assert {"CONFLICT", "UNAUTHENTICATED"} & set(outcomes), outcomes
        survivor = second_token if first.code is None else tenant.token
        assert await _active_admins(tenant, survivor) == [
            second_id if first.code is None else tenant.admin_id
        ]


# The platform superadmin and the user limit


async def _superadmin_token(api: GraphQLClient, tenant: TenantHandle) -> str:
    return await superadmin_token(api, tenant, _email("super"))


async def _tenant_id(tenant: TenantHandle) -> str:
    return (await tenant.gql(TENANT)).ok()["tenant"]["id"]


async def test_a_tenant_admin_cannot_deactivate_or_demote_the_platform_superadmin(
    api: GraphQLClient, tenant: TenantHandle
) -> None:
    super_token = await _superadmin_token(api, tenant)
    super_id = (await api(ME, token=super_token)).ok()["me"]["id"]

    for operation, variables in (
        (DEACTIVATE, {"userId": super_id}),
        (UPDATE_ROLE, {"userId": super_id, "role": "VIEWER"}),
    ):
        refused = await tenant.gql(operation, variables)
        assert refused.code == "FORBIDDEN", refused.errors
    me = (await api(ME, token=super_token)).ok()["me"]
    assert me["isActive"] is True and me["role"] == "ADMIN"


async def test_a_superadmin_lists_tenants_in_pages(
    api: GraphQLClient, tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    token = await _superadmin_token(api, tenant)

    first_page = (await api(TENANTS, {"first": 1}, token=token)).ok()["tenants"]
    assert len(first_page["edges"]) == 1
    assert first_page["pageInfo"]["hasNextPage"] is True
    assert first_page["pageInfo"]["endCursor"] == first_page["edges"][0]["cursor"]
    second_page = (
        await api(TENANTS, {"first": 1, "after": first_page["pageInfo"]["endCursor"]}, token=token)
    ).ok()["tenants"]
    assert len(second_page["edges"]) == 1
    assert second_page["edges"][0]["node"]["id"] != first_page["edges"][0]["node"]["id"]

    seen: list[dict[str, Any]] = []
    after = None
    while True:
        page = (await api(TENANTS, {"first": 100, "after": after}, token=token)).ok()["tenants"]
        seen.extend(edge["node"] for edge in page["edges"])
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    ids = [node["id"] for node in seen]
    assert len(ids) == len(set(ids)), "a tenant appeared on two pages"
    assert seen[0]["id"] == first_page["edges"][0]["node"]["id"]
    assert seen[1]["id"] == second_page["edges"][0]["node"]["id"]
    by_slug = {node["slug"]: node for node in seen}
    assert by_slug[tenant.slug]["id"] == await _tenant_id(tenant)
    assert by_slug[other_tenant.slug]["id"] == await _tenant_id(other_tenant)


async def test_a_superadmin_sets_another_tenants_user_limit_which_is_enforced(
    api: GraphQLClient, tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    token = await _superadmin_token(api, tenant)
    other_id = await _tenant_id(other_tenant)

    limited = await api(SET_MAX_USERS, {"tenantId": other_id, "maxUsers": 2}, token=token)
    assert limited.ok()["setTenantMaxUsers"] == {
        "id": other_id,
        "slug": other_tenant.slug,
        "maxUsers": 2,
    }
    assert (await other_tenant.gql(TENANT)).ok()["tenant"]["maxUsers"] == 2

    (await _create_user(other_tenant, _email("second"))).ok()  # the admin plus one: 2 users
    over = _email("third")
    refused = await _create_user(other_tenant, over)
    assert refused.code == "CONFLICT"
    assert over not in await _users_by_email(other_tenant)
    assert len(await _users_by_email(other_tenant)) == 2

    invalid = await api(SET_MAX_USERS, {"tenantId": other_id, "maxUsers": 0}, token=token)
    assert invalid.code == "BAD_USER_INPUT"
    assert (await other_tenant.gql(TENANT)).ok()["tenant"]["maxUsers"] == 2


async def test_a_tenant_admin_cannot_list_tenants_or_change_any_limit(
    tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    own_id = await _tenant_id(tenant)
    other_id = await _tenant_id(other_tenant)
    before = (await tenant.gql(TENANT)).ok()["tenant"]["maxUsers"]

    listed = await tenant.gql(TENANTS, {"first": 5})
    assert listed.code == "FORBIDDEN"
    assert listed.data is None
    for tenant_id in (own_id, other_id):
        raised = await tenant.gql(SET_MAX_USERS, {"tenantId": tenant_id, "maxUsers": 1000})
        assert raised.code == "FORBIDDEN"
    developer = await tenant.gql(
        SET_MAX_USERS, {"tenantId": own_id, "maxUsers": 1000}, role="DEVELOPER"
    )
    assert developer.code == "FORBIDDEN"

    assert (await tenant.gql(TENANT)).ok()["tenant"]["maxUsers"] == before
    assert (await other_tenant.gql(TENANT)).ok()["tenant"]["maxUsers"] == before
