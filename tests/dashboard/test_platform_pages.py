"""The platform console's pages: the figures, tenants searched with their counts, limits and dates,
a new tenant with its first admin, a tenant's page and its limit, users across tenants and their
deactivation. Only a superadmin finds them: for anyone else signed in there is no such page (404),
no Platform link, and a form posted there changes nothing."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest

from tests.dashboard.client import (
    DashboardClient,
    assert_done,
    assert_rendered,
    redirect_target,
)
from tests.support.graphql import LOGIN, PASSWORD, GraphQLClient, TenantHandle
from tests.support.platform import CREATE_TENANT, TENANTS, Superadmin, make_superadmin, nodes

USERS = "query Users { users { id email isActive } }"
TENANT_ID = "query { tenant { id } }"
PAGES = ["/platform", "/platform/tenants", "/platform/users"]


@pytest.fixture(scope="module")
async def superadmin(api: GraphQLClient) -> Superadmin:
    return await make_superadmin(api)


@pytest.fixture
async def console(browser: DashboardClient, superadmin: Superadmin) -> DashboardClient:
    browser.use_session(superadmin.token)
    return browser


def _marker() -> str:
    return uuid.uuid4().hex[:8]


async def _new_tenant(superadmin: Superadmin, name: str) -> dict[str, Any]:
    payload = {"name": name, "adminEmail": f"owner-{_marker()}@example.com"}
    created = await superadmin.gql(CREATE_TENANT, {"input": {**payload, "adminPassword": PASSWORD}})
    tenant: dict[str, Any] = created.ok()["createTenant"]
    return tenant


async def _tenant_by_slug(superadmin: Superadmin, slug: str) -> list[dict[str, Any]]:
    return nodes((await superadmin.gql(TENANTS, {"query": slug})).ok(), "tenants")


async def test_the_overview_shows_the_platforms_figures(
    console: DashboardClient, htmx: bool, superadmin: Superadmin
) -> None:
    stats = (await superadmin.gql("{ platformStats { tenants assets } }")).ok()["platformStats"]
    page = assert_rendered(await console.get("/platform"), htmx)
    assert re.search(rf'data-figure="tenants"><dt>Tenants</dt><dd>{stats["tenants"]:,}</dd>', page)
    assert 'data-figure="executions24h"' in page
    assert ('aria-label="Platform"' in page) is not htmx  # the console's own navigation


async def test_the_platform_link_is_shown_to_superadmins_only(
    browser: DashboardClient, superadmin: Superadmin, tenant: TenantHandle
) -> None:
    """The link is in the page's main navigation, which a full page carries."""
    link = '<a href="/platform">Platform</a>'
    browser.use_session(superadmin.token)
    assert link in (await browser.http.get("/admin/users")).text
    browser.use_session(tenant.token)
    assert link not in (await browser.http.get("/admin/users")).text


async def test_tenants_are_listed_with_counts_limits_and_dates_and_searched(
    console: DashboardClient, htmx: bool, superadmin: Superadmin
) -> None:
    marker = _marker()
    found = await _new_tenant(superadmin, f"Listed {marker} A")
    await _new_tenant(superadmin, f"Listed {marker} B")

    page = assert_rendered(await console.get("/platform/tenants", {"query": marker}), htmx)
    rows = re.findall(r'<tr data-tenant="([^"]+)">(.*?)</tr>', page, re.DOTALL)
    assert [slug for slug, _ in rows] == [f"listed-{marker}-a", f"listed-{marker}-b"]
    cells = re.findall(r"<td>(.*?)</td>", rows[0][1], re.DOTALL)
    assert f'href="/platform/tenants/{found["id"]}">Listed {marker} A</a>' in cells[0]
    assert cells[2:4] == ["1", "25"]  # its first admin, of the default 25
    assert re.search(r"<time datetime=\"[^\"]+\">\d{4}-\d\d-\d\d \d\d:\d\d UTC</time>", cells[4])
    assert f'value="{marker}"' in page  # the search box keeps what was typed

    none = assert_rendered(await console.get("/platform/tenants", {"query": f"no-{marker}"}), htmx)
    assert "No tenant matches." in none


async def test_a_refused_cursor_is_told_beside_the_search(
    console: DashboardClient, htmx: bool
) -> None:
    page = assert_rendered(
        await console.get("/platform/tenants", {"after": "not-a-cursor"}), htmx, status=400
    )
    assert "after is not a valid cursor" in page


async def test_a_superadmin_creates_a_tenant_whose_admin_signs_in(
    console: DashboardClient, htmx: bool, api: GraphQLClient, superadmin: Superadmin
) -> None:
    marker = _marker()
    email = f"first-{marker}@example.com"
    response = await console.post(
        "/platform/tenants/new",
        {
            "name": f"Made In Console {marker}",
            "slug": "",
            "maxUsers": "7",
            "adminEmail": email,
            "adminPassword": PASSWORD,
        },
    )
    slug = f"made-in-console-{marker}"
    assert_done(response, htmx, "/platform/tenants", f"its admin signs in to the tenant {slug}.")
    [tenant] = await _tenant_by_slug(superadmin, slug)
    assert (tenant["maxUsers"], tenant["userCount"]) == (7, 1)
    login = await api(LOGIN, {"input": {"tenant": slug, "email": email, "password": PASSWORD}})
    assert login.ok()["login"]["token"]


