"""OpenID Connect sign-in against a real OpenID provider (oidc-provider under node, on loopback),
driven through its login and consent pages by chromium: just-in-time accounts, roles mapped from
the groups claim and updated on a later sign-in, a key rotation at the provider, and each refusal
shown on a page, audited, with no session."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, expect

from tests.dashboard.browser import browser_context
from tests.support.databases import ThrowawayDatabase
from tests.support.graphql import LOGIN, GraphQLClient, TenantHandle
from tests.support.oidc_provider import OpenIdProvider, running_openid_provider
from tests.support.server import isolated_server
from tests.support.sso import audit_diffs, configure_sso, oidc_input

USERS = "query { users { email name role isActive ssoSubject lastLoginAt } }"


@pytest.fixture(scope="module")
def server(database: ThrowawayDatabase, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with isolated_server(database.dialect, tmp_path_factory.mktemp("oidc-server"), {}) as running:
        yield running.url


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OpenIdProvider]:
    with running_openid_provider(tmp_path_factory.mktemp("oidc-provider")) as running:
        yield running


@pytest.fixture
async def remote(server: str) -> AsyncIterator[GraphQLClient]:
    async with GraphQLClient.for_url(server) as client:
        yield client


@dataclass
class SsoTenant:
    """A tenant of the server signing in with the test provider, with a client of its own."""

    handle: TenantHandle
    provider: OpenIdProvider
    server: str

    def account(self, *, groups: tuple[str, ...] = (), domain: str = "example.com") -> str:
        """A new account at the provider; answers its login (also its subject)."""
        login = f"person-{uuid.uuid4().hex[:8]}"
        self.provider.add_account(login, f"{login}@{domain}", groups=groups, name="Ada Person")
        return login

    async def users(self) -> dict[str, dict[str, Any]]:
        users = (await self.handle.gql(USERS)).ok()["users"]
        return {user["email"]: user for user in users}


@pytest.fixture
async def sso_tenant(remote: GraphQLClient, server: str, provider: OpenIdProvider) -> SsoTenant:
    handle = await TenantHandle.register(remote)
    client_id = f"promptvault-{handle.slug}"
    provider.add_client(client_id, "client-secret-1", f"{server}/auth/sso/{handle.slug}/callback")
    await configure_sso(handle, oidc_input(provider.issuer, clientId=client_id))
    return SsoTenant(handle=handle, provider=provider, server=server)


@dataclass(frozen=True)
class Landing:
    """Where a sign-in ended: the address, the page's text, and whether a session was kept."""

    url: str
    text: str
    has_session: bool


async def _sign_in(chromium: Browser, tenant: SsoTenant, login: str) -> Landing:
    """Signs in as `login` from the sign-in page's SSO form, through the provider's login and
    consent pages, in a browser of its own."""
    async with browser_context(chromium, tenant.server) as context:
        page = await context.new_page()
        await page.goto(f"/sign-in?tenant={tenant.handle.slug}")
        await page.get_by_role("button", name="Sign in with SSO").click()
        await page.fill('input[name="login"]', login)
        await page.fill('input[name="password"]', "any password")
        await page.get_by_role("button", name="Sign-in").click()
        await page.get_by_role("button", name="Continue").click()  # consent
        await page.wait_for_url(f"{tenant.server}/**")
        await expect(page.locator("h1").first).to_be_visible()
        cookies = await context.cookies(tenant.server)
        return Landing(
            url=page.url,
            text=await page.locator("body").inner_text(),
            has_session=any(cookie["name"] == "promptvault_session" for cookie in cookies),
        )


async def test_a_first_sign_in_creates_the_account_and_a_later_one_updates_its_role(
    chromium: Browser, sso_tenant: SsoTenant, remote: GraphQLClient
) -> None:
    login = sso_tenant.account(groups=("prompt-devs", "staff"))
    email = f"{login}@example.com"

    landing = await _sign_in(chromium, sso_tenant, login)
    assert landing.has_session
    assert landing.url == f"{sso_tenant.server}/assets"
    assert email in landing.text
    user = (await sso_tenant.users())[email]
    assert (user["role"], user["ssoSubject"], user["name"]) == ("DEVELOPER", login, "Ada Person")
    assert user["lastLoginAt"] is not None

    # The provider moves them to the admins' group: the next sign-in makes them an admin.
    sso_tenant.provider.add_account(login, email, groups=("prompt-admins", "prompt-devs"))
    assert (await _sign_in(chromium, sso_tenant, login)).has_session
    assert (await sso_tenant.users())[email]["role"] == "ADMIN"

    [second, first] = await audit_diffs(sso_tenant.handle, "sso.sign_in")
    assert first == {"protocol": "oidc", "created": True, "role": "developer"}
    assert second == {"protocol": "oidc", "created": False, "role": "admin"}
    [promoted] = await audit_diffs(sso_tenant.handle, "user.update_role")
    assert promoted["after"] == {"role": "admin"}
    # An account made by single sign-on has no password that signs in.
    refused = await remote(
        LOGIN, {"input": {"tenant": sso_tenant.handle.slug, "email": email, "password": ""}}
    )
    assert refused.code == "UNAUTHENTICATED"


