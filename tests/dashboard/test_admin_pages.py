"""Admin pages: users and roles, API keys (secret shown once), the tenant policy. Only admins
see them: others get GraphQL's refusal as a 403 page, see no Admin link, and their posts are
refused."""

from __future__ import annotations

import re
import uuid

import pytest

from tests.dashboard.client import (
    DashboardClient,
    assert_done,
    assert_rendered,
)
from tests.support.governance import GATE_CHECK
from tests.support.graphql import PASSWORD, TenantHandle

USERS = "query Users { users { id email role isActive } }"
API_KEYS = "query Keys { apiKeys { id name scopes revokedAt } }"
POLICY = """
query Policy {
  tenant { policy { environments protectedEnvironments approvalsRequired { risk approvals } } }
}
"""
APPROVALS = {f"approvals_{risk}": "1" for risk in ("LOW", "MEDIUM", "HIGH", "CRITICAL")}
ADMIN_PAGES = [
    "/admin/users",
    "/admin/api-keys",
    "/admin/policy",
    "/admin/sso",
    "/admin/webhooks",
    "/admin/audit",
]


async def _users(tenant: TenantHandle) -> dict[str, dict[str, object]]:
    return {user["email"]: user for user in (await tenant.gql(USERS)).ok()["users"]}


async def test_the_users_page_lists_users_with_recent_changes(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    await tenant.user("REVIEWER")
    page = assert_rendered(await admin.get("/admin/users"), htmx)
    assert re.search(r'<tr data-user="reviewer-\w+@example.com">', page)
    assert '<option value="REVIEWER" selected>' in page and "(you)" in page
    assert "<code>user.create</code>" in page  # from the audit trail
    assert ('aria-label="Admin"' in page) is not htmx  # the admin navigation is the page's


async def test_the_users_page_shows_who_created_each_account(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    admin_email = (await tenant.gql("{ me { email } }")).ok()["me"]["email"]
    await tenant.user("REVIEWER")
    page = assert_rendered(await admin.get("/admin/users"), htmx)
    assert '<th scope="col">Created by</th>' in page
    reviewer_row = re.search(r'<tr data-user="reviewer-[^"]+">.*?</tr>', page, re.DOTALL)
    assert reviewer_row and f"<td>{admin_email}</td>" in reviewer_row.group(0)


async def test_an_admin_adds_a_user_who_can_then_sign_in(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    email = f"new-{uuid.uuid4().hex[:6]}@example.com"
    response = await admin.post(
        "/admin/users/new",
        {"email": email, "name": "Ada", "password": PASSWORD, "role": "REVIEWER"},
    )
    assert_done(response, htmx, "/admin/users", f"{email} can now sign in as reviewer.")
    assert (await _users(tenant))[email]["role"] == "REVIEWER"


async def test_a_refused_new_user_shows_the_reason_beside_the_field(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    response = await admin.post(
        "/admin/users/new", {"email": "kept@example.com", "password": "short", "role": "VIEWER"}
    )
    page = assert_rendered(response, htmx, status=400)
    assert re.search(r'id="error-password">password must be at least 10 characters', page)
    assert 'value="kept@example.com"' in page and 'value="VIEWER" selected' in page
    assert "kept@example.com" not in await _users(tenant)


async def test_an_admin_changes_a_role_and_deactivates_a_user(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    user_id, _ = await tenant.user("VIEWER")
    response = await admin.post("/admin/users/role", {"userId": user_id, "role": "DEVELOPER"})
    assert_done(response, htmx, "/admin/users", "is now developer.")
    response = await admin.post("/admin/users/deactivate", {"userId": user_id})
    assert_done(response, htmx, "/admin/users", "is deactivated and signed out.")
    [user] = [user for user in (await _users(tenant)).values() if user["id"] == user_id]
    assert (user["role"], user["isActive"]) == ("DEVELOPER", False)


async def test_the_last_admin_cannot_step_down_and_is_told_why_on_the_row(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    response = await admin.post("/admin/users/role", {"userId": tenant.admin_id, "role": "VIEWER"})
    page = assert_rendered(response, htmx, status=409)
    assert '<p class="alert" role="alert">a tenant must keep at least one active admin</p>' in page
    roles = {user["id"]: user["role"] for user in (await _users(tenant)).values()}
    assert roles[tenant.admin_id] == "ADMIN"


async def test_an_admin_cannot_deactivate_themselves_and_is_told_why_on_the_row(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    response = await admin.post("/admin/users/deactivate", {"userId": tenant.admin_id})
    page = assert_rendered(response, htmx, status=409)
    assert '<p class="alert" role="alert">you cannot deactivate yourself</p>' in page
    active = {user["id"]: user["isActive"] for user in (await _users(tenant)).values()}
    assert active[tenant.admin_id] is True


async def test_a_new_api_keys_secret_is_shown_once_and_works(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    response = await admin.post(
        "/admin/api-keys/new", {"name": "ci", "scope_GATE_READ": "on", "scope_RUNTIME_READ": "on"}
    )
    page = assert_rendered(response, htmx)
    assert response.headers["cache-control"] == "no-store"
    secret = re.search(r'id="new-secret" type="text" readonly value="(pv_[^"]+)"', page)
    assert secret is not None and "shown only this once" in page
    gate = await tenant.api(GATE_CHECK, {"commitSha": "abcdef1"}, token=secret[1])
    assert gate.ok()["gateCheck"]["outcome"] == "FAIL"
    [key] = (await tenant.gql(API_KEYS)).ok()["apiKeys"]
    assert sorted(key["scopes"]) == ["GATE_READ", "RUNTIME_READ"]
    again = assert_rendered(await admin.get("/admin/api-keys"), htmx)
    assert secret[1] not in again and "runtime:read" in again and 'data-key="ci"' in again


async def test_an_api_key_without_a_scope_is_refused_beside_the_scopes(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    response = await admin.post("/admin/api-keys/new", {"name": "nothing"})
    page = assert_rendered(response, htmx, status=400)
    assert 'id="error-scopes">an API key needs at least one scope' in page
    assert 'value="nothing"' in page and "new-secret" not in page
    assert (await tenant.gql(API_KEYS)).ok()["apiKeys"] == []


async def test_a_revoked_api_key_opens_nothing(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    created = await tenant.gql(
        'mutation { createApiKey(name: "old", scopes: [GATE_READ]) { secret apiKey { id } } }'
    )
    key = created.ok()["createApiKey"]
    response = await admin.post("/admin/api-keys/revoke", {"id": key["apiKey"]["id"]})
    assert_done(response, htmx, "/admin/api-keys", "API key &#39;old&#39; is revoked")
    page = assert_rendered(await admin.get("/admin/api-keys"), htmx)
    assert 'Revoke<span class="visually-hidden"> old' not in page and ">revoked</span>" in page
    refused = await tenant.api(GATE_CHECK, {"commitSha": "abcdef1"}, token=key["secret"])
    assert refused.code == "UNAUTHENTICATED"
    again = await admin.post("/admin/api-keys/revoke", {"id": key["apiKey"]["id"]})
    page = assert_rendered(again, htmx, status=409)
    assert re.search(r'class="alert" role="alert">API key pv_\w+ is already revoked', page)


async def test_the_policy_form_shows_and_saves_the_policy(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    form = assert_rendered(await admin.get("/admin/policy"), htmx)
    assert 'value="development, staging, production"' in form
    assert 'name="approvals_HIGH" value="2"' in form
    response = await admin.post(
        "/admin/policy",
        {
            "environments": "development, staging, production, qa",
            "protectedEnvironments": "production, qa",
            "approvals_LOW": "0",
            "approvals_MEDIUM": "1",
            "approvals_HIGH": "3",
            "approvals_CRITICAL": "3",
        },
    )
    assert_done(response, htmx, "/admin/policy", "The policy is saved.")
    policy = (await tenant.gql(POLICY)).ok()["tenant"]["policy"]
    assert policy["environments"] == ["development", "staging", "production", "qa"]
    assert policy["protectedEnvironments"] == ["production", "qa"]
    assert {row["risk"]: row["approvals"] for row in policy["approvalsRequired"]} == {
        "LOW": 0,
        "MEDIUM": 1,
        "HIGH": 3,
        "CRITICAL": 3,
    }
    saved = assert_rendered(await admin.get("/admin/policy"), htmx)
    assert "<code>tenant.update_policy</code>" in saved


async def test_the_policy_form_refuses_approvals_from_accounts_the_author_created(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    form = assert_rendered(await admin.get("/admin/policy"), htmx)
    assert '<input type="checkbox" name="refuseApprovalsFromAuthorCreatedAccounts">' in form
    posted = {"environments": "development, staging, production", "protectedEnvironments": ""}
    response = await admin.post(
        "/admin/policy",
        {**posted, **APPROVALS, "refuseApprovalsFromAuthorCreatedAccounts": "on"},
    )
    assert_done(response, htmx, "/admin/policy", "The policy is saved.")
    flag = "{ tenant { policy { refuseApprovalsFromAuthorCreatedAccounts } } }"
    assert (await tenant.gql(flag)).ok()["tenant"]["policy"] == {
        "refuseApprovalsFromAuthorCreatedAccounts": True
    }
    saved = assert_rendered(await admin.get("/admin/policy"), htmx)
    assert 'name="refuseApprovalsFromAuthorCreatedAccounts" checked>' in saved


@pytest.mark.parametrize(
    ("field", "changed", "message"),
    [
        ("protectedEnvironments", {"protectedEnvironments": "prod"}, "&#39;prod&#39; is not"),
        ("approvalsRequired", {"approvals_HIGH": "two"}, "HIGH risk must be a whole number"),
        ("approvalsRequired", {"approvals_LOW": "11"}, "between 0 and 10"),
        ("environments", {"environments": "Bad Name"}, "must be 1 to 64 lowercase"),
    ],
    ids=["unknown-protected", "not-a-number", "too-many", "bad-environment"],
)
async def test_a_refused_policy_shows_the_reason_beside_its_field_keeping_the_input(
    admin: DashboardClient,
    htmx: bool,
    tenant: TenantHandle,
    field: str,
    changed: dict[str, str],
    message: str,
) -> None:
    posted = {
        "environments": "development, staging, production",
        "protectedEnvironments": "production",
        **APPROVALS,
        **changed,
    }
    page = assert_rendered(await admin.post("/admin/policy", posted), htmx, status=400)
    error = re.search(rf'<p class="field-error" id="error-{field}">([^<]+)</p>', page)
    assert error is not None and message in error[1], page
    for value in changed.values():
        assert f'value="{value}"' in page
    unchanged = (await tenant.gql(POLICY)).ok()["tenant"]["policy"]
    assert unchanged["protectedEnvironments"] == ["production"]


@pytest.mark.parametrize("role", ["VIEWER", "DEVELOPER", "REVIEWER"])
async def test_others_see_no_admin_link_and_every_admin_page_refuses_them(
    browser: DashboardClient, htmx: bool, tenant: TenantHandle, role: str
) -> None:
    browser.use_session(await tenant.token_for(role))
    listing = assert_rendered(await browser.get("/assets", headers={"hx-request": "false"}), False)
    assert 'href="/reviews"' in listing and 'href="/admin/users"' not in listing
    for path in ADMIN_PAGES:
        page = assert_rendered(await browser.get(path), htmx, status=403)
        assert f"your role ({role.lower()}) may not" in page, path


@pytest.mark.parametrize("role", ["VIEWER", "DEVELOPER"])
async def test_others_posting_to_admin_forms_are_refused_and_change_nothing(
    browser: DashboardClient, htmx: bool, tenant: TenantHandle, role: str
) -> None:
    target_id, _ = await tenant.new_user("VIEWER")
    browser.use_session(await tenant.token_for(role))
    before = (await tenant.gql(USERS)).ok(), (await tenant.gql(API_KEYS)).ok()
    for path, form, reason in [
        (
            "/admin/users/new",
            {"email": "x@example.com", "password": PASSWORD, "role": "ADMIN"},
            "manage users",
        ),
        ("/admin/users/role", {"userId": target_id, "role": "ADMIN"}, "manage users"),
        ("/admin/users/deactivate", {"userId": target_id}, "manage users"),
        ("/admin/api-keys/new", {"name": "sneaky", "scope_GATE_READ": "on"}, "manage API keys"),
        ("/admin/policy", {"environments": "x", **APPROVALS}, "change the tenant"),
    ]:
        response = await browser.post(path, form)
        page = assert_rendered(response, htmx, status=403)
        assert f"your role ({role.lower()}) may not {reason}" in page, path
    assert ((await tenant.gql(USERS)).ok(), (await tenant.gql(API_KEYS)).ok()) == before
    policy = (await tenant.gql(POLICY)).ok()["tenant"]["policy"]
    assert policy["environments"] == ["development", "staging", "production"]


async def test_admin_forms_need_the_csrf_token(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    response = await admin.post(
        "/admin/api-keys/new", {"name": "x", "scope_GATE_READ": "on"}, csrf=""
    )
    assert response.status_code == 403
    assert (await tenant.gql(API_KEYS)).ok()["apiKeys"] == []
