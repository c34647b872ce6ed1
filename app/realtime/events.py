"""What the event bus carries: tenant-scoped events, serialisable to cross processes."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import UUID


@dataclass(frozen=True)
class Event:
    tenant_id: UUID
    kind: str
    data: dict[str, Any]
    actor_id: UUID | None = None
    at: datetime = field(default_factory=lambda: datetime.now(UTC))
    stream_id: int | None = None  # the tenant's replay-buffer seq, for events SSE clients resume

    def to_json(self) -> str:
        return json.dumps(
            {
                "tenant_id": str(self.tenant_id),
                "kind": self.kind,
                "data": self.data,
                "actor_id": str(self.actor_id) if self.actor_id else None,
                "at": self.at.isoformat(),
                "stream_id": self.stream_id,
            }
        )

    @classmethod
    def from_json(cls, raw: str) -> Event:
        value = json.loads(raw)
        return cls(
            tenant_id=UUID(value["tenant_id"]),
            kind=value["kind"],
            data=value["data"],
            actor_id=UUID(value["actor_id"]) if value["actor_id"] else None,
            at=datetime.fromisoformat(value["at"]),
            stream_id=value["stream_id"],
        )
