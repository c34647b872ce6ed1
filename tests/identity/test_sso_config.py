"""A tenant's single sign-on configuration through GraphQL: what admins set and read, what is
refused and why (nothing lost), the client secret never shown or audited, another tenant's
configuration invisible, and password sign-in for admins only."""

from __future__ import annotations

import json

from tests.support.graphql import LOGIN, PASSWORD, GraphQLClient, TenantHandle
from tests.support.platform import superadmin_token
from tests.support.sso import TENANT_SSO, UPDATE_TENANT_SSO, audit_diffs, configure_sso, oidc_input

ISSUER = "http://127.0.0.1:9/oidc"


async def test_an_admin_configures_oidc_and_reads_it_back(tenant: TenantHandle) -> None:
    config = await configure_sso(
        tenant,
        oidc_input(
            ISSUER + "/",
            emailDomains=["@Example.COM ", "corp.example.org."],
            roleMapping={"prompt-devs": "developer", "prompt-admins": "ADMIN"},
        ),
    )

    read = (await tenant.gql(TENANT_SSO)).ok()["tenant"]["sso"]
    assert read == config
    assert config["issuer"] == ISSUER
    assert config["emailDomains"] == ["corp.example.org", "example.com"]
    assert config["roleMapping"] == {"prompt-devs": "DEVELOPER", "prompt-admins": "ADMIN"}
    assert config["loginUrl"] == f"http://127.0.0.1/auth/sso/{tenant.slug}"
    assert config["passwordLoginForAdminsOnly"] is False


async def test_the_client_secret_is_never_returned_or_audited(tenant: TenantHandle) -> None:
    await configure_sso(tenant, oidc_input(ISSUER, clientSecret="very-secret-value"))
    no_secret = oidc_input(ISSUER, defaultRole="REVIEWER")
    del no_secret["clientSecret"]
    await configure_sso(tenant, no_secret)

    asked = await tenant.gql("query { tenant { sso { clientSecret } } }")
    assert asked.code == "BAD_USER_INPUT"  # no such field
    [second, first] = await audit_diffs(tenant, "tenant.sso_update")
    assert "very-secret-value" not in json.dumps([first, second])
    assert first["client_secret_changed"] is True
    assert first["after"]["issuer"] == ISSUER
    assert second["client_secret_changed"] is False
    assert second["before"] == {"default_role": "viewer"}
    assert second["after"] == {"default_role": "reviewer"}


async def test_a_bad_configuration_is_refused_naming_the_field_and_loses_nothing(
    tenant: TenantHandle,
) -> None:
    kept = await configure_sso(tenant, oidc_input(ISSUER))
    refusals = {
        "issuer": [
            {"issuer": "ftp://idp.example.com"},
            {"issuer": "http://idp.example.com"},  # http only on this host
            {"issuer": ""},
        ],
        "emailDomains": [{"emailDomains": ["not a domain"]}],
        "roleMapping": [{"roleMapping": {"prompt-owners": "OWNER"}}, {"roleMapping": ["ADMIN"]}],
        "clientId": [{"clientId": None}],
        "samlMetadataXml": [
            {"protocol": "SAML", "issuer": "urn:idp", "samlMetadataXml": None},
            {"protocol": "SAML", "issuer": "urn:idp", "samlMetadataXml": "<not-metadata"},
        ],
    }
    for field, changes in refusals.items():
        for change in changes:
            given = {**oidc_input(ISSUER), **change}
            result = await tenant.gql(UPDATE_TENANT_SSO, {"input": given})
            assert result.code == "BAD_USER_INPUT", (change, result.errors)
            assert result.errors[0]["extensions"]["field"] == field, change

    assert (await tenant.gql(TENANT_SSO)).ok()["tenant"]["sso"] == kept


async def test_only_admins_configure_or_read_it(tenant: TenantHandle) -> None:
    await configure_sso(tenant, oidc_input(ISSUER))
    for role in ("DEVELOPER", "REVIEWER", "VIEWER"):
        changed = await tenant.gql(UPDATE_TENANT_SSO, {"input": oidc_input(ISSUER)}, role=role)
        assert changed.code == "FORBIDDEN", role
        read = await tenant.gql(TENANT_SSO, role=role)
        assert read.code == "FORBIDDEN", role
        assert read.data and read.data["tenant"]["sso"] is None


async def test_another_tenants_configuration_is_invisible(
    tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    await configure_sso(tenant, oidc_input(ISSUER))

    assert (await other_tenant.gql(TENANT_SSO)).ok()["tenant"]["sso"] is None
    assert await audit_diffs(other_tenant, "tenant.sso_update") == []


async def _login(api: GraphQLClient, tenant: TenantHandle, email: str, password: str) -> str | None:
    result = await api(
        LOGIN, {"input": {"tenant": tenant.slug, "email": email, "password": password}}
    )
    return result.code


async def test_password_sign_in_for_admins_only(api: GraphQLClient, tenant: TenantHandle) -> None:
    developer = f"developer-{tenant.slug[-6:]}@example.com"
    await tenant.gql(
        "mutation($input: CreateUserInput!) { createUser(input: $input) { id } }",
        {"input": {"email": developer, "password": PASSWORD, "role": "DEVELOPER"}},
    )
    admin_email = (await tenant.gql("query { me { email } }")).ok()["me"]["email"]
    await configure_sso(tenant, oidc_input(ISSUER, passwordLoginForAdminsOnly=True))

    assert await _login(api, tenant, developer, PASSWORD) == "SSO_REQUIRED"
    # A wrong password is refused as ever: the answer tells nothing of the account's role.
    assert await _login(api, tenant, developer, "wrong-password-1") == "UNAUTHENTICATED"
    assert await _login(api, tenant, admin_email, PASSWORD) is None

    # With single sign-on turned off, passwords work again for everyone.
    await configure_sso(tenant, oidc_input(ISSUER, passwordLoginForAdminsOnly=True, enabled=False))
    assert await _login(api, tenant, developer, PASSWORD) is None


async def test_a_password_sign_in_is_the_users_last_sign_in(
    api: GraphQLClient, tenant: TenantHandle
) -> None:
    _, token = await tenant.new_user("VIEWER")
    me = (await api("query { me { lastLoginAt ssoSubject } }", token=token)).ok()["me"]
    assert me["lastLoginAt"] is not None
    assert me["ssoSubject"] is None


async def test_a_superadmin_sees_no_other_tenants_configuration(
    api: GraphQLClient, tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    await configure_sso(tenant, oidc_input(ISSUER))
    token = await superadmin_token(api, other_tenant, f"super-{other_tenant.slug}@example.com")

    listed = await api(
        "query($q: String) { tenants(query: $q) { edges { node { slug sso { issuer } } } } }",
        {"q": tenant.slug},
        token=token,
    )
    assert listed.ok()["tenants"]["edges"] == [{"node": {"slug": tenant.slug, "sso": None}}]
