"""Sign in, register a tenant, sign out: the session cookie and what it opens."""

from __future__ import annotations

import uuid

import httpx

from tests.dashboard.client import DashboardClient, assert_rendered, redirect_target
from tests.support.graphql import PASSWORD, GraphQLClient, TenantHandle

ME = "{ me { email } }"


def _session_cookie(response: httpx.Response) -> str:
    [cookie] = [
        header
        for header in response.headers.get_list("set-cookie")
        if header.startswith("promptvault_session=")
    ]
    return cookie


# Browsers drop tabs and newlines from a URL and read a backslash as a slash, so each of these
# lands on another site or breaks the answer's headers.
OFF_SITE_NEXTS = (
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example",
    "/\t/evil.example/phish",
    "/\n/evil.example/phish",
    "/\r/evil.example/phish",
    "\t//evil.example/phish",
    "/assets\r\nSet-Cookie: stolen=1",
    "/assets\\..\\..",
    "/assets\x00",
    "/assets\x7f",
    "/€",
    "assets",
    "javascript:alert(1)",
)


async def _register(browser: DashboardClient) -> tuple[str, str]:
    """A new tenant, registered through the page: its slug and its admin's email."""
    name = f"Dash {uuid.uuid4().hex[:8]}"
    email = f"owner-{uuid.uuid4().hex[:6]}@example.com"
    response = await browser.post(
        "/register", {"tenantName": name, "email": email, "password": PASSWORD}
    )
    assert redirect_target(response, browser.htmx) == "/assets"
    return name.lower().replace(" ", "-"), email


async def test_the_sign_in_page_has_a_labelled_field_for_each_input(
    browser: DashboardClient, htmx: bool
) -> None:
    page = assert_rendered(await browser.get("/sign-in"), htmx)
    for name in ("tenant", "email", "password"):
        assert f'<label for="field-{name}">' in page
        assert f'id="field-{name}" name="{name}"' in page


async def test_signing_in_sets_an_http_only_same_site_session_cookie(
    browser: DashboardClient, htmx: bool, api: GraphQLClient
) -> None:
    slug, email = await _register(browser)
    browser.http.cookies.clear()
    response = await browser.post(
        "/sign-in",
        {"tenant": slug, "email": email, "password": PASSWORD, "next": "/assets?q=x"},
    )
    assert redirect_target(response, htmx) == "/assets?q=x"
    cookie = _session_cookie(response).lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie
    assert "secure" not in cookie  # PROMPTVAULT_HTTPS is off in the tests
    token = response.cookies["promptvault_session"]
    assert (await api(ME, token=token)).ok()["me"]["email"] == email
    page = assert_rendered(await browser.get("/assets"), htmx)
    assert "No assets yet." in page


async def test_sign_in_does_not_follow_a_next_address_off_the_site(
    browser: DashboardClient, htmx: bool
) -> None:
    slug, email = await _register(browser)
    for away in OFF_SITE_NEXTS:
        response = await browser.post(
            "/sign-in", {"tenant": slug, "email": email, "password": PASSWORD, "next": away}
        )
        assert redirect_target(response, htmx) == "/assets", repr(away)


async def test_a_wrong_password_is_refused_beside_the_form_keeping_what_was_typed(
    browser: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    response = await browser.post(
        "/sign-in", {"tenant": tenant.slug, "email": "nobody@example.com", "password": "wrong-one!"}
    )
    page = assert_rendered(response, htmx, status=401)
    assert "invalid tenant, email or password" in page
    assert 'value="nobody@example.com"' in page
    assert "wrong-one!" not in page
    assert "promptvault_session" not in response.headers.get("set-cookie", "")


async def test_registering_a_tenant_signs_its_admin_in(
    browser: DashboardClient, htmx: bool
) -> None:
    _, email = await _register(browser)
    page = await browser.get("/assets", headers={"hx-request": "false"})
    assert email in page.text and "· admin ·" in page.text


async def test_a_short_password_is_refused_beside_its_field(
    browser: DashboardClient, htmx: bool
) -> None:
    response = await browser.post(
        "/register", {"tenantName": "Short Co", "email": "a@short.example", "password": "short"}
    )
    page = assert_rendered(response, htmx, status=400)
    assert 'id="error-password"' in page and "at least 10 characters" in page
    assert 'aria-invalid="true"' in page
    assert 'value="Short Co"' in page


async def test_signing_out_revokes_the_session_and_clears_the_cookie(
    browser: DashboardClient, htmx: bool, api: GraphQLClient
) -> None:
    await _register(browser)
    token = browser.http.cookies["promptvault_session"]
    response = await browser.post("/sign-out")
    assert redirect_target(response, htmx) == "/sign-in"
    assert 'promptvault_session=""' in _session_cookie(response)
    assert (await api(ME, token=token)).code == "UNAUTHENTICATED"
    # Were the cookie kept, the session would still be refused.
    browser.use_session(token)
    refused = await browser.get("/assets")
    assert _redirected_to_sign_in(refused, htmx)


def _redirected_to_sign_in(response: httpx.Response, htmx: bool) -> bool:
    target = response.headers.get("hx-redirect" if htmx else "location", "")
    return target.startswith("/sign-in")


async def test_pages_send_who_is_not_signed_in_to_sign_in_and_back(
    browser: DashboardClient, htmx: bool
) -> None:
    response = await browser.get("/assets")
    assert response.headers.get("hx-redirect" if htmx else "location") == "/sign-in?next=%2Fassets"
