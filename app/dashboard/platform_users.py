"""The platform console's users: every tenant's, searched by email or name and paged, with their
tenant, role and last sign-in; a superadmin deactivates one in any tenant."""

from __future__ import annotations

from starlette.routing import Route

from app.dashboard.forms import INPUT_CODES
from app.dashboard.page_actions import FormPage
from app.dashboard.platform_gate import list_page, superadmins_only

USERS = FormPage(
    list_page("PlatformUsers", "platformUsers", "users"), "platform_users", on_page=INPUT_CODES
)
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
