"""Reading the audit trail, and verifying that its hash chains are intact."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from app.core.actor import Actor
from app.core.audit import AuditEvent
from app.core.errors import NotFound
from app.core.pagination import Page, paginate
from app.core.permissions import Permission, require
from app.identity.models import Tenant

VERIFY_BATCH_SIZE = 2000


@dataclass(frozen=True)
class AuditQuery:
    action: str | None = None
    actor_id: UUID | None = None
    target_type: str | None = None
    target_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None


async def list_audit_events(
    actor: Actor, query: AuditQuery, *, first: int | None, after: str | None
) -> Page[AuditEvent]:
    """The tenant's events, newest first."""
    require(actor, Permission.READ_AUDIT)
    events = AuditEvent.scoped(actor)
    if query.action:
        events = events.filter(action=query.action)
    if query.actor_id:
        events = events.filter(actor_id=query.actor_id)
    if query.target_type:
        events = events.filter(target_type=query.target_type)
    if query.target_id:
        events = events.filter(target_id=query.target_id)
    if query.since:
        events = events.filter(created_at__gte=query.since)
    if query.until:
        events = events.filter(created_at__lt=query.until)
    return await paginate(events, order=("-seq",), first=first, after=after)


@dataclass(frozen=True)
class BrokenLink:
    seq: int
    reason: str


@dataclass(frozen=True)
class ChainReport:
    tenant: Tenant
    events: int
    broken: BrokenLink | None


async def _events_in_order(tenant: Tenant) -> AsyncIterator[AuditEvent]:
    last_seq = 0
    while True:
        batch = (
            await AuditEvent.filter(tenant_id=tenant.id, seq__gt=last_seq)
            .order_by("seq")
            .limit(VERIFY_BATCH_SIZE)
        )
        for event in batch:
            yield event
        if len(batch) < VERIFY_BATCH_SIZE:
            return
        last_seq = batch[-1].seq


async def _verify_tenant(tenant: Tenant) -> ChainReport:
    """Walks the chain from its first event; reports the first link that does not hold."""
    count = 0
    previous: AuditEvent | None = None
    async for event in _events_in_order(tenant):
        count += 1
        expected_seq = previous.seq + 1 if previous else 1
        broken = None
        if event.seq != expected_seq:
            broken = BrokenLink(expected_seq, f"event {expected_seq} is missing")
        elif event.prev_hash != (previous.hash if previous else ""):
            broken = BrokenLink(event.seq, f"does not link to event {expected_seq - 1}")
        elif event.hash != event.chained_hash():
            broken = BrokenLink(event.seq, "its content does not match its hash: it was altered")
        if broken:
            return ChainReport(tenant=tenant, events=count, broken=broken)
        previous = event
    return ChainReport(tenant=tenant, events=count, broken=None)


async def verify_audit_chains(tenant_slug: str | None = None) -> list[ChainReport]:
    """An operator's check over every tenant's chain (or one tenant's): not tenant-scoped."""
    tenants = Tenant.all().order_by("slug")
    if tenant_slug:
        tenants = tenants.filter(slug=tenant_slug)
    found = await tenants
    if tenant_slug and not found:
        raise NotFound(f"no tenant with the slug '{tenant_slug}'")
    return [await _verify_tenant(tenant) for tenant in found]
