"""The audit trail is hash-chained per tenant: `promptvault audit verify` finds the first broken
link, and on PostgreSQL the table itself refuses UPDATE and DELETE."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import subprocess
import sys
import uuid

import asyncpg
import pytest

from app.core.audit import AuditEvent
from tests.support.cli import run_cli
from tests.support.databases import (
    ThrowawayDatabase,
    execute_script,
    postgres_database,
    query,
    require_postgres,
)
from tests.support.graphql import TenantHandle
from tests.support.registry import make_asset

DISABLE_TRIGGER = 'ALTER TABLE "audit_event" DISABLE TRIGGER audit_event_append_only;'
ENABLE_TRIGGER = 'ALTER TABLE "audit_event" ENABLE TRIGGER audit_event_append_only;'


def _behind_the_applications_back(database: ThrowawayDatabase, statement: str) -> None:
    """What a person with database access could do; on PostgreSQL they must lift the trigger."""
    if database.dialect == "postgres":
        statement = DISABLE_TRIGGER + statement + ENABLE_TRIGGER
    execute_script(database, statement)


def _event_of(tenant: TenantHandle, seq: int) -> str:
    return f"tenant_id = (SELECT id FROM tenant WHERE slug = '{tenant.slug}') AND seq = {seq}"


async def _verify(tenant: TenantHandle) -> subprocess.CompletedProcess[str]:
    return await asyncio.to_thread(run_cli, "audit", "verify", "--tenant", tenant.slug)


async def test_verify_reports_an_intact_chain(
    tenant: TenantHandle, database: ThrowawayDatabase
) -> None:
    await make_asset(tenant, versions=2)
    verified = await _verify(tenant)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "chain intact" in verified.stdout


@pytest.mark.parametrize(
    "forgery", ["""diff = '{"forged": true}'""", "ip = '203.0.113.9'"], ids=["diff", "ip"]
)
async def test_verify_finds_an_event_altered_behind_the_applications_back(
    tenant: TenantHandle, database: ThrowawayDatabase, forgery: str
) -> None:
    await make_asset(tenant, versions=2)
    statement = f"UPDATE audit_event SET {forgery} WHERE {_event_of(tenant, 3)};"
    await asyncio.to_thread(_behind_the_applications_back, database, statement)

    verified = await _verify(tenant)
    assert verified.returncode == 1
    assert "BROKEN at event 3" in verified.stdout
    assert "altered" in verified.stdout


def _hash_as_before_the_ip_was_hashed(event: AuditEvent, prev_hash: str) -> str:
    """How events were hashed until the ip joined the hash: they keep verifying."""
    content = {
        "seq": event.seq,
        "tenant": str(event.tenant_id),
        "actor": str(event.actor_id) if event.actor_id else None,
        "action": event.action,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "diff": event.diff,
        "created_at": event.created_at.isoformat(),
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}|{canonical}".encode()).hexdigest()


async def test_a_chain_hashed_before_the_ip_joined_the_hash_still_verifies(
    tenant: TenantHandle, database: ThrowawayDatabase
) -> None:
    await make_asset(tenant, versions=2)
    # What an upgraded database holds: the old hashes, and the hash_version column's default.
    updates, prev_hash = [], ""
    for event in await AuditEvent.filter(tenant__slug=tenant.slug).order_by("seq"):
        old_hash = _hash_as_before_the_ip_was_hashed(event, prev_hash)
        updates.append(
            f"UPDATE audit_event SET hash_version = 1, prev_hash = '{prev_hash}', "
            f"hash = '{old_hash}' WHERE id = '{event.id}';"
        )
        prev_hash = old_hash
    await asyncio.to_thread(_behind_the_applications_back, database, "".join(updates))

    verified = await _verify(tenant)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "chain intact" in verified.stdout


async def test_verify_finds_a_removed_event(
    tenant: TenantHandle, database: ThrowawayDatabase
) -> None:
    await make_asset(tenant, versions=2)
    statement = f"DELETE FROM audit_event WHERE {_event_of(tenant, 2)};"
    await asyncio.to_thread(_behind_the_applications_back, database, statement)

    verified = await _verify(tenant)
    assert verified.returncode == 1
    assert "BROKEN at event 2: event 2 is missing" in verified.stdout


def test_postgres_refuses_to_update_or_delete_audit_events() -> None:
    require_postgres()
    with postgres_database() as db:
        subprocess.run(
            [sys.executable, "-m", "app.cli", "migrate"],
            env={**os.environ, "PROMPTVAULT_DATABASE_URL": db.url},
            check=True,
            capture_output=True,
        )
        tenant_id, event_id = uuid.uuid4(), uuid.uuid4()
        execute_script(
            db,
            f"""INSERT INTO tenant (id, created_at, name, slug, max_users, policy)
                VALUES ('{tenant_id}', now(), 'T', 't', 5, '{{}}');
                INSERT INTO audit_event (id, created_at, tenant_id, seq, action, target_type,
                                         target_id, prev_hash, hash)
                VALUES ('{event_id}', now(), '{tenant_id}', 1, 'x', 'Tenant', 't', '', 'h');""",
        )
        for statement in [
            f"UPDATE audit_event SET action = 'forged' WHERE id = '{event_id}'",
            f"DELETE FROM audit_event WHERE id = '{event_id}'",
        ]:
            with pytest.raises(asyncpg.RaiseError, match="append-only"):
                execute_script(db, statement)
        assert query(db, "SELECT action FROM audit_event") == [("x",)]
