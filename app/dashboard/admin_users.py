"""Admin: the tenant's users and their roles; add a user, change a role, deactivate a user."""

from __future__ import annotations

from starlette.routing import Route

from app.core.actor import Role
from app.dashboard.forms import INPUT_CODES
from app.dashboard.page_actions import ADMIN_PAGE, FormPage, page_of

ROLES = [(role.name, role.name.capitalize()) for role in Role]

USERS = FormPage(
    page_of("UsersPage", ADMIN_PAGE, "admin/_users.html", admin_page="users", roles=ROLES),
    "admin_users",
    on_page=INPUT_CODES,
)
CREATE = USERS.action(
    "CreateUser",
    lambda form: {
        "input": {
            "email": form.value("email"),
            "name": form.optional("name"),
            "password": form.value("password"),
            "role": form.value("role"),
        }
    },
    lambda data: "{email} can now sign in as {role}.".format(
        email=data["createUser"]["email"], role=data["createUser"]["role"].lower()
    ),
)
CHANGE_ROLE = USERS.action(
    "ChangeUserRole",
    lambda form: {"userId": form.value("userId"), "role": form.value("role")},
    lambda data: "{email} is now {role}.".format(
        email=data["updateUserRole"]["email"], role=data["updateUserRole"]["role"].lower()
    ),
)
DEACTIVATE = USERS.action(
    "DeactivateUser",
    lambda form: {"userId": form.value("userId")},
    lambda data: f"{data['deactivateUser']['email']} is deactivated and signed out.",
)

ROUTES = [
    Route("/admin/users", USERS.view, name="admin_users"),
    Route("/admin/users/new", CREATE.view, methods=["POST"], name="admin_user_create"),
    Route("/admin/users/role", CHANGE_ROLE.view, methods=["POST"], name="admin_user_role"),
    Route(
        "/admin/users/deactivate", DEACTIVATE.view, methods=["POST"], name="admin_user_deactivate"
    ),
]
