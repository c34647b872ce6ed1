"""Execution logs: taken in whole batches, listed newest first.

Logs are telemetry, not changes to the registry: ingestion writes no audit event (one per log
would swamp the trail and serialise every batch on the tenant's audit chain).
"""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from tortoise.exceptions import IntegrityError

from app.core.actor import Actor, ApiKeyScope, require_scope
from app.core.errors import BadUserInput, NotFound
from app.core.ids import split_id
from app.core.metrics import EXECUTION_BATCHES_REJECTED, EXECUTIONS_INGESTED
from app.core.pagination import Page, paginate
from app.core.permissions import Permission, require
from app.core.transactions import atomic
from app.identity.models import Tenant
from app.identity.service import current_tenant
from app.registry.models import AssetVersion
from app.registry.service import get_version
from app.telemetry.models import ExecutionLog
from app.telemetry.service.batch_keys import accepted_before, checked_batch_key, remember_batch_key
from app.telemetry.service.records import ExecutionRecord, item_error

LIMIT_KEY = "max_log_payload_chars"


def require_log_writer(actor: Actor) -> None:
    """An API key needs logs:write; a user, a role that may record execution logs."""
    if actor.is_api_key:
        require_scope(actor, ApiKeyScope.LOGS_WRITE)
    else:
        require(actor, Permission.RECORD_EXECUTIONS)


def payload_limit(tenant: Tenant, default: int) -> int:
    """The tenant's cap on a log's inputs, output and error, in characters."""
    configured = tenant.limits.get(LIMIT_KEY)
    return int(configured) if isinstance(configured, int) and configured > 0 else default


def _version_uuid(global_id: str) -> UUID:
    try:
        type_name, id = split_id(global_id)
    except NotFound:
        type_name, id = "", UUID(int=0)
    if type_name != "AssetVersion":
        raise BadUserInput(f"versionId: no version with id '{global_id}'")
    return id


def _cut(text: str | None, limit: int) -> tuple[str | None, bool]:
    if text is None or len(text) <= limit:
        return text, False
    return text[:limit], True


def _cut_inputs(inputs: Any, limit: int) -> tuple[Any, bool]:
    """Inputs too long as JSON are kept as the start of their JSON text, a string."""
    if inputs is None:
        return None, False
    serialised = json.dumps(inputs, ensure_ascii=False, separators=(",", ":"))
    if len(serialised) <= limit:
        return inputs, False
    return serialised[:limit], True


def _log(actor: Actor, record: ExecutionRecord, version_id: UUID, limit: int) -> ExecutionLog:
    inputs, inputs_cut = _cut_inputs(record.inputs, limit)
    output, output_cut = _cut(record.output, limit)
    error, error_cut = _cut(record.error, limit)
    log = ExecutionLog(
        tenant_id=actor.tenant_id,
        version_id=version_id,
        environment=record.environment,
        request_id=record.request_id,
        latency_ms=record.latency_ms,
        input_tokens=record.input_tokens,
        output_tokens=record.output_tokens,
        cost=record.cost,
        model=record.model,
        status=record.status,
        error=error,
        output=output,
        truncated=inputs_cut or output_cut or error_cut,
    )
    # Set after construction: Tortoise would parse a str given to the constructor as JSON text.
    log.inputs = inputs
    return log


async def record_execution_batch(
    actor: Actor,
    records: list[ExecutionRecord],
    *,
    default_payload_chars: int,
    idempotency_key: str | None,
) -> int:
    """Stores every record or none; how many. Under an idempotency key, a batch sent again (its
    answer was lost) stores nothing and answers what the first one stored."""
    if idempotency_key is None:
        logs = await record_executions(actor, records, default_payload_chars=default_payload_chars)
        return len(logs)
    key = checked_batch_key(idempotency_key)
    require_log_writer(actor)
    if (accepted := await accepted_before(actor, key)) is not None:
        return accepted
    try:
        logs = await record_executions(
            actor, records, default_payload_chars=default_payload_chars, idempotency_key=key
        )
    except IntegrityError:
        # Sent twice at once: the other request stored the batch, and this one nothing.
        if (accepted := await accepted_before(actor, key)) is None:
            raise
        return accepted
    return len(logs)


async def record_executions(
    actor: Actor,
    records: list[ExecutionRecord],
    *,
    default_payload_chars: int,
    idempotency_key: str | None = None,
) -> list[ExecutionLog]:
    """Stores every record or none; a bad one refuses the batch, naming its index."""
    require_log_writer(actor)
    try:
        logs = await _checked_logs(actor, records, default_payload_chars)
    except BadUserInput:
        EXECUTION_BATCHES_REJECTED.inc()
        raise
    # Tortoise writes a str in a JSONField as JSON text as it is: a string goes in as its JSON.
    strings = {index: log.inputs for index, log in enumerate(logs) if isinstance(log.inputs, str)}
    for index, text in strings.items():
        logs[index].inputs = json.dumps(text)
    async with atomic():
        if logs:
            await ExecutionLog.bulk_create(logs)
        if idempotency_key is not None:
            await remember_batch_key(actor, idempotency_key, accepted=len(logs))
    for index, text in strings.items():
        logs[index].inputs = text
    EXECUTIONS_INGESTED.inc(len(logs))
    return logs


async def _checked_logs(
    actor: Actor, records: list[ExecutionRecord], default_payload_chars: int
) -> list[ExecutionLog]:
    if not records:
        return []
    tenant = await current_tenant(actor)
    environments = set(tenant.environments)
    version_ids: list[UUID] = []
    decoded: dict[str, UUID] = {}  # a batch names few versions, each many times
    for index, record in enumerate(records):
        try:
            record.check()
            if record.environment not in environments:
                raise BadUserInput(f"environment: unknown environment '{record.environment}'")
            if record.version_id not in decoded:
                decoded[record.version_id] = _version_uuid(record.version_id)
            version_ids.append(decoded[record.version_id])
        except BadUserInput as error:
            raise item_error(index, error.message) from None
    # One query for the whole batch: another tenant's version is, here, no version at all.
    owned = {
        UUID(str(id))
        for id in await AssetVersion.filter(
            tenant_id=actor.tenant_id, id__in=list(set(version_ids))
        ).values_list("id", flat=True)
    }
    for index, (record, version_id) in enumerate(zip(records, version_ids, strict=True)):
        if version_id not in owned:
            raise item_error(index, f"versionId: no version with id '{record.version_id}'")
    limit = payload_limit(tenant, default_payload_chars)
    return [
        _log(actor, record, version_id, limit)
        for record, version_id in zip(records, version_ids, strict=True)
    ]


async def list_execution_logs(
    actor: Actor,
    *,
    version_id: UUID | None,
    request_id: str | None,
    first: int | None,
    after: str | None,
) -> Page[ExecutionLog]:
    logs = ExecutionLog.scoped(actor)
    if version_id is not None:
        await get_version(actor, version_id)
        logs = logs.filter(version_id=version_id)
    if request_id is not None:
        logs = logs.filter(request_id=request_id)
    return await paginate(logs, order=("-created_at", "-id"), first=first, after=after)
