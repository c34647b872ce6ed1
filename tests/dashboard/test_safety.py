"""CSRF tokens on every change, cookie flags, prompt bodies shown as text, pages that no other
site may frame."""

from __future__ import annotations

import dataclasses
import html

import httpx
import pytest

from app.main import create_app
from app.settings import load_settings
from tests.dashboard.client import DashboardClient, assert_rendered
from tests.support.graphql import PASSWORD, GraphQLClient, TenantHandle
from tests.support.registry import CREATE_VERSION, make_asset

ASSETS = "{ assets { edges { node { name } } } }"
SCRIPT = "<script>alert(1)</script>"


async def _asset_names(tenant: TenantHandle) -> list[str]:
    edges = (await tenant.gql(ASSETS)).ok()["assets"]["edges"]
    return [edge["node"]["name"] for edge in edges]


@pytest.mark.parametrize(
    "token", ["", "0" * 64, "not-even-hex"], ids=["missing", "wrong", "malformed"]
)
async def test_a_change_without_the_right_csrf_token_is_refused_and_changes_nothing(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle, token: str
) -> None:
    response = await admin.post("/new-asset", {"name": "forged", "title": "Forged"}, csrf=token)
    page = assert_rendered(response, htmx, status=403)
    assert "This form has expired" in page
    assert await _asset_names(tenant) == []


async def test_a_csrf_token_of_another_session_is_refused(
    app: object, admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    async with DashboardClient.for_app(app) as other:
        other.use_session(await tenant.token_for("DEVELOPER"))
        theirs = await other.csrf_token()
    response = await admin.post("/new-asset", {"name": "forged", "title": "Forged"}, csrf=theirs)
    assert response.status_code == 403
    assert await _asset_names(tenant) == []


async def test_htmx_sends_the_csrf_token_in_a_header(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    token = await admin.csrf_token()
    response = await admin.post(
        "/new-asset",
        {"name": "by-header", "title": "By header"},
        csrf="",
        headers={"x-csrf-token": token},
    )
    assert response.status_code == (200 if htmx else 303)
    assert await _asset_names(tenant) == ["by-header"]


async def test_signing_in_without_the_csrf_token_is_refused(
    browser: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    response = await browser.post("/sign-in", {"tenant": tenant.slug}, csrf="")
    assert response.status_code == 403
    assert "promptvault_session" not in response.headers.get("set-cookie", "")


async def test_the_session_cookie_is_secure_when_the_site_is_https(
    tenant: TenantHandle,
) -> None:
    https_app = create_app(dataclasses.replace(load_settings(), https=True))
    async with DashboardClient.for_app(https_app, scheme="https") as browser:
        email = f"dev-{tenant.slug[-6:]}@example.com"
        await tenant.api(
            "mutation($input: CreateUserInput!) { createUser(input: $input) { id } }",
            {"input": {"email": email, "password": PASSWORD, "role": "DEVELOPER"}},
            token=tenant.token,
        )
        response = await browser.post(
            "/sign-in", {"tenant": tenant.slug, "email": email, "password": PASSWORD}
        )
    assert response.status_code == 303
    cookies = response.headers.get_list("set-cookie")
    session = next(cookie for cookie in cookies if cookie.startswith("promptvault_session="))
    assert "secure" in session.lower() and "httponly" in session.lower()


async def test_a_prompt_body_is_shown_as_text_never_as_html(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    asset = await make_asset(tenant, versions=0, name="xss-probe")
    created = await tenant.gql(
        CREATE_VERSION, {"assetId": asset.id, "input": {"body": SCRIPT, "message": SCRIPT}}
    )
    created.ok()
    page = assert_rendered(await admin.get(f"/assets/{asset.name}"), htmx)
    assert SCRIPT not in page
    assert f'<pre class="body">{html.escape(SCRIPT, quote=False)}</pre>' in page.replace(
        "&#34;", '"'
    ).replace("&#39;", "'")
    form = assert_rendered(await admin.get(f"/assets/{asset.name}/versions/new"), htmx)
    assert SCRIPT not in form and html.escape(SCRIPT) in form


def _assert_unframeable(response: httpx.Response) -> None:
    assert response.headers.get("x-frame-options") == "DENY", response.url
    assert "frame-ancestors 'none'" in response.headers.get("content-security-policy", "")
    assert response.headers.get("x-content-type-options") == "nosniff", response.url


async def test_no_page_can_be_framed_or_sniffed(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle, api: GraphQLClient
) -> None:
    """The signed-in asset page with its Activate button, framed by another site, could be
    clicked through (clickjacking): every answer forbids framing and MIME sniffing."""
    asset = await make_asset(tenant, versions=1, name="frame-probe")
    for path in ("/assets", f"/assets/{asset.name}", "/sign-in", "/static/js/dashboard.js"):
        _assert_unframeable(await admin.get(path))
    graphiql = await api.http.get("/graphql", headers={"accept": "text/html"})
    assert graphiql.status_code == 200 and "Promptvault GraphiQL" in graphiql.text
    _assert_unframeable(graphiql)
    _assert_unframeable(await api.http.post("/graphql", json={"query": "{ __typename }"}))
