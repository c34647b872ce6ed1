"""Provider connections: where a tenant's models are and the key to them. A TENANT connection is
kept by the tenant's admins and used by its developers; a USER connection is one developer's or
admin's own, seen by nobody else (another user's is NOT_FOUND, like another tenant's). Reviewers
and viewers neither keep nor use any: calls to a model cost the tenant money.

The key is sealed at rest (core/secret_box.py), never returned, logged or audited: the audit
says at most that it changed, and its hint. Only an admin marks a connection `local`, which lets
it reach private and loopback addresses (Ollama or LM Studio on the same host); any other must
resolve to public addresses, checked when it is saved and again at every call."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from app.core.actor import Actor
from app.core.audit import changes, record_audit
from app.core.errors import BadUserInput, Conflict, Forbidden, NotFound
from app.core.outbound import check_destination
from app.core.permissions import ROLE_PERMISSIONS, Permission, require
from app.core.secret_box import UnreadableSecret, hint_of, seal, unseal
from app.core.transactions import atomic
from app.providers.anthropic_messages import AnthropicClient
from app.providers.client import Problem, ProviderClient, ProviderError
from app.providers.models import (
    TENANT_NAMESPACE,
    ConnectionScope,
    ProviderConnection,
    ProviderKind,
)
from app.providers.openai_compatible import OpenAICompatibleClient
from app.providers.pinned_transport import HOW_TO_ALLOW_PRIVATE, pinned_http_client
from app.settings import Settings

MAX_NAME_CHARS = 120
MAX_URL_CHARS = 2000
MAX_MODEL_CHARS = 200
MAX_KEY_CHARS = 1000


@dataclass(frozen=True)
class ConnectionInput:
    """What a user gives to create or update a connection. On update, `api_key` None keeps the
    key and "" removes it."""

    name: str
    kind: ProviderKind
    base_url: str
    api_key: str | None
    default_model: str | None
    scope: ConnectionScope
    local: bool


@dataclass(frozen=True)
class ProviderCheck:
    ok: bool
    models: list[str]
    error: str | None = None
    latency_ms: float | None = None


def _may(actor: Actor, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[actor.role]


def _visible(actor: Actor) -> Any:
    """The connections the actor may see: the tenant's, and the actor's own."""
    own = Q(scope=ConnectionScope.USER, owner_id=actor.user_id) if actor.user_id else Q(pk=None)
    return ProviderConnection.scoped(actor).filter(Q(scope=ConnectionScope.TENANT) | own)


async def _get_visible(actor: Actor, id: UUID, *, for_update: bool = False) -> ProviderConnection:
    query = _visible(actor).filter(id=id)
    if for_update:
        query = query.select_for_update(no_key=True)
    found: ProviderConnection | None = await query.first()
    if found is None:
        raise NotFound("ProviderConnection not found")
    return found


def _require_keeper(actor: Actor, scope: ConnectionScope) -> None:
    """Admins keep the tenant's connections; admins and developers keep their own."""
    if scope == ConnectionScope.TENANT:
        require(actor, Permission.MANAGE_TENANT_CONNECTIONS)
    else:
        require(actor, Permission.USE_MODEL_CONNECTIONS)


async def list_connections(actor: Actor) -> list[ProviderConnection]:
    """The tenant's connections and the actor's own, by name (the tenant's first on a tie)."""
    require(actor, Permission.USE_MODEL_CONNECTIONS)
    found: list[ProviderConnection] = await _visible(actor).order_by("name", "scope", "id")
    return found


async def get_connection(actor: Actor, id: UUID) -> ProviderConnection:
    require(actor, Permission.USE_MODEL_CONNECTIONS)
    return await _get_visible(actor, id)


def _text(value: str | None, *, field: str, max_chars: int, required: bool) -> str | None:
    value = (value or "").strip()
    if not value:
        if required:
            raise BadUserInput(f"{field} must not be empty", field=field)
        return None
    if len(value) > max_chars:
        raise BadUserInput(f"{field} must be at most {max_chars} characters", field=field)
    return value


