"""The audit trail: one hash-chained event per change, written in the change's transaction."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from tortoise import connections, fields

from app.core.actor import Actor
from app.core.models import TenantScoped

IP_HASH_VERSION = 2


class AuditEvent(TenantScoped):
    seq = fields.BigIntField()
    actor: fields.ForeignKeyNullableRelation[Any] = fields.ForeignKeyField(
        "models.User", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    actor_id: UUID | None
    action = fields.CharField(max_length=64, db_index=True)
    target_type = fields.CharField(max_length=32)
    target_id = fields.CharField(max_length=64, db_index=True)
    diff: Any = fields.JSONField(null=True)
    ip = fields.CharField(max_length=64, null=True)
    prev_hash = fields.CharField(max_length=64)
    hash = fields.CharField(max_length=64)
    # Which content `hash` covers. 1: events written before the ip joined the hash (the
    # column's default, so upgraded rows keep verifying); 2: the ip too.
    hash_version = fields.SmallIntField(default=1)

    class Meta:
        table = "audit_event"
        unique_together = (("tenant", "seq"),)

    def chained_hash(self) -> str:
        """The hash of this event's content and its predecessor's hash: what `hash` must hold."""
        content: dict[str, Any] = {
            "seq": self.seq,
            "tenant": str(self.tenant_id),
            "actor": str(self.actor_id) if self.actor_id else None,
            "action": self.action,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "diff": self.diff,
            "created_at": self.created_at.isoformat(),
        }
        if self.hash_version >= IP_HASH_VERSION:
            content |= {"ip": self.ip, "hash_version": self.hash_version}
        canonical = json.dumps(content, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(f"{self.prev_hash}|{canonical}".encode()).hexdigest()


async def _lock_tenant_chain(tenant_id: UUID) -> None:
    """Serialise chain appends per tenant. SQLite already serialises every write transaction."""
    connection = connections.get("default")
    if connection.schema_generator.DIALECT == "postgres":
        await connection.execute_query(
            "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [str(tenant_id)]
        )


def changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The fields that differ, as {"before": {...}, "after": {...}}."""
    changed = [key for key in after if before.get(key) != after.get(key)]
    return {
        "before": {key: before.get(key) for key in changed},
        "after": {key: after.get(key) for key in changed},
    }


async def record_audit(
    actor: Actor,
    action: str,
    *,
    target_type: str,
    target_id: UUID | str,
    diff: dict[str, Any] | None = None,
    tenant_id: UUID | None = None,
) -> AuditEvent:
    """Append an event to the tenant's chain. Call inside the transaction of the change."""
    tenant = tenant_id or actor.tenant_id
    await _lock_tenant_chain(tenant)
    last = await AuditEvent.filter(tenant_id=tenant).order_by("-seq").only("seq", "hash").first()
    event = AuditEvent(
        tenant_id=tenant,
        seq=last.seq + 1 if last else 1,
        actor_id=actor.user_id,
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        # Stored as JSON and read back as JSON: hash the same form that verification will see.
        diff=json.loads(json.dumps(diff, default=str)) if diff is not None else None,
        ip=actor.ip,
        hash_version=IP_HASH_VERSION,
        created_at=datetime.now(UTC),
        prev_hash=last.hash if last else "",
    )
    event.hash = event.chained_hash()
    await event.save()
    return event
