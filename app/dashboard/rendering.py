"""Responses of the dashboard: the one layout switch, redirects that htmx follows, and the pages
that explain a refusal."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from app.core.actor import Role
from app.core.permissions import ROLE_PERMISSIONS
from app.dashboard.csrf import page_token
from app.dashboard.execution import acting_superadmin
from app.dashboard.site import dashboard_of


def is_htmx(request: Request) -> bool:
    # htmx restoring a page missing from its history cache needs the whole page.
    return (
        request.headers.get("hx-request") == "true"
        and request.headers.get("hx-history-restore-request") != "true"
    )


def abilities(me: dict[str, Any] | None) -> frozenset[str]:
    """What the signed-in user's role may do (core/permissions.py), by Permission name: the
    templates show only the buttons it allows. GraphQL checks again whatever is sent."""
    if not me:
        return frozenset()
    return frozenset(permission.name for permission in ROLE_PERMISSIONS[Role[me["role"]]])


def render(
    request: Request, page: str, partial: str, *, status_code: int = 200, **context: Any
) -> Response:
    """The layout switch: an htmx request gets the partial alone, any other the full page,
    which includes the same partial."""
    dashboard = dashboard_of(request)
    csrf = page_token(request, dashboard.settings.secret_key)
    response = dashboard.templates.TemplateResponse(
        request,
        partial if is_htmx(request) else page,
        {
            **context,
            "csrf_token": csrf.token,
            "can": abilities(context.get("me")),
            "superadmin": acting_superadmin(request),
        },
        status_code=status_code,
        headers={"vary": "HX-Request"},
    )
    csrf.remember(response, dashboard.settings)
    return response


def redirect(request: Request, url: str) -> Response:
    """After a change: htmx loads `url` as a new page (HX-Redirect); a plain form gets a 303."""
    if is_htmx(request):
        return Response(headers={"hx-redirect": url})
    return RedirectResponse(url, status_code=303)


def not_found_page(request: Request) -> Response:
    return message_page(
        request, status_code=404, title="Not found", message="There is no page at this address."
    )


def message_page(request: Request, *, status_code: int, title: str, message: str) -> Response:
    return render(
        request,
        "errors/page.html",
        "errors/_message.html",
        status_code=status_code,
        title=title,
        message=message,
    )
