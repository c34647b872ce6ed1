"""The platform console's users: every tenant's, searched by email or name and paged, with their
tenant, role and last sign-in; a superadmin deactivates one in any tenant."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.dashboard.forms import INPUT_CODES
from app.dashboard.page_actions import FormPage, Outcome
from app.dashboard.platform_gate import PLATFORM_PAGE, listing, superadmins_only
from app.dashboard.rendering import render


async def show_users(request: Request, outcome: Outcome) -> Response:
    data, filters, users = await listing(request, "PlatformUsers", "platformUsers")
    return render(
        request,
        PLATFORM_PAGE,
        "platform/_users.html",
        status_code=outcome.status_code if outcome.form.errors else filters.status_code,
        platform_page="users",
        me=data["me"],
        users=users,
        page_info=(data.get("platformUsers") or {}).get("pageInfo"),
        filters=filters,
        outcome=outcome,
    )


USERS = FormPage(show_users, "platform_users", on_page=INPUT_CODES)
DEACTIVATE = USERS.action(
    "PlatformDeactivateUser",
    lambda form: {"userId": form.value("userId")},
    lambda data: "{email} of {tenant} is deactivated and signed out.".format(
        email=data["deactivateUser"]["email"], tenant=data["deactivateUser"]["tenant"]["name"]
    ),
)

ROUTES = [
    Route("/platform/users", superadmins_only(USERS.view), name="platform_users"),
    Route(
        "/platform/users/deactivate",
        superadmins_only(DEACTIVATE.view),
        methods=["POST"],
        name="platform_user_deactivate",
    ),
]
