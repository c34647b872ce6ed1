"""Field permissions. Role checks live in the services (core/permissions.py), shared by every
entry point; these decide who may call a field at all: a signed-in user, or also an API key that
carries the field's scope."""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission
from strawberry.types import Info

from app.core.actor import Actor, ApiKeyScope, require_scope
from app.core.errors import Unauthenticated

SIGN_IN_FIRST = "sign in first: send Authorization: Bearer <token>"


def _signed_in(info: Info) -> Actor:
    context = info.context
    if context.signed_in_actor is None:
        raise Unauthenticated(context.auth_error or SIGN_IN_FIRST)
    actor: Actor = context.signed_in_actor
    return actor


class IsAuthenticated(BasePermission):
    """A signed-in user. API keys may call only the fields that name their scope."""

    message = "API keys may only call the operations of their scopes"
    error_extensions = {"code": "FORBIDDEN"}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return not _signed_in(info).is_api_key


class _ScopePermission(BasePermission):
    scope: ApiKeyScope
    error_extensions = {"code": "FORBIDDEN"}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        require_scope(_signed_in(info), self.scope)
        return True


class CanReadRuntime(_ScopePermission):
    """A signed-in user, or an API key with runtime:read."""

    scope = ApiKeyScope.RUNTIME_READ


class CanWriteLogs(_ScopePermission):
    """A signed-in user (the service then asks for a developer or an admin), or an API key
    with logs:write."""

    scope = ApiKeyScope.LOGS_WRITE


class CanReadGate(_ScopePermission):
    """A signed-in user, or an API key with gate:read."""

    scope = ApiKeyScope.GATE_READ
