"""Sessions: registration and sign-in (each starts a session), the actor behind a session
token, and sign-out."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from app.core.actor import Actor, Role
from app.core.audit import record_audit
from app.core.errors import PromptvaultError, Unauthenticated
from app.core.transactions import atomic
from app.identity.models import Session, SsoConfig, User
from app.identity.service import throttle
from app.identity.service.passwords import check_password, validate_password
from app.identity.service.tenants import create_tenant
from app.identity.service.tokens import decode_token, issue_token, new_jti
from app.identity.service.users import add_user
from app.settings import Settings


class SsoRequired(PromptvaultError):
    """A password sign-in of someone who is not an admin, in a tenant whose single sign-on
    configuration allows passwords to admins only."""

    code = "SSO_REQUIRED"


@dataclass(frozen=True)
class AuthSession:
    token: str
    user: User
    # The new session's actor: what the sign-in's answer is read as.
    actor: Actor


async def start_session(user: User, settings: Settings, ip: str | None) -> AuthSession:
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


async def register(
    *, tenant_name: str, email: str, password: str, settings: Settings, ip: str | None = None
) -> AuthSession:
    """A new tenant with its first admin, signed in."""
    await throttle.admit(throttle.keys_for(tenant_slug=None, email=None, ip=ip), settings)
    validate_password(password)
    async with atomic():
        tenant = await create_tenant(name=tenant_name)
        actor = Actor.system(tenant.id).with_ip(ip)
        user = await add_user(
            actor,
            tenant=tenant,
            email=email,
            password=password,
            role=Role.ADMIN,
            name=None,
            settings=settings,
        )
        return await start_session(user, settings, ip)


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
    # Only once the password is right, so that the answer tells a guesser nothing.
    if (
        user.role != Role.ADMIN
        and await SsoConfig.filter(
            tenant_id=user.tenant_id, enabled=True, password_login_for_admins_only=True
        ).exists()
    ):
        raise SsoRequired('this organisation signs in with single sign-on: use "Sign in with SSO"')
    async with atomic():
        await throttle.clear_account(keys)
        user.last_login_at = datetime.now(UTC)
        await user.save(update_fields=["last_login_at"])
        session = await start_session(user, settings, ip)
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
