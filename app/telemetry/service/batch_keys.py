"""Idempotency keys of execution-log batches. A client whose batch's answer was lost sends the
batch again under the same key; the key remembers the first answer, so the batch is stored once.
Keys are kept for `batch_key_retention_seconds` (a day by default), far longer than a client
retries, and then pruned."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager

from app.core.actor import Actor
from app.core.periodic import pruning_rows_older_than
from app.core.validation import bounded_text
from app.settings import Settings
from app.telemetry.models import ExecutionBatchKey

MAX_KEY_CHARS = 200


def checked_batch_key(key: str) -> str:
    return bounded_text(key, field="idempotencyKey", max_chars=MAX_KEY_CHARS, required=True)


async def accepted_before(actor: Actor, key: str) -> int | None:
    """How many logs a batch under this key stored, if one was stored."""
    found = await ExecutionBatchKey.scoped(actor).filter(key=key).only("accepted").first()
    return found.accepted if found else None


async def remember_batch_key(actor: Actor, key: str, *, accepted: int) -> None:
    """Call in the batch's transaction. A concurrent batch under the same key makes the second
    to commit fail with IntegrityError."""
    await ExecutionBatchKey.create(tenant_id=actor.tenant_id, key=key, accepted=accepted)


def pruning_batch_keys(settings: Settings) -> AbstractAsyncContextManager[None]:
    return pruning_rows_older_than(
        ExecutionBatchKey, settings.batch_key_retention_seconds, name="batch key pruning"
    )
