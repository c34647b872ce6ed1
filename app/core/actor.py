"""Who is acting: a user of a tenant (later also an API key)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from uuid import UUID

from app.core.errors import Forbidden


class Role(enum.StrEnum):
    ADMIN = "admin"
    DEVELOPER = "developer"
    REVIEWER = "reviewer"
    VIEWER = "viewer"


class ApiKeyScope(enum.StrEnum):
    RUNTIME_READ = "runtime:read"
    LOGS_WRITE = "logs:write"
    GATE_READ = "gate:read"


@dataclass(frozen=True)
class Actor:
    tenant_id: UUID
    user_id: UUID | None
    role: Role
    is_superadmin: bool = False
    session_id: UUID | None = None
    ip: str | None = None
    api_key_id: UUID | None = None
    scopes: frozenset[str] = frozenset()

    @classmethod
    def system(cls, tenant_id: UUID) -> Actor:
        """The CLI, the demo seeder and the runtime cache act as the tenant, with no user."""
        return cls(tenant_id=tenant_id, user_id=None, role=Role.ADMIN)

    @classmethod
    def for_api_key(
        cls, *, tenant_id: UUID, api_key_id: UUID, scopes: frozenset[str], ip: str | None
    ) -> Actor:
        """An API key acts with its scopes only; its role grants nothing (viewers may change
        nothing, and every read that keys may do names its scope)."""
        return cls(
            tenant_id=tenant_id,
            user_id=None,
            role=Role.VIEWER,
            api_key_id=api_key_id,
            scopes=scopes,
            ip=ip,
        )

    @property
    def is_api_key(self) -> bool:
        return self.api_key_id is not None

    def with_ip(self, ip: str | None) -> Actor:
        return replace(self, ip=ip)


def require_scope(actor: Actor, scope: ApiKeyScope) -> None:
    """Users pass; an API key passes only with the scope."""
    if actor.is_api_key and scope.value not in actor.scopes:
        raise Forbidden(f"this API key lacks the scope {scope.value}")