async def _checked(actor: Actor, given: ConnectionInput) -> ConnectionInput:
    """The input trimmed and checked: lengths, who may set `local`, and the base URL against
    the outbound rules."""
    if given.local and not _may(actor, Permission.MANAGE_TENANT_CONNECTIONS):
        raise Forbidden("only admins may mark a connection local")
    name = _text(given.name, field="name", max_chars=MAX_NAME_CHARS, required=True)
    base_url = _text(given.base_url, field="baseUrl", max_chars=MAX_URL_CHARS, required=True)
    assert name is not None and base_url is not None
    await check_destination(
        base_url, allow_private=given.local, field="baseUrl", how_to_allow=HOW_TO_ALLOW_PRIVATE
    )
    api_key = given.api_key
    if api_key is not None:
        api_key = api_key.strip()
        if len(api_key) > MAX_KEY_CHARS:
            raise BadUserInput(f"apiKey must be at most {MAX_KEY_CHARS} characters", field="apiKey")
    default_model = _text(
        given.default_model, field="defaultModel", max_chars=MAX_MODEL_CHARS, required=False
    )
    return ConnectionInput(
        name=name,
        kind=given.kind,
        base_url=base_url,
        api_key=api_key,
        default_model=default_model,
        scope=given.scope,
        local=given.local,
    )


def _snapshot(connection: ProviderConnection) -> dict[str, Any]:
    """What the audit shows of a connection: all but the key, of which only the hint."""
    return {
        "name": connection.name,
        "kind": connection.kind.value,
        "baseUrl": connection.base_url,
        "defaultModel": connection.default_model,
        "scope": connection.scope.value,
        "owner": str(connection.owner_id) if connection.owner_id else None,
        "local": connection.local,
        "keyHint": connection.key_hint,
    }


def _set_key(connection: ProviderConnection, api_key: str, *, settings: Settings) -> None:
    connection.key_ciphertext = seal(api_key, secret_key=settings.secret_key) if api_key else None
    connection.key_hint = hint_of(api_key) if api_key else None


def _name_taken(name: str) -> Conflict:
    return Conflict(f"a connection named '{name}' already exists", field="name")


async def _refuse_taken_name(
    actor: Actor, connection: ProviderConnection, *, except_id: UUID | None = None
) -> None:
    taken = ProviderConnection.scoped(actor).filter(
        namespace=connection.namespace, name=connection.name
    )
    if except_id is not None:
        taken = taken.exclude(id=except_id)
    if await taken.exists():
        raise _name_taken(connection.name)


async def create_connection(
    actor: Actor, given: ConnectionInput, *, settings: Settings
) -> ProviderConnection:
    _require_keeper(actor, given.scope)
    if given.scope == ConnectionScope.USER and actor.user_id is None:
        raise BadUserInput("a USER connection belongs to a signed-in user", field="scope")
    checked = await _checked(actor, given)
    own = checked.scope == ConnectionScope.USER
    connection = ProviderConnection(
        tenant_id=actor.tenant_id,
        name=checked.name,
        kind=checked.kind,
        base_url=checked.base_url,
        default_model=checked.default_model,
        scope=checked.scope,
        owner_id=actor.user_id if own else None,
        namespace=str(actor.user_id) if own else TENANT_NAMESPACE,
        local=checked.local,
    )
    _set_key(connection, checked.api_key or "", settings=settings)
    async with atomic():
        await _refuse_taken_name(actor, connection)
        try:
            await connection.save()
        except IntegrityError as error:
            raise _name_taken(connection.name) from error
        after = _snapshot(connection) | {"apiKey": "set" if connection.key_ciphertext else None}
        await record_audit(
            actor,
            "provider_connection.create",
            target_type="ProviderConnection",
            target_id=connection.id,
            diff={"after": after},
        )
    return connection


async def update_connection(
    actor: Actor, id: UUID, given: ConnectionInput, *, settings: Settings
) -> ProviderConnection:
    require(actor, Permission.USE_MODEL_CONNECTIONS)
    current = await _get_visible(actor, id)
    _require_keeper(actor, current.scope)
    if given.scope != current.scope:
        raise BadUserInput(
            f"a connection's scope stays {current.scope.name}: create another to change it",
            field="scope",
        )
    checked = await _checked(actor, given)  # before the lock: it may look a host name up
    async with atomic():
        connection = await _get_visible(actor, id, for_update=True)
        before = _snapshot(connection)
        connection.name = checked.name
        connection.kind = checked.kind
        connection.base_url = checked.base_url
        connection.default_model = checked.default_model
        connection.local = checked.local
        if checked.api_key is not None:
            _set_key(connection, checked.api_key, settings=settings)
        await _refuse_taken_name(actor, connection, except_id=connection.id)
        try:
            await connection.save()
        except IntegrityError as error:
            raise _name_taken(connection.name) from error
        diff = changes(before, _snapshot(connection))
        if checked.api_key is not None:
            diff["after"]["apiKey"] = "changed" if checked.api_key else "removed"
        await record_audit(
            actor,
            "provider_connection.update",
            target_type="ProviderConnection",
            target_id=connection.id,
            diff=diff,
        )
    return connection


