"""GraphQL types and queries of governance: the audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Self
from uuid import UUID

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from app.core.audit import AuditEvent
from app.core.field_permissions import IsAuthenticated
from app.core.ids import decode_id, encode_id, split_id
from app.core.relay import Connection, Node
from app.governance.audit import AuditQuery, list_audit_events
from app.identity.types import UserType, load_user


@strawberry.type(name="AuditEvent")
class AuditEventType(Node):
    action: str
    target_type: str
    target_id: str
    diff: JSON | None
    created_at: datetime
    hash: str
    actor_id: strawberry.Private[UUID | None]

    @classmethod
    def from_model(cls, event: AuditEvent) -> Self:
        return cls(
            id=encode_id("AuditEvent", event.id),
            action=event.action,
            target_type=event.target_type,
            target_id=encode_id(event.target_type, UUID(event.target_id)),
            diff=event.diff,
            created_at=event.created_at,
            hash=event.hash,
            actor_id=event.actor_id,
        )

    @strawberry.field
    async def actor(self, info: Info) -> UserType | None:
        return await load_user(info, self.actor_id) if self.actor_id else None


@strawberry.type
class GovernanceQuery:
    @strawberry.field(permission_classes=[IsAuthenticated], description="Admins only.")
    async def audit_events(
        self,
        info: Info,
        first: int | None = 20,
        after: str | None = None,
        action: str | None = None,
        actor_id: strawberry.ID | None = None,
        target_type: str | None = None,
        target_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> Connection[AuditEventType]:
        query = AuditQuery(
            action=action,
            actor_id=decode_id(actor_id, "User") if actor_id else None,
            target_type=target_type,
            target_id=str(split_id(target_id)[1]) if target_id else None,
            since=since,
            until=until,
        )
        page = await list_audit_events(info.context.actor, query, first=first, after=after)
        return Connection.from_page(page, AuditEventType.from_model)
