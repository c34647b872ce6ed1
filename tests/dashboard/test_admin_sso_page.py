"""The single sign-on admin page: the configuration as it is (never the client secret), saved
from the form, refusals beside their fields, and where members sign in."""

from __future__ import annotations

from tests.dashboard.client import DashboardClient, assert_done, assert_rendered
from tests.support.graphql import PASSWORD, TenantHandle
from tests.support.sso import TENANT_SSO, audit_diffs

FORM = {
    "enabled": "on",
    "protocol": "OIDC",
    "issuer": "http://127.0.0.1:9/oidc",
    "clientId": "promptvault",
    "clientSecret": "secret-from-the-form",
    "emailDomains": "example.com, Corp.Example.org",
    "defaultRole": "REVIEWER",
    "roleClaim": "groups",
    "roleMapping": "prompt-admins = ADMIN\nPrompt Devs=developer\n",
    "passwordLoginForAdminsOnly": "on",
}


async def test_the_form_saves_the_configuration_and_shows_it_back(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    blank = assert_rendered(await admin.get("/admin/sso"), htmx)
    assert '<input type="checkbox" name="enabled">' in blank

    response = await admin.post("/admin/sso", FORM)

    assert_done(response, htmx, "/admin/sso", "Single sign-on is saved.")
    sso = (await tenant.gql(TENANT_SSO)).ok()["tenant"]["sso"]
    assert sso["emailDomains"] == ["corp.example.org", "example.com"]
    assert sso["roleMapping"] == {"prompt-admins": "ADMIN", "Prompt Devs": "DEVELOPER"}
    assert (sso["enabled"], sso["passwordLoginForAdminsOnly"]) == (True, True)
    page = assert_rendered(await admin.get("/admin/sso"), htmx)
    assert "secret-from-the-form" not in page
    assert f"/auth/sso/{tenant.slug}/callback</code>" in page
    assert 'name="enabled" checked>' in page
    assert "<code>tenant.sso_update</code>" in page

    # Saved again with the secret left empty: the stored one stays.
    again = await admin.post("/admin/sso", {**FORM, "clientSecret": ""})
    assert_done(again, htmx, "/admin/sso", "Single sign-on is saved.")
    [kept, first] = await audit_diffs(tenant, "tenant.sso_update")
    assert (first["client_secret_changed"], kept["client_secret_changed"]) == (True, False)


async def test_a_refusal_is_shown_beside_its_field_and_saves_nothing(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    for field, value, reason in [
        ("issuer", "ftp://idp.example.com", "issuer must be an https URL"),
        ("roleMapping", "prompt-admins = OWNER", "which is not a role"),
        ("roleMapping", "just a group", "is not of the form: group = ROLE"),
    ]:
        response = await admin.post("/admin/sso", {**FORM, field: value})
        page = assert_rendered(response, htmx, status=400)
        assert f'id="error-{field}">' in page
        assert reason in page
    assert (await tenant.gql(TENANT_SSO)).ok()["tenant"]["sso"] is None


async def test_where_passwords_are_for_admins_only_the_sign_in_form_says_to_use_sso(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    assert_done(
        await admin.post("/admin/sso", FORM), htmx, "/admin/sso", "Single sign-on is saved."
    )
    email = f"viewer-{tenant.slug[-6:]}@example.com"
    await tenant.gql(
        "mutation($input: CreateUserInput!) { createUser(input: $input) { id } }",
        {"input": {"email": email, "password": PASSWORD, "role": "VIEWER"}},
    )

    response = await admin.post(
        "/sign-in", {"tenant": tenant.slug, "email": email, "password": PASSWORD}
    )

    page = assert_rendered(response, htmx, status=403)
    assert "this organisation signs in with single sign-on" in page
    assert "promptvault_session" not in response.headers.get("set-cookie", "")