async def delete_connection(actor: Actor, id: UUID) -> None:
    require(actor, Permission.USE_MODEL_CONNECTIONS)
    async with atomic():
        connection = await _get_visible(actor, id, for_update=True)
        _require_keeper(actor, connection.scope)
        await connection.delete()
        await record_audit(
            actor,
            "provider_connection.delete",
            target_type="ProviderConnection",
            target_id=connection.id,
            diff={"before": _snapshot(connection)},
        )


async def check_connection(actor: Actor, id: UUID, *, settings: Settings) -> ProviderCheck:
    """Asks the provider which models it offers. Its failures are the answer, not errors; the
    check is audited (it is a call out of the server on the actor's behalf)."""
    require(actor, Permission.USE_MODEL_CONNECTIONS)
    connection = await _get_visible(actor, id)
    started = time.perf_counter()
    try:
        async with await open_client(connection, settings=settings) as client:
            models = await client.list_models()
        check = ProviderCheck(
            ok=True, models=models, latency_ms=round((time.perf_counter() - started) * 1000, 1)
        )
    except ProviderError as error:
        check = ProviderCheck(ok=False, models=[], error=error.message)
    async with atomic():
        await record_audit(
            actor,
            "provider_connection.test",
            target_type="ProviderConnection",
            target_id=connection.id,
            diff={"after": {"ok": check.ok, "models": len(check.models), "error": check.error}},
        )
    return check


async def open_client(connection: ProviderConnection, *, settings: Settings) -> ProviderClient:
    """A client for the connection (whose visibility the caller checked): the key unsealed, the
    base URL's addresses checked now. Close it when done."""
    try:
        api_key = (
            unseal(connection.key_ciphertext, secret_key=settings.secret_key)
            if connection.key_ciphertext
            else None
        )
    except UnreadableSecret as error:
        raise ProviderError(
            Problem.KEY_UNREADABLE,
            f"the key of '{connection.name}' cannot be decrypted: the server's secret key "
            "changed since it was saved; enter the key again",
        ) from error
    try:
        http_client = await pinned_http_client(connection.base_url, local=connection.local)
    except BadUserInput as error:
        raise ProviderError(Problem.ADDRESS_REFUSED, error.message) from error
    kind = {
        ProviderKind.OPENAI_COMPATIBLE: OpenAICompatibleClient,
        ProviderKind.ANTHROPIC: AnthropicClient,
    }[connection.kind]
    return kind(
        connection,
        api_key=api_key,
        http_client=http_client,
        timeout=settings.provider_timeout_seconds,
        max_retries=settings.provider_max_retries,
    )


async def resolve_connection(
    actor: Actor, *, connection_id: UUID | None = None, provider_name: str | None = None
) -> ProviderConnection:
    """The connection a run uses: by id, or by the name in a version's modelConfig.provider (the
    actor's own connection of that name first, then the tenant's). One the actor may not see is
    NOT_FOUND."""
    require(actor, Permission.USE_MODEL_CONNECTIONS)
    if connection_id is not None:
        return await _get_visible(actor, connection_id)
    if not provider_name:
        raise BadUserInput(
            "name a connection: give connectionId, or a provider in the modelConfig",
            field="connectionId",
        )
    named: list[ProviderConnection] = await _visible(actor).filter(name=provider_name)
    own = [found for found in named if found.scope == ConnectionScope.USER]
    if not named:
        raise NotFound(f"no provider connection named '{provider_name}'")
    return (own or named)[0]


@asynccontextmanager
async def open_connection(
    actor: Actor,
    *,
    settings: Settings,
    connection_id: UUID | None = None,
    provider_name: str | None = None,
) -> AsyncIterator[ProviderClient]:
    """`resolve_connection`, then `open_client`; closed on leaving. See client.py."""
    connection = await resolve_connection(
        actor, connection_id=connection_id, provider_name=provider_name
    )
    client = await open_client(connection, settings=settings)
    async with client:
        yield client
