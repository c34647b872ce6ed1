"""The platform console's side of identity, for superadmins: users of every tenant, how many each
tenant has, the platform's figures of tenants and users, and a new tenant with its first admin.
The rows read here belong to every tenant: only a superadmin reads them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from tortoise.expressions import Q
from tortoise.functions import Count

from app.core.actor import Actor, Role
from app.core.errors import BadUserInput, Conflict
from app.core.pagination import Page, paginate
from app.core.permissions import require_superadmin
from app.core.transactions import atomic
from app.identity.models import DEFAULT_MAX_USERS, Tenant, User
from app.identity.service.passwords import validate_password
from app.identity.service.tenants import check_max_users, create_tenant, slugify
from app.identity.service.users import add_user
from app.settings import Settings

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# What create_tenant and add_user call their inputs, as CreateTenantInput names them.
CREATE_TENANT_FIELDS = {"tenantName": "name", "email": "adminEmail", "password": "adminPassword"}


@dataclass(frozen=True)
class PeopleFigures:
    tenants: int
    users: int
    active_users: int


async def user_counts(actor: Actor, tenant_ids: list[UUID]) -> dict[UUID, int]:
    """Active users (those max_users counts) per tenant. Anyone but a superadmin learns only their
    own tenant's count."""
    allowed = [key for key in tenant_ids if actor.is_superadmin or key == actor.tenant_id]
    rows = (
        await User.filter(tenant_id__in=allowed, is_active=True)
        .annotate(count=Count("id"))
        .group_by("tenant_id")
        .values("tenant_id", "count")
    )
    return {UUID(str(row["tenant_id"])): row["count"] for row in rows}


async def list_platform_users(
    actor: Actor,
    *,
    first: int | None,
    after: str | None,
    query: str | None,
    tenant_id: UUID | None = None,
) -> Page[User]:
    """Users of every tenant (or of `tenant_id`) by email; `query` keeps those whose email or name
    contains it."""
    require_superadmin(actor)
    users = User.all() if tenant_id is None else User.filter(tenant_id=tenant_id)
    if query and query.strip():
        words = query.strip()
        users = users.filter(Q(email__icontains=words) | Q(name__icontains=words))
    return await paginate(users, order=("email", "id"), first=first, after=after)


async def people_figures(actor: Actor, *, active_since: datetime) -> PeopleFigures:
    """Tenants, active accounts, and those of them that signed in since `active_since`."""
    require_superadmin(actor)
    active = User.filter(is_active=True)
    return PeopleFigures(
        tenants=await Tenant.all().count(),
        users=await active.count(),
        active_users=await active.filter(last_login_at__gte=active_since).count(),
    )


@contextmanager
def _named_as_input(names: dict[str, str]) -> Iterator[None]:
    """Refusals by the field names of the input the user filled in."""
    try:
        yield
    except BadUserInput as error:
        field = error.extensions.get("field")
        if field in names:
            error.extensions["field"] = names[field]
        raise


def _slug_of(name: str, slug: str | None) -> str:
    if slug is None or not slug.strip():
        return slugify(name)
    slug = slug.strip()
    if len(slug) > 64 or not SLUG_PATTERN.match(slug):
        raise BadUserInput(
            "slug must be lowercase letters and digits, in words joined by hyphens, at most 64",
            field="slug",
        )
    return slug


async def create_tenant_with_admin(
    actor: Actor,
    *,
    name: str,
    slug: str | None,
    max_users: int | None,
    admin_email: str,
    admin_password: str,
    settings: Settings,
) -> Tenant:
    """A tenant and its first admin, together or not at all; audited in the new tenant's trail
    as the superadmin's doing."""
    require_superadmin(actor)
    max_users = DEFAULT_MAX_USERS if max_users is None else max_users
    check_max_users(max_users)
    with _named_as_input(CREATE_TENANT_FIELDS):
        slug = _slug_of(name, slug)
        validate_password(admin_password)
        if await Tenant.filter(slug=slug).exists():
            raise Conflict(f"a tenant with the slug '{slug}' already exists", field="slug")
        async with atomic():
            tenant = await create_tenant(name=name, slug=slug, max_users=max_users, creator=actor)
            await add_user(
                Actor.system(tenant.id).with_ip(actor.ip),
                tenant=tenant,
                email=admin_email,
                password=admin_password,
                role=Role.ADMIN,
                name=None,
                settings=settings,
            )
    return tenant
