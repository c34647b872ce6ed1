"""Tenants, users and sessions: registration, login, logout, user administration."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from tortoise.exceptions import IntegrityError

from app.core.actor import Actor, Role
from app.core.audit import changes, record_audit
from app.core.errors import BadUserInput, Conflict, Forbidden, NotFound, Unauthenticated
from app.core.pagination import Page, paginate
from app.core.permissions import Permission, require, require_superadmin
from app.core.transactions import atomic
from app.identity import throttle
from app.identity.models import Session, Tenant, User
from app.identity.passwords import check_password, hash_password, validate_password
from app.identity.tokens import decode_token, issue_token, new_jti
from app.settings import Settings

EMAIL_PATTERN = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class AuthSession:
    token: str
    user: User
    # The new session's actor: what the sign-in's answer is read as.
    actor: Actor


def _normalize_email(email: str) -> str:
    email = email.strip().lower()
    if len(email) > 254 or not EMAIL_PATTERN.match(email):
        raise BadUserInput("email is not a valid address", field="email")
    return email


def slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.strip().lower()).strip("-")[:64]
    if not slug:
        raise BadUserInput("name must contain letters or digits", field="name")
    return slug


async def _start_session(user: User, settings: Settings, ip: str | None) -> AuthSession:
    now = datetime.now(UTC)
    ttl = timedelta(seconds=settings.token_ttl_seconds)
    jti = new_jti()
    session = await Session.create(
        tenant_id=user.tenant_id, user=user, jti=jti, expires_at=now + ttl
    )
    token = issue_token(
        secret=settings.secret_key,
        user_id=user.id,
        tenant_id=user.tenant_id,
        role=user.role.value,
        jti=jti,
        issued_at=now,
        ttl=ttl,
    )
    return AuthSession(token=token, user=user, actor=actor_for(user, session_id=session.id, ip=ip))


def actor_for(user: User, *, session_id: UUID | None = None, ip: str | None = None) -> Actor:
    return Actor(
        tenant_id=user.tenant_id,
        user_id=user.id,
        role=user.role,
        is_superadmin=user.is_superadmin,
        session_id=session_id,
        ip=ip,
    )


async def create_tenant(*, name: str, slug: str | None = None) -> Tenant:
    name = name.strip()
    if not 0 < len(name) <= 120:
        raise BadUserInput("tenant name must be 1 to 120 characters", field="tenantName")
    slug = slugify(slug or name)
    if await Tenant.filter(slug=slug).exists():
        raise Conflict(f"a tenant with the slug '{slug}' already exists")
    try:
        tenant = await Tenant.create(name=name, slug=slug)
    except IntegrityError as error:
        raise Conflict(f"a tenant with the slug '{slug}' already exists") from error
    await record_audit(
        Actor.system(tenant.id),
        "tenant.create",
        target_type="Tenant",
        target_id=tenant.id,
        diff={"after": {"name": name, "slug": slug}},
    )
    return tenant


async def _lock_tenant(tenant_id: UUID) -> Tenant:
    """The tenant row, locked: user administration of one tenant runs one change at a time, so
    checks such as "another admin remains" or "under max_users" cannot race."""
    return await Tenant.filter(id=tenant_id).select_for_update(no_key=True).get()


async def _add_user(
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
    locked = await _lock_tenant(tenant.id)
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


async def register(
    *, tenant_name: str, email: str, password: str, settings: Settings, ip: str | None = None
) -> AuthSession:
    """A new tenant with its first admin, signed in."""
    await throttle.admit(throttle.keys_for(tenant_slug=None, email=None, ip=ip), settings)
    validate_password(password)
    async with atomic():
        tenant = await create_tenant(name=tenant_name)
        actor = Actor.system(tenant.id).with_ip(ip)
        user = await _add_user(
            actor,
            tenant=tenant,
            email=email,
            password=password,
            role=Role.ADMIN,
            name=None,
            settings=settings,
        )
        return await _start_session(user, settings, ip)


async def create_admin(
    *, tenant_slug: str, email: str, password: str, settings: Settings, superadmin: bool = False
) -> User:
    tenant = await Tenant.get_or_none(slug=tenant_slug)
    if tenant is None:
        raise NotFound(f"no tenant with the slug '{tenant_slug}'")
    async with atomic():
        return await _add_user(
            Actor.system(tenant.id),
            tenant=tenant,
            email=email,
            password=password,
            role=Role.ADMIN,
            name=None,
            settings=settings,
            is_superadmin=superadmin,
        )


async def login(
    *, tenant_slug: str, email: str, password: str, settings: Settings, ip: str | None = None
) -> AuthSession:
    keys = throttle.keys_for(tenant_slug=tenant_slug, email=email, ip=ip)
    # Before the password is looked at, and the same whether or not the account exists.
    attempts = await throttle.admit(keys, settings)
    user = await User.filter(
        tenant__slug=tenant_slug.strip().lower(), email=email.strip().lower(), is_active=True
    ).first()
    password_ok = await check_password(
        password, user.password_hash if user else None, rounds=settings.bcrypt_rounds
    )
    if user is None or not password_ok:
        await throttle.record_failure(keys, attempts, settings)
        raise Unauthenticated("invalid tenant, email or password")
    async with atomic():
        await throttle.clear_account(keys)
        session = await _start_session(user, settings, ip)
        await record_audit(
            actor_for(user, ip=ip), "user.login", target_type="User", target_id=user.id
        )
        return session


async def authenticate(token: str, *, settings: Settings, ip: str | None = None) -> Actor:
    """The actor behind a session token; a revoked, expired or unknown session is refused."""
    claims = decode_token(token, secret=settings.secret_key)
    session = (
        await Session.filter(jti=claims.jti, revoked_at=None, expires_at__gt=datetime.now(UTC))
        .select_related("user")
        .first()
    )
    if session is None or not session.user.is_active or session.user_id != claims.user_id:
        raise Unauthenticated("invalid or expired token")
    return actor_for(session.user, session_id=session.id, ip=ip)


async def live_sessions(ids: Collection[UUID]) -> set[UUID]:
    """Those of these sessions that still authenticate: not revoked or expired, user active."""
    live = await Session.filter(
        id__in=list(ids),
        revoked_at=None,
        expires_at__gt=datetime.now(UTC),
        user__is_active=True,
    ).values_list("id", flat=True)
    return set(live)  # type: ignore[arg-type]


async def logout(actor: Actor) -> None:
    async with atomic():
        await (
            Session.scoped(actor)
            .filter(id=actor.session_id, revoked_at=None)
            .update(revoked_at=datetime.now(UTC))
        )
        await record_audit(actor, "user.logout", target_type="User", target_id=str(actor.user_id))


async def current_user(actor: Actor) -> User:
    if actor.user_id is None:
        raise NotFound("this credential has no user")
    return await User.get_scoped(actor, actor.user_id)


async def creator_of(actor: Actor, user_id: UUID) -> UUID | None:
    """Who created this user of the actor's tenant, if anyone did."""
    creators = await User.scoped(actor).filter(id=user_id).values_list("created_by_id", flat=True)
    return creators[0] if creators else None  # type: ignore[return-value]


