"""Users of a tenant: adding them within the tenant's cap, and their administration."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from uuid import UUID

from app.core.actor import Actor, Role
from app.core.audit import changes, record_audit
from app.core.errors import BadUserInput, Conflict, Forbidden, NotFound
from app.core.permissions import Permission, require
from app.core.transactions import atomic
from app.identity.models import Session, Tenant, User
from app.identity.service.passwords import hash_password, validate_password
from app.identity.service.tenants import current_tenant, lock_tenant
from app.settings import Settings

EMAIL_PATTERN = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")


def _normalize_email(email: str) -> str:
    email = email.strip().lower()
    if len(email) > 254 or not EMAIL_PATTERN.match(email):
        raise BadUserInput("email is not a valid address", field="email")
    return email


async def add_user(
    actor: Actor,
    *,
    tenant: Tenant,
    email: str,
    password: str,
    role: Role,
    name: str | None,
    settings: Settings,
    is_superadmin: bool = False,
) -> User:
    """Create a user within the tenant's max_users. Call inside a transaction."""
    email = _normalize_email(email)
    validate_password(password)
    locked = await lock_tenant(tenant.id)
    if await User.filter(tenant_id=tenant.id, is_active=True).count() >= locked.max_users:
        raise Conflict(f"the tenant has reached its limit of {locked.max_users} users")
    if await User.filter(tenant_id=tenant.id, email=email).exists():
        raise Conflict(f"a user with the email {email} already exists")
    user = await User.create(
        tenant_id=tenant.id,
        email=email,
        name=name,
        role=role,
        is_superadmin=is_superadmin,
        password_hash=await hash_password(password, settings.bcrypt_rounds),
        created_by_id=actor.user_id,
    )
    await record_audit(
        actor,
        "user.create",
        target_type="User",
        target_id=user.id,
        tenant_id=tenant.id,
        diff={"after": {"email": email, "role": role.value, "superadmin": is_superadmin}},
    )
    return user


async def create_admin(
    *, tenant_slug: str, email: str, password: str, settings: Settings, superadmin: bool = False
) -> User:
    tenant = await Tenant.get_or_none(slug=tenant_slug)
    if tenant is None:
        raise NotFound(f"no tenant with the slug '{tenant_slug}'")
    async with atomic():
        return await add_user(
            Actor.system(tenant.id),
            tenant=tenant,
            email=email,
            password=password,
            role=Role.ADMIN,
            name=None,
            settings=settings,
            is_superadmin=superadmin,
        )


async def current_user(actor: Actor) -> User:
    if actor.user_id is None:
        raise NotFound("this credential has no user")
    return await User.get_scoped(actor, actor.user_id)


async def creator_of(actor: Actor, user_id: UUID) -> UUID | None:
    """Who created this user of the actor's tenant, if anyone did."""
    creators = await User.scoped(actor).filter(id=user_id).values_list("created_by_id", flat=True)
    return creators[0] if creators else None  # type: ignore[return-value]


async def list_users(actor: Actor) -> list[User]:
    return await User.scoped(actor).order_by("email")


async def create_user(
    actor: Actor, *, email: str, password: str, role: Role, name: str | None, settings: Settings
) -> User:
    require(actor, Permission.MANAGE_USERS)
    tenant = await current_tenant(actor)
    async with atomic():
        return await add_user(
            actor,
            tenant=tenant,
            email=email,
            password=password,
            role=role,
            name=name,
            settings=settings,
        )


def _ensure_may_manage(actor: Actor, user: User) -> None:
    """The platform superadmin answers to no tenant admin, even in their own tenant."""
    if user.is_superadmin and not actor.is_superadmin:
        raise Forbidden("only a platform superadmin may change a platform superadmin")


async def _ensure_another_admin_remains(user: User) -> None:
    admins = User.filter(tenant_id=user.tenant_id, role=Role.ADMIN, is_active=True).exclude(
        id=user.id
    )
    if user.role == Role.ADMIN and not await admins.exists():
        raise Conflict("a tenant must keep at least one active admin")


async def update_user_role(actor: Actor, *, user_id: UUID, role: Role) -> User:
    require(actor, Permission.MANAGE_USERS)
    async with atomic():
        await lock_tenant(actor.tenant_id)
        user = await User.get_scoped(actor, user_id)
        _ensure_may_manage(actor, user)
        if role != Role.ADMIN:
            await _ensure_another_admin_remains(user)
        before = user.role
        user.role = role
        await user.save(update_fields=["role"])
        await record_audit(
            actor,
            "user.update_role",
            target_type="User",
            target_id=user.id,
            diff=changes({"role": before.value}, {"role": role.value}),
        )
        return user


async def _user_to_deactivate(actor: Actor, user_id: UUID) -> User:
    """The user, read after their tenant is locked: of any tenant for a platform superadmin, else
    of the actor's own (another tenant's user is NOT_FOUND)."""
    if not actor.is_superadmin:
        require(actor, Permission.MANAGE_USERS)
        await lock_tenant(actor.tenant_id)
        return await User.get_scoped(actor, user_id)
    tenant_id = await User.filter(id=user_id).values_list("tenant_id", flat=True)
    if not tenant_id:
        raise NotFound("User not found")
    await lock_tenant(tenant_id[0])  # type: ignore[arg-type]
    return await User.get(id=user_id)


async def deactivate_user(actor: Actor, *, user_id: UUID) -> User:
    """Audited in the user's tenant, where a superadmin may act from their own."""
    async with atomic():
        user = await _user_to_deactivate(actor, user_id)
        if user.id == actor.user_id:
            raise Conflict("you cannot deactivate yourself")
        _ensure_may_manage(actor, user)
        await _ensure_another_admin_remains(user)
        user.is_active = False
        await user.save(update_fields=["is_active"])
        await Session.filter(user_id=user.id, revoked_at=None).update(revoked_at=datetime.now(UTC))
        await record_audit(
            actor,
            "user.deactivate",
            target_type="User",
            target_id=user.id,
            tenant_id=user.tenant_id,
            diff=changes({"is_active": True}, {"is_active": False}),
        )
        return user
