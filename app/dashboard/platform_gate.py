"""What every page of the platform console shares: only a platform superadmin finds them (anyone
else signed in is told there is no such page, as for any address that does not exist), the page
around their partials, and the search and pager of their lists."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from app.dashboard.execution import signed_in_actor
from app.dashboard.filters import edges, filtered
from app.dashboard.forms import Form
from app.dashboard.middleware import sign_in_again
from app.dashboard.rendering import not_found_page

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


async def listing(
    request: Request, operation: str, field: str, **variables: Any
) -> tuple[dict[str, Any], Form, list[dict[str, Any]]]:
    """A list page's data, its search and pager as a form (a refused cursor shown beside it), and
    the nodes of its connection `field`."""
    filters = Form(
        {name: request.query_params.get(name, "").strip() for name in ("query", "after")}
    )
    variables.update(
        first=PAGE_SIZE, query=filters.optional("query"), after=filters.optional("after")
    )
    data = await filtered(request, operation, variables, filters)
    return data, filters, edges(data, field)