async def current_tenant(actor: Actor) -> Tenant:
    return await Tenant.get(id=actor.tenant_id)


async def list_users(actor: Actor) -> list[User]:
    return await User.scoped(actor).order_by("email")


async def create_user(
    actor: Actor, *, email: str, password: str, role: Role, name: str | None, settings: Settings
) -> User:
    require(actor, Permission.MANAGE_USERS)
    tenant = await current_tenant(actor)
    async with atomic():
        return await _add_user(
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


async def _ensure_another_admin_remains(actor: Actor, user: User) -> None:
    admins = User.scoped(actor).filter(role=Role.ADMIN, is_active=True).exclude(id=user.id)
    if user.role == Role.ADMIN and not await admins.exists():
        raise Conflict("a tenant must keep at least one active admin")


async def update_user_role(actor: Actor, *, user_id: UUID, role: Role) -> User:
    require(actor, Permission.MANAGE_USERS)
    async with atomic():
        await _lock_tenant(actor.tenant_id)
        user = await User.get_scoped(actor, user_id)
        _ensure_may_manage(actor, user)
        if role != Role.ADMIN:
            await _ensure_another_admin_remains(actor, user)
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


async def deactivate_user(actor: Actor, *, user_id: UUID) -> User:
    require(actor, Permission.MANAGE_USERS)
    async with atomic():
        await _lock_tenant(actor.tenant_id)
        user = await User.get_scoped(actor, user_id)
        if user.id == actor.user_id:
            raise Conflict("you cannot deactivate yourself")
        _ensure_may_manage(actor, user)
        await _ensure_another_admin_remains(actor, user)
        user.is_active = False
        await user.save(update_fields=["is_active"])
        await Session.filter(user_id=user.id, revoked_at=None).update(revoked_at=datetime.now(UTC))
        await record_audit(
            actor,
            "user.deactivate",
            target_type="User",
            target_id=user.id,
            diff=changes({"is_active": True}, {"is_active": False}),
        )
        return user


async def list_tenants(actor: Actor, *, first: int | None, after: str | None) -> Page[Tenant]:
    require_superadmin(actor)
    return await paginate(Tenant.all(), order=("slug", "id"), first=first, after=after)


async def set_tenant_max_users(actor: Actor, *, tenant_id: UUID, max_users: int) -> Tenant:
    require_superadmin(actor)
    if not 1 <= max_users <= 100_000:
        raise BadUserInput("maxUsers must be between 1 and 100000", field="maxUsers")
    async with atomic():
        if not await Tenant.filter(id=tenant_id).exists():
            raise NotFound("Tenant not found")
        tenant = await _lock_tenant(tenant_id)
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
