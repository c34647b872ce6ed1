"""The platform console's tenants: searched and paged with their user counts, limits and creation
dates; a new tenant with its first admin; one tenant's page with its users and its user limit."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.dashboard.execution import run_operation
from app.dashboard.filters import edges
from app.dashboard.forms import INPUT_CODES, Form
from app.dashboard.page_actions import FormPage, Outcome
from app.dashboard.platform_gate import PAGE_SIZE, PLATFORM_PAGE, list_page, superadmins_only
from app.dashboard.rendering import render


async def show_tenant(request: Request, outcome: Outcome) -> Response:
    variables = {
        "id": request.path_params["tenant_id"],
        "first": PAGE_SIZE,
        "after": request.query_params.get("after") or None,
    }
    data = await run_operation(request, "PlatformTenant", variables)
    return render(
        request,
        PLATFORM_PAGE,
        "platform/_tenant.html",
        status_code=outcome.status_code,
        platform_page="tenant",
        me=data["me"],
        tenant=data["node"],
        users=edges(data, "platformUsers"),
        page_info=data["platformUsers"]["pageInfo"],
        outcome=outcome,
    )


def _new_tenant(form: Form) -> dict[str, Any]:
    return {
        "input": {
            "name": form.value("name"),
            "slug": form.optional("slug"),
            "maxUsers": form.whole_number("maxUsers"),
            "adminEmail": form.value("adminEmail"),
            "adminPassword": form.value("adminPassword"),
        }
    }


def _max_users(form: Form) -> dict[str, Any]:
    max_users = form.whole_number("maxUsers")
    if max_users is None and not form.errors:
        form.refuse("maxUsers", "maxUsers is required")
    return {"tenantId": form.value("tenantId"), "maxUsers": max_users}


TENANTS = FormPage(
    list_page("PlatformTenants", "tenants", "tenants"), "platform_tenants", on_page=INPUT_CODES
)
CREATE = TENANTS.action(
    "PlatformCreateTenant",
    _new_tenant,
    lambda data: "{name} is created; its admin signs in to the tenant {slug}.".format(
        **data["createTenant"]
    ),
)
TENANT = FormPage(show_tenant, "platform_tenant", on_page=INPUT_CODES)
SET_MAX_USERS = TENANT.action(
    "PlatformSetMaxUsers",
    _max_users,
    lambda data: "{name} may now have {maxUsers} active users.".format(**data["setTenantMaxUsers"]),
)

ROUTES = [
    Route("/platform/tenants", superadmins_only(TENANTS.view), name="platform_tenants"),
    Route(
        "/platform/tenants/new",
        superadmins_only(CREATE.view),
        methods=["POST"],
        name="platform_tenant_create",
    ),
    Route("/platform/tenants/{tenant_id}", superadmins_only(TENANT.view), name="platform_tenant"),
    Route(
        "/platform/tenants/{tenant_id}/max-users",
        superadmins_only(SET_MAX_USERS.view),
        methods=["POST"],
        name="platform_tenant_max_users",
    ),
]
