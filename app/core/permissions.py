"""What each role may do. Services check it; the README shows the same table to users."""

from __future__ import annotations

import enum

from app.core.actor import Actor, Role
from app.core.errors import Forbidden


class Permission(enum.StrEnum):
    EDIT_ASSETS = "edit assets and create versions"
    ACTIVATE = "activate and roll back versions"
    MANAGE_USERS = "manage users and roles"
    READ_AUDIT = "read the audit trail"
    MANAGE_API_KEYS = "manage API keys"
    MANAGE_GRANTS = "restrict assets and grant access to them"
    MANAGE_WEBHOOKS = "manage webhooks and their deliveries"
    READ_JOBS = "read the background job queue"
    PROPOSE_CHANGES = "submit versions for review and open change requests"
    REVIEW = "review versions and change requests"
    MANAGE_POLICY = "change the tenant's governance policy"
    # Logs feed the canary guards, which roll a rollout back: recording them is a write.
    RECORD_EXECUTIONS = "record execution logs"
    MANAGE_TENANT_CONNECTIONS = "manage the tenant's model provider connections"
    # Calls to a model cost the tenant money: reviewers and viewers make none.
    USE_MODEL_CONNECTIONS = "use model provider connections and keep your own"
    # Runs show how versions answer: those who write, run or review versions read them.
    READ_PROMPT_RUNS = "read prompt runs and model prices"
    MANAGE_MODEL_PRICES = "set the tenant's model prices"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.DEVELOPER: frozenset(
        {
            Permission.EDIT_ASSETS,
            Permission.ACTIVATE,
            Permission.PROPOSE_CHANGES,
            Permission.RECORD_EXECUTIONS,
            Permission.USE_MODEL_CONNECTIONS,
            Permission.READ_PROMPT_RUNS,
        }
    ),
    Role.REVIEWER: frozenset({Permission.REVIEW, Permission.READ_PROMPT_RUNS}),
    Role.VIEWER: frozenset(),
}


def require(actor: Actor, permission: Permission) -> None:
    if permission not in ROLE_PERMISSIONS[actor.role]:
        raise Forbidden(f"your role ({actor.role.value}) may not {permission.value}")


def require_superadmin(actor: Actor) -> None:
    if not actor.is_superadmin:
        raise Forbidden("only a platform superadmin may do this")
