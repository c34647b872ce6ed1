"""API keys: machine credentials with scopes. The secret is shown once and stored as a hash."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from app.core.actor import Actor, ApiKeyScope
from app.core.audit import record_audit
from app.core.errors import BadUserInput, Conflict, Unauthenticated
from app.core.permissions import Permission, require
from app.core.transactions import atomic
from app.core.validation import bounded_text
from app.identity.models import ApiKey

KEY_PREFIX = "pv_"
PREFIX_LENGTH = len(KEY_PREFIX) + 8  # "pv_" and 8 hex digits, then "_" and the secret
# last_used_at is kept to the minute: writing it on every call would put a write on the hot path.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class CreatedApiKey:
    api_key: ApiKey
    secret: str


def looks_like_api_key(token: str) -> bool:
    return token.startswith(KEY_PREFIX)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


async def create_api_key(actor: Actor, *, name: str, scopes: list[ApiKeyScope]) -> CreatedApiKey:
    require(actor, Permission.MANAGE_API_KEYS)
    name = bounded_text(name, field="name", max_chars=100, required=True)
    if not scopes:
        raise BadUserInput("an API key needs at least one scope", field="scopes")
    prefix = KEY_PREFIX + secrets.token_hex(4)
    secret = f"{prefix}_{secrets.token_urlsafe(32)}"
    async with atomic():
        api_key = await ApiKey.create(
            tenant_id=actor.tenant_id,
            name=name,
            prefix=prefix,
            secret_hash=_hash(secret),
            scopes=sorted({scope.value for scope in scopes}),
            created_by_id=actor.user_id,
        )
        await record_audit(
            actor,
            "api_key.create",
            target_type="ApiKey",
            target_id=api_key.id,
            diff={"after": {"name": name, "prefix": prefix, "scopes": api_key.scopes}},
        )
    return CreatedApiKey(api_key=api_key, secret=secret)


async def list_api_keys(actor: Actor) -> list[ApiKey]:
    require(actor, Permission.MANAGE_API_KEYS)
    return await ApiKey.scoped(actor).order_by("-created_at")


async def revoke_api_key(actor: Actor, *, id: UUID) -> ApiKey:
    require(actor, Permission.MANAGE_API_KEYS)
    async with atomic():
        api_key = await ApiKey.get_scoped(actor, id, for_update=True)
        if api_key.revoked_at is not None:
            raise Conflict(f"API key {api_key.prefix} is already revoked")
        api_key.revoked_at = datetime.now(UTC)
        await api_key.save(update_fields=["revoked_at"])
        await record_audit(
            actor,
            "api_key.revoke",
            target_type="ApiKey",
            target_id=api_key.id,
            diff={"before": {"revoked": False}, "after": {"revoked": True}},
        )
    return api_key


async def authenticate_api_key(secret: str, *, ip: str | None = None) -> Actor:
    if len(secret) <= PREFIX_LENGTH + 1 or secret[PREFIX_LENGTH] != "_":
        raise Unauthenticated("invalid or revoked API key")
    api_key = await ApiKey.filter(prefix=secret[:PREFIX_LENGTH], revoked_at=None).first()
    if api_key is None or not hmac.compare_digest(api_key.secret_hash, _hash(secret)):
        raise Unauthenticated("invalid or revoked API key")
    now = datetime.now(UTC)
    if api_key.last_used_at is None or now - api_key.last_used_at > LAST_USED_RESOLUTION:
        await ApiKey.filter(id=api_key.id).update(last_used_at=now)
    return Actor.for_api_key(
        tenant_id=api_key.tenant_id,
        api_key_id=api_key.id,
        scopes=frozenset(api_key.scopes),
        ip=ip,
    )


async def live_api_keys(ids: Collection[UUID]) -> set[UUID]:
    """Those of these API keys that are not revoked."""
    live = await ApiKey.filter(id__in=list(ids), revoked_at=None).values_list("id", flat=True)
    return set(live)  # type: ignore[arg-type]
