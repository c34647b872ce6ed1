"""Single sign-on through the API: a tenant's configuration set with updateTenantSso and read
with Tenant.sso, and the audit events of sign-ins."""

from __future__ import annotations

from typing import Any

from tests.support.graphql import TenantHandle

SSO_FIELDS = """
protocol enabled issuer clientId emailDomains defaultRole roleClaim roleMapping
passwordLoginForAdminsOnly loginUrl
"""
UPDATE_TENANT_SSO = f"""
mutation UpdateTenantSso($input: SsoConfigInput!) {{
  updateTenantSso(input: $input) {{ {SSO_FIELDS} }}
}}
"""
TENANT_SSO = f"query {{ tenant {{ slug sso {{ {SSO_FIELDS} }} }} }}"
AUDIT_EVENTS = """
query Audit($action: String) {
  auditEvents(first: 20, action: $action) { edges { node { action targetType diff } } }
}
"""


def oidc_input(issuer: str, **overrides: Any) -> dict[str, Any]:
    """An enabled OIDC configuration of `issuer` with a client, the domain example.com, and
    the groups claim mapped; `overrides` change any field."""
    return {
        "protocol": "OIDC",
        "enabled": True,
        "issuer": issuer,
        "clientId": "promptvault",
        "clientSecret": "client-secret-1",
        "emailDomains": ["example.com"],
        "defaultRole": "VIEWER",
        "roleClaim": "groups",
        "roleMapping": {"prompt-admins": "ADMIN", "prompt-devs": "DEVELOPER"},
        **overrides,
    }


async def configure_sso(tenant: TenantHandle, input: dict[str, Any]) -> dict[str, Any]:
    result = await tenant.gql(UPDATE_TENANT_SSO, {"input": input})
    config: dict[str, Any] = result.ok()["updateTenantSso"]
    return config


async def audit_diffs(tenant: TenantHandle, action: str) -> list[dict[str, Any]]:
    """The diffs of the tenant's latest events of this action, newest first."""
    result = await tenant.gql(AUDIT_EVENTS, {"action": action})
    return [edge["node"]["diff"] for edge in result.ok()["auditEvents"]["edges"]]
