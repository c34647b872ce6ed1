"""What every page of the platform console shares: only a platform superadmin finds them (anyone
else signed in is told there is no such page, as for any address that does not exist), the page
around their partials, and the search and pager of their lists."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import wraps

from starlette.requests import Request
from starlette.responses import Response

from app.dashboard.execution import signed_in_actor
from app.dashboard.filters import edges, filtered
from app.dashboard.forms import Form
from app.dashboard.middleware import sign_in_again
from app.dashboard.page_actions import Outcome, ShowPage
from app.dashboard.rendering import not_found_page, render

# Every platform page is this template around its partial, platform/_<platform_page>.html.
PLATFORM_PAGE = "platform/page.html"
PAGE_SIZE = 50

Endpoint = Callable[[Request], Awaitable[Response]]


def superadmins_only(endpoint: Endpoint) -> Endpoint:
    """GraphQL refuses the console to anyone else (FORBIDDEN); the page does not exist for them,
    and a form posted to it runs nothing (deactivateUser, say, would within their own tenant)."""

    @wraps(endpoint)
    async def gated(request: Request) -> Response:
        actor = await signed_in_actor(request)
        if actor is None:
            return sign_in_again(request)
        if not actor.is_superadmin:
            return not_found_page(request)
        return await endpoint(request)

    return gated


def list_page(operation: str, field: str, platform_page: str) -> ShowPage:
    """A searched and paged list of the console: `operation` answers the connection `field`, whose
    nodes platform/_<platform_page>.html reads by that same name, with its search and pager as a
    form (a refused cursor shown beside it) and the outcome of the page's forms."""

    async def show(request: Request, outcome: Outcome) -> Response:
        params = request.query_params
        filters = Form({name: params.get(name, "").strip() for name in ("query", "after")})
        variables = {
            "first": PAGE_SIZE,
            "query": filters.optional("query"),
            "after": filters.optional("after"),
        }
        data = await filtered(request, operation, variables, filters)
        return render(
            request,
            PLATFORM_PAGE,
            f"platform/_{platform_page}.html",
            status_code=outcome.status_code if outcome.form.errors else filters.status_code,
            platform_page=platform_page,
            me=data["me"],
            page_info=(data.get(field) or {}).get("pageInfo"),
            filters=filters,
            outcome=outcome,
            **{platform_page: edges(data, field)},
        )

    return show
