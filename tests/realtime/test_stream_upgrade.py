"""Upgrading to per-tenant SSE event ids: a client that resumes with an id of the old, global
numbering misses nothing, and a tenant's new ids continue above every id given before."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.core.test_migrations import empty_database, migration_files, run_apply_migrations
from tests.support.databases import ThrowawayDatabase, execute_script, query

__all__ = ["empty_database"]  # the fixture, parametrized over both databases

PER_TENANT_IDS = "stream_ids_per_tenant"
TENANTS = ("0b7f3c1e-6a51-4d3c-9d7e-0a9a3e5b1c11", "0b7f3c1e-6a51-4d3c-9d7e-0a9a3e5b1c12")
CREATED = "2026-01-02 03:04:05+00:00"


def _rows_before_the_upgrade() -> str:
    """Two tenants' events under global ids 1 to 6; the newest (id 6) is already pruned."""
    tenants = "".join(
        f"""INSERT INTO "tenant" ("id", "created_at", "name", "slug", "max_users", "policy")
            VALUES ('{tenant}', '{CREATED}', 'T{index}', 't{index}', 5, '{{}}');"""
        for index, tenant in enumerate(TENANTS)
    )
    # The database numbers them, as it did: a fresh table gives 1 to 6.
    events = "".join(
        f"""INSERT INTO "stream_event" ("tenant_id", "kind", "data", "created_at")
            VALUES ('{TENANTS[id % 2]}', 'version.activated', '{{}}', '{CREATED}');"""
        for id in range(1, 7)
    )
    return tenants + events + 'DELETE FROM "stream_event" WHERE "id" = 6;'


def test_old_event_ids_stay_valid_and_new_ones_continue_above_them(
    empty_database: ThrowawayDatabase, tmp_path: Path
) -> None:
    db = empty_database
    files = migration_files(db.dialect)
    upgrade = next(i for i, path in enumerate(files) if path.stem.endswith(PER_TENANT_IDS))
    before = tmp_path / "before" / db.dialect / "models"
    before.mkdir(parents=True)
    for path in files[:upgrade]:
        shutil.copy2(path, before / path.name)
    run_apply_migrations(db, before.parents[1])
    execute_script(db, _rows_before_the_upgrade())

    run_apply_migrations(db, files[0].parents[2])

    ids_and_seqs = query(db, 'SELECT "id", "seq" FROM "stream_event" ORDER BY "id"')
    assert ids_and_seqs == [(id, id) for id in range(1, 6)]
    sequences = query(db, 'SELECT "tenant_id", "last_seq" FROM "stream_sequence"')
    assert sorted((str(tenant), last) for tenant, last in sequences) == [
        (tenant, 6) for tenant in sorted(TENANTS)
    ]
