"""Admin: the audit trail, newest first, paged, filtered by action and by actor."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.dashboard.filters import edges, filtered
from app.dashboard.forms import Form
from app.dashboard.page_actions import ADMIN_PAGE
from app.dashboard.rendering import render

PAGE_SIZE = 50


async def audit_trail(request: Request) -> Response:
    params = request.query_params
    filters = Form({name: params.get(name, "").strip() for name in ("action", "actorId", "after")})
    variables = {
        "first": PAGE_SIZE,
        "after": filters.optional("after"),
        "action": filters.optional("action"),
        "actorId": filters.optional("actorId"),
    }
    data = await filtered(request, "AuditTrail", variables, filters)
    return render(
        request,
        ADMIN_PAGE,
        "admin/_audit.html",
        status_code=filters.status_code,
        admin_page="audit",
        me=data["me"],
        actors=[("", "Anyone")] + [(user["id"], user["email"]) for user in data.get("users", [])],
        events=edges(data, "auditEvents"),
        page_info=(data.get("auditEvents") or {}).get("pageInfo"),
        filters=filters,
    )


ROUTES = [
    Route("/admin/audit", audit_trail, name="admin_audit"),
]