async def test_without_a_mapped_group_the_default_role_applies(
    chromium: Browser, sso_tenant: SsoTenant
) -> None:
    login = sso_tenant.account(groups=("staff",))
    assert (await _sign_in(chromium, sso_tenant, login)).has_session
    assert (await sso_tenant.users())[f"{login}@example.com"]["role"] == "VIEWER"


async def test_the_provider_rotating_its_signing_key_still_signs_in(
    chromium: Browser, sso_tenant: SsoTenant
) -> None:
    login = sso_tenant.account()
    assert (await _sign_in(chromium, sso_tenant, login)).has_session  # its keys are now cached
    sso_tenant.provider.rotate_keys()

    landing = await _sign_in(chromium, sso_tenant, login)
    assert landing.has_session
    assert landing.url == f"{sso_tenant.server}/assets"


def _assert_refused(landing: Landing, reason: str) -> None:
    assert not landing.has_session
    assert "Single sign-on failed" in landing.text
    assert reason in landing.text


async def test_an_email_domain_not_allowed_is_refused(
    chromium: Browser, sso_tenant: SsoTenant
) -> None:
    login = sso_tenant.account(domain="elsewhere.org", groups=("prompt-admins",))
    landing = await _sign_in(chromium, sso_tenant, login)

    _assert_refused(landing, "the email domain elsewhere.org is not allowed")
    assert f"{login}@elsewhere.org" not in await sso_tenant.users()
    [refusal] = await audit_diffs(sso_tenant.handle, "sso.sign_in_refused")
    assert refusal["email"] == f"{login}@elsewhere.org"
    assert "elsewhere.org is not allowed" in refusal["reason"]


async def test_a_deactivated_user_is_refused(chromium: Browser, sso_tenant: SsoTenant) -> None:
    login = sso_tenant.account()
    assert (await _sign_in(chromium, sso_tenant, login)).has_session
    users = (await sso_tenant.handle.gql("query { users { id email } }")).ok()["users"]
    [target] = [user["id"] for user in users if user["email"] == f"{login}@example.com"]
    await sso_tenant.handle.gql(
        "mutation($id: ID!) { deactivateUser(userId: $id) { isActive } }", {"id": target}
    )

    _assert_refused(await _sign_in(chromium, sso_tenant, login), "is deactivated")


async def test_a_disabled_configuration_or_an_unknown_tenant_signs_no_one_in(
    sso_tenant: SsoTenant, provider: OpenIdProvider
) -> None:
    await configure_sso(sso_tenant.handle, oidc_input(provider.issuer, clientId="x", enabled=False))
    async with httpx.AsyncClient(base_url=sso_tenant.server) as http:
        disabled = await http.get(f"/auth/sso/{sso_tenant.handle.slug}")
        unknown = await http.get(f"/auth/sso/no-such-{uuid.uuid4().hex[:6]}")
        callback = await http.get(f"/auth/sso/{sso_tenant.handle.slug}/callback?code=x&state=y")

    assert disabled.status_code == 403
    assert "single sign-on is turned off" in disabled.text
    assert unknown.status_code == 404
    assert "that signs in with single sign-on" in unknown.text
    assert callback.status_code == 403
    for response in (disabled, unknown, callback):
        assert "promptvault_session" not in response.cookies
    reasons = [
        diff["reason"] for diff in await audit_diffs(sso_tenant.handle, "sso.sign_in_refused")
    ]
    assert reasons and all("turned off" in reason for reason in reasons)


async def test_a_callback_without_this_browsers_sign_in_is_refused(sso_tenant: SsoTenant) -> None:
    """A sign-in's answer sent to another browser (login CSRF) finds no sealed state there."""
    async with httpx.AsyncClient(base_url=sso_tenant.server) as http:
        response = await http.get(f"/auth/sso/{sso_tenant.handle.slug}/callback?code=x&state=y")
    assert response.status_code == 403
    assert "did not start this sign-in here" in response.text
    assert "promptvault_session" not in response.cookies


async def test_another_tenants_sign_in_cannot_finish_here(
    sso_tenant: SsoTenant, remote: GraphQLClient, server: str, provider: OpenIdProvider
) -> None:
    other = SsoTenant(await TenantHandle.register(remote), provider, server)
    async with httpx.AsyncClient(base_url=server) as http:
        started = await http.get(f"/auth/sso/{sso_tenant.handle.slug}")
        assert started.status_code == 303
        await configure_sso(other.handle, oidc_input(provider.issuer, clientId="other"))
        # The sealed state of a sign-in started for one tenant, presented at another's callback.
        cookie = started.cookies["promptvault_oidc"]
        answer = await http.get(
            f"/auth/sso/{other.handle.slug}/callback?code=x&state=y",
            headers={"cookie": f"promptvault_oidc={cookie}"},
        )
    assert answer.status_code == 403
    assert "started for another organisation" in answer.text
    assert "promptvault_session" not in answer.cookies
