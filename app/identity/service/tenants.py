"""Tenants: creation, the platform superadmin's view of them, and their user cap."""

from __future__ import annotations

import re
from uuid import UUID

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from app.core.actor import Actor
from app.core.audit import changes, record_audit
from app.core.errors import BadUserInput, Conflict, NotFound
from app.core.pagination import Page, paginate
from app.core.permissions import require_superadmin
from app.core.transactions import atomic
from app.identity.models import DEFAULT_MAX_USERS, Tenant


def slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.strip().lower()).strip("-")[:64]
    if not slug:
        raise BadUserInput("name must contain letters or digits", field="name")
    return slug


MAX_USERS_RANGE = range(1, 100_001)


def check_max_users(max_users: int) -> None:
    if max_users not in MAX_USERS_RANGE:
        raise BadUserInput("maxUsers must be between 1 and 100000", field="maxUsers")


async def create_tenant(
    *,
    name: str,
    slug: str | None = None,
    max_users: int = DEFAULT_MAX_USERS,
    creator: Actor | None = None,
) -> Tenant:
    """A new tenant, audited in its own trail as done by `creator` (a superadmin), else by the
    system (registration)."""
    name = name.strip()
    if not 0 < len(name) <= 120:
        raise BadUserInput("tenant name must be 1 to 120 characters", field="tenantName")
    slug = slugify(slug or name)
    if await Tenant.filter(slug=slug).exists():
        raise Conflict(f"a tenant with the slug '{slug}' already exists")
    try:
        tenant = await Tenant.create(name=name, slug=slug, max_users=max_users)
    except IntegrityError as error:
        raise Conflict(f"a tenant with the slug '{slug}' already exists") from error
    await record_audit(
        creator or Actor.system(tenant.id),
        "tenant.create",
        target_type="Tenant",
        target_id=tenant.id,
        tenant_id=tenant.id,
        diff={"after": {"name": name, "slug": slug, "max_users": max_users}},
    )
    return tenant


async def lock_tenant(tenant_id: UUID) -> Tenant:
    """The tenant row, locked: user administration of one tenant runs one change at a time, so
    checks such as "another admin remains" or "under max_users" cannot race."""
    return await Tenant.filter(id=tenant_id).select_for_update(no_key=True).get()


async def current_tenant(actor: Actor) -> Tenant:
    return await Tenant.get(id=actor.tenant_id)


async def list_tenants(
    actor: Actor, *, first: int | None, after: str | None, query: str | None = None
) -> Page[Tenant]:
    """Every tenant by slug; `query` keeps those whose name or slug contains it."""
    require_superadmin(actor)
    tenants = Tenant.all()
    if query and query.strip():
        words = query.strip()
        tenants = tenants.filter(Q(name__icontains=words) | Q(slug__icontains=words))
    return await paginate(tenants, order=("slug", "id"), first=first, after=after)


async def set_tenant_max_users(actor: Actor, *, tenant_id: UUID, max_users: int) -> Tenant:
    require_superadmin(actor)
    check_max_users(max_users)
    async with atomic():
        if not await Tenant.filter(id=tenant_id).exists():
            raise NotFound("Tenant not found")
        tenant = await lock_tenant(tenant_id)
        before = tenant.max_users
        tenant.max_users = max_users
        await tenant.save(update_fields=["max_users"])
        await record_audit(
            actor,
            "tenant.set_max_users",
            target_type="Tenant",
            target_id=tenant.id,
            tenant_id=tenant.id,
            diff=changes({"max_users": before}, {"max_users": max_users}),
        )
        return tenant
