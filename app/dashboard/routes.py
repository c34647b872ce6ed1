"""The dashboard's routes, composed from each resource's list, behind its middleware.

A new page: a module with its views and a ROUTES list, added below; its templates under
web/templates/<resource>/; its operations under graphql/operations/<domain>/; a nav entry in
web/templates/layout.html."""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.routing import BaseRoute, Mount, Router
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocketClose

from app.dashboard import (
    activations,
    admin_api_keys,
    admin_audit,
    admin_policy,
    admin_sso,
    admin_users,
    admin_webhooks,
    asset_page,
    assets,
    auth,
    change_requests,
    connections,
    enhance,
    platform_overview,
    platform_tenants,
    platform_users,
    playground,
    playground_runs,
    reviews,
    saml_routes,
    sso_routes,
    stats,
    version_reviews,
    versions,
)
from app.dashboard.middleware import CsrfProtection, OperationErrorPages
from app.dashboard.rendering import not_found_page

ROUTES: list[BaseRoute] = [
    *auth.ROUTES,
    *sso_routes.ROUTES,
    *saml_routes.ROUTES,
    *assets.ROUTES,
    *asset_page.ROUTES,
    *versions.ROUTES,
    *enhance.ROUTES,
    *activations.ROUTES,
    *version_reviews.ROUTES,
    *reviews.ROUTES,
    *change_requests.ROUTES,
    *stats.ROUTES,
    *connections.ROUTES,
    *playground.ROUTES,
    *playground_runs.ROUTES,
    *admin_users.ROUTES,
    *admin_api_keys.ROUTES,
    *admin_policy.ROUTES,
    *admin_sso.ROUTES,
    *admin_webhooks.ROUTES,
    *admin_audit.ROUTES,
    *platform_overview.ROUTES,
    *platform_tenants.ROUTES,
    *platform_users.ROUTES,
]


async def not_found(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] != "http":
        await WebSocketClose()(scope, receive, send)
        return
    await not_found_page(Request(scope, receive))(scope, receive, send)


def dashboard_routes() -> Mount:
    """The dashboard at `/`; last among the app's routes, it answers every path they do not."""
    return Mount(
        "",
        app=Router(routes=ROUTES, default=not_found),
        middleware=[Middleware(OperationErrorPages), Middleware(CsrfProtection)],
    )