@pytest.mark.parametrize(
    ("fields", "field", "reason"),
    [
        ({"slug": "Bad Slug"}, "slug", "slug must be lowercase letters and digits"),
        ({"maxUsers": "many"}, "maxUsers", "maxUsers must be a whole number"),
        ({"adminPassword": "short"}, "adminPassword", "password must be at least 10 characters"),
    ],
    ids=["slug", "max-users", "password"],
)
async def test_a_refused_new_tenant_shows_the_reason_beside_the_field_and_keeps_the_form(
    console: DashboardClient,
    htmx: bool,
    superadmin: Superadmin,
    fields: dict[str, str],
    field: str,
    reason: str,
) -> None:
    marker = _marker()
    form = {
        "name": f"Refused {marker}",
        "adminEmail": f"kept-{marker}@example.com",
        "adminPassword": PASSWORD,
        **fields,
    }
    page = assert_rendered(await console.post("/platform/tenants/new", form), htmx, status=400)
    assert re.search(rf'id="error-{field}">{reason}', page), page
    assert f'value="kept-{marker}@example.com"' in page
    assert await _tenant_by_slug(superadmin, f"refused-{marker}") == []


async def test_a_tenants_page_shows_its_users_and_changes_its_limit(
    console: DashboardClient,
    htmx: bool,
    api: GraphQLClient,
    superadmin: Superadmin,
    tenant: TenantHandle,
) -> None:
    tenant_id = (await tenant.gql(TENANT_ID)).ok()["tenant"]["id"]
    await tenant.user("VIEWER")  # signed in once, as it was made
    path = f"/platform/tenants/{tenant_id}"

    page = assert_rendered(await console.get(path), htmx)
    viewer = re.search(r'<tr data-user="viewer-[^"]+">(.*?)</tr>', page, re.DOTALL)
    assert viewer and "<td>viewer</td>" in viewer.group(1) and "<time" in viewer.group(1)
    assert "2 of 25" in page

    assert_done(
        await console.post(f"{path}/max-users", {"tenantId": tenant_id, "maxUsers": "3"}),
        htmx,
        path,
        "may now have 3 active users.",
    )
    [listed] = await _tenant_by_slug(superadmin, tenant.slug)
    assert listed["maxUsers"] == 3

    refused = await console.post(f"{path}/max-users", {"tenantId": tenant_id, "maxUsers": "0"})
    assert re.search(
        r'id="error-maxUsers">maxUsers must be between', assert_rendered(refused, htmx, 400)
    )


async def test_users_are_searched_across_tenants_and_deactivated(
    console: DashboardClient, htmx: bool, tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    marker = _marker()
    emails = []
    for handle in (tenant, other_tenant):
        email = f"found-{marker}-{handle.slug}@example.com"
        user = {"email": email, "password": PASSWORD, "role": "VIEWER"}
        created = await handle.gql(
            "mutation($input: CreateUserInput!) { createUser(input: $input) { id } }",
            {"input": user},
        )
        emails.append((email, created.ok()["createUser"]["id"]))

    page = assert_rendered(await console.get("/platform/users", {"query": marker}), htmx)
    assert re.findall(r'<tr data-user="([^"]+)">', page) == sorted(email for email, _ in emails)
    assert page.count('<span class="muted">never</span>') == 2

    email, user_id = emails[1]
    response = await console.post(f"/platform/users/deactivate?query={marker}", {"userId": user_id})
    assert_done(response, htmx, "/platform/users", f"{email} of ")
    users = (await other_tenant.gql(USERS)).ok()["users"]
    assert {"id": user_id, "email": email, "isActive": False} in users


async def test_the_last_admin_of_a_tenant_is_kept_and_the_row_says_why(
    console: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    email = (await tenant.gql("{ me { email } }")).ok()["me"]["email"]
    response = await console.post(
        f"/platform/users/deactivate?query={email}", {"userId": tenant.admin_id}
    )
    page = assert_rendered(response, htmx, status=409)
    assert '<p class="alert" role="alert">a tenant must keep at least one active admin</p>' in page


@pytest.mark.parametrize("role", ["ADMIN", "VIEWER"])
async def test_the_console_does_not_exist_for_anyone_else(
    browser: DashboardClient, htmx: bool, tenant: TenantHandle, role: str
) -> None:
    browser.use_session(await tenant.token_for(role))
    tenant_id = (await tenant.gql(TENANT_ID)).ok()["tenant"]["id"]
    viewer_id, _ = await tenant.user("VIEWER")

    for path in [*PAGES, f"/platform/tenants/{tenant_id}"]:
        response = await browser.get(path)
        assert response.status_code == 404, (path, response.text[:200])
        assert "There is no page at this address." in response.text
    posts = {
        "/platform/tenants/new": {"name": "Nope", "adminEmail": "a@example.com"},
        f"/platform/tenants/{tenant_id}/max-users": {"tenantId": tenant_id, "maxUsers": "99"},
        "/platform/users/deactivate": {"userId": viewer_id},
    }
    for path, form in posts.items():
        assert (await browser.post(path, form)).status_code == 404, path
    assert {"id": viewer_id, "isActive": True} in [
        {"id": user["id"], "isActive": user["isActive"]}
        for user in (await tenant.gql(USERS)).ok()["users"]
    ]
    assert (await tenant.gql("{ tenant { maxUsers } }")).ok()["tenant"]["maxUsers"] == 25


async def test_signed_out_the_console_asks_to_sign_in(browser: DashboardClient, htmx: bool) -> None:
    response = await browser.get("/platform/tenants")
    assert redirect_target(response, htmx).startswith("/sign-in")


async def test_a_form_without_its_csrf_token_changes_nothing(
    console: DashboardClient, superadmin: Superadmin
) -> None:
    marker = _marker()
    form = {"name": f"Forged {marker}", "adminEmail": "x@example.com", "adminPassword": PASSWORD}
    response = await console.post("/platform/tenants/new", form, csrf="")
    assert response.status_code == 403
    assert await _tenant_by_slug(superadmin, f"forged-{marker}") == []
