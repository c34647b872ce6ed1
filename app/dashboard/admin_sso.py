"""Admin: the tenant's single sign-on, its identity provider (OIDC or SAML), who may sign in
with it and with which role, and whether passwords are for admins only; with where members start
a sign-in, the redirect URI or SP metadata to give the provider, and the recent changes."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.core.actor import Role
from app.dashboard.execution import run_operation
from app.dashboard.forms import INPUT_CODES, Form
from app.dashboard.page_actions import ADMIN_PAGE, FormPage, Outcome
from app.dashboard.rendering import render

PROTOCOLS = [("OIDC", "OpenID Connect"), ("SAML", "SAML 2.0")]
ROLES = [(role.name, role.name.lower()) for role in Role]
FLAGS = ("enabled", "passwordLoginForAdminsOnly")
# No SSO yet: the form starts from OpenID Connect, off, for viewers.
BLANK = {"protocol": "OIDC", "defaultRole": "VIEWER"}


def _sso_form(sso: dict[str, Any] | None) -> Form:
    """The form filled in with the configuration as it is (the client secret is never shown)."""
    if sso is None:
        return Form(dict(BLANK))
    values = {
        "protocol": sso["protocol"],
        "issuer": sso["issuer"],
        "clientId": sso["clientId"] or "",
        "emailDomains": ", ".join(sso["emailDomains"]),
        "defaultRole": sso["defaultRole"],
        "roleClaim": sso["roleClaim"] or "",
        "roleMapping": "\n".join(f"{value} = {role}" for value, role in sso["roleMapping"].items()),
    }
    values |= {flag: "on" for flag in FLAGS if sso[flag]}
    return Form(values)


def _role_mapping(form: Form) -> dict[str, str]:
    """One `claim value = ROLE` a line; GraphQL checks the roles."""
    mapping = {}
    for line in form.value("roleMapping").splitlines():
        value, equals, role = line.rpartition("=")
        if not line.strip():
            continue
        if not equals or not value.strip() or not role.strip():
            form.refuse("roleMapping", f"'{line.strip()}' is not of the form: group = ROLE")
            continue
        mapping[value.strip()] = role.strip().upper()
    return mapping


def _sso_input(form: Form) -> dict[str, Any]:
    given = {
        "protocol": form.value("protocol") or "OIDC",
        "issuer": form.value("issuer"),
        "clientId": form.optional("clientId"),
        "samlMetadataXml": form.optional("samlMetadataXml"),
        "emailDomains": [d.strip() for d in form.value("emailDomains").split(",") if d.strip()],
        "defaultRole": form.value("defaultRole") or "VIEWER",
        "roleClaim": form.optional("roleClaim"),
        "roleMapping": _role_mapping(form),
        # A checkbox left unchecked is not sent at all.
        **{flag: form.optional(flag) is not None for flag in FLAGS},
    }
    # Left empty, the stored secret stays.
    if form.optional("clientSecret"):
        given["clientSecret"] = form.value("clientSecret")
    return {"input": given}


async def show_sso(request: Request, outcome: Outcome) -> Response:
    data = await run_operation(request, "TenantSsoPage")
    posted = outcome.form_for("UpdateTenantSso")
    sso = data["tenant"]["sso"]
    return render(
        request,
        ADMIN_PAGE,
        "admin/_sso.html",
        status_code=outcome.status_code,
        admin_page="sso",
        outcome=outcome,
        me=data["me"],
        sso=sso,
        slug=data["tenant"]["slug"],
        auditEvents=data["auditEvents"],
        form=posted if posted.errors else _sso_form(sso),
        protocols=PROTOCOLS,
        roles=ROLES,
    )


SSO = FormPage(show_sso, "admin_sso", on_page=INPUT_CODES)
UPDATE = SSO.action("UpdateTenantSso", _sso_input, lambda data: "Single sign-on is saved.")

ROUTES = [
    Route("/admin/sso", SSO.view, name="admin_sso"),
    Route("/admin/sso", UPDATE.view, methods=["POST"], name="admin_sso_update"),
]
