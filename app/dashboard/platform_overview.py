"""The platform console's first page: the platform's figures."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.dashboard.execution import run_operation
from app.dashboard.platform_gate import PLATFORM_PAGE, superadmins_only
from app.dashboard.rendering import render

FIGURES = [
    ("tenants", "Tenants"),
    ("users", "Active users"),
    ("activeUsers30d", "Signed in during the last 30 days"),
    ("assets", "Assets"),
    ("versions", "Versions"),
    ("executions24h", "Executions in the last 24 hours"),
]


@superadmins_only
async def overview(request: Request) -> Response:
    data = await run_operation(request, "PlatformOverview")
    return render(
        request,
        PLATFORM_PAGE,
        "platform/_overview.html",
        platform_page="overview",
        figures=FIGURES,
        **data,
    )


ROUTES = [Route("/platform", overview, name="platform")]
