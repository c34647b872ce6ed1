"""The two aerich migration sets (migrations/sqlite, migrations/postgres): each applies from an
empty database through `promptvault migrate`, neither lags the models, a change to the models is
detected, and an upgrade keeps the rows of a database that has data.

These tests make their own databases, so both dialects run whatever PROMPTVAULT_TEST_DB says.
PostgreSQL must be reachable (PROMPTVAULT_TEST_POSTGRES_URL, default 127.0.0.1:5432); without it
the PostgreSQL cases fail when CI=true and are skipped otherwise. aerich keeps global state per
process, so everything that migrates runs in a subprocess of its own.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.core.migrations import DIALECTS, MIGRATIONS_ROOT, generate_migrations
from tests.support.databases import (
    ThrowawayDatabase,
    execute_script,
    postgres_database,
    query,
    require_postgres,
    sqlite_database,
)

PROJECT_ROOT = MIGRATIONS_ROOT.parent
EXPECTED_TABLES = {
    "tenant",
    "user",
    "session",
    "asset",
    "asset_tag",
    "asset_version",
    "activation",
    "current_activation",
    "audit_event",
    "aerich",
}
MAKEMIGRATIONS_HINT = (
    "The models have changed since the newest migration. Run `promptvault makemigrations <name>` "
    "(it writes both migrations/sqlite and migrations/postgres), review the SQL, and commit both."
)


# --- helpers


@pytest.fixture(params=DIALECTS)
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ThrowawayDatabase]:
    """A fresh, empty database of the parametrized dialect (not the session `database`)."""
    if request.param == "postgres":
        require_postgres()
        with postgres_database() as db:
            yield db
    else:
        with sqlite_database(tmp_path, "migrations-test.db") as db:
            yield db


def tables_of(db: ThrowawayDatabase) -> set[str]:
    if db.dialect == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
    else:
        sql = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
    return {row[0] for row in query(db, sql)}


def applied_versions(db: ThrowawayDatabase) -> list[str]:
    return sorted(row[0] for row in query(db, "SELECT version FROM aerich"))


def migration_files(dialect: str, root: Path = MIGRATIONS_ROOT) -> list[Path]:
    """The migration files of one dialect in aerich's order (by the number before `_`)."""
    files = [
        path
        for path in (root / dialect / "models").glob("*.py")
        if path.stem.split("_", 1)[0].isdigit() and "_" in path.stem
    ]
    return sorted(files, key=lambda path: int(path.stem.split("_", 1)[0]))


def run_migrate_cli(db: ThrowawayDatabase) -> str:
    """`promptvault migrate` against `db`; its output. Fails the test with stderr on error."""
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "migrate"],
        env={**os.environ, "PROMPTVAULT_DATABASE_URL": db.url},
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, (
        f"`promptvault migrate` failed on {db.dialect} (exit {result.returncode}):\n"
        f"{result.stdout}\n{result.stderr}"
    )
    return result.stdout


def run_apply_migrations(db: ThrowawayDatabase, root: Path) -> list[str]:
    """app.core.migrations.apply_migrations(url, root) in a process of its own."""
    code = (
        "import asyncio, json, sys\n"
        "from pathlib import Path\n"
        "from app.core.migrations import apply_migrations\n"
        "print(json.dumps(asyncio.run(apply_migrations(sys.argv[1], Path(sys.argv[2])))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, db.url, str(root)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, (
        f"apply_migrations failed on {db.dialect} with root {root}:\n{result.stderr}"
    )
    applied: list[str] = json.loads(result.stdout.strip().splitlines()[-1])
    return applied


def generate(name: str, root: Path) -> dict[str, str]:
    try:
        return generate_migrations(name, root=root)
    except subprocess.CalledProcessError as error:
        pytest.fail(
            f"generating migrations in {root} failed (exit {error.returncode}):\n"
            f"{error.stdout}\n{error.stderr}"
        )


def copy_migrations(destination: Path) -> Path:
    root = destination / "migrations"
    shutil.copytree(MIGRATIONS_ROOT, root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def files_under(root: Path) -> set[str]:
    return {
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "__pycache__" not in path.parts
    }


# --- 1. both sets apply from empty, and a second migrate applies nothing


def test_migrate_builds_the_schema_from_an_empty_database(
    empty_database: ThrowawayDatabase,
) -> None:
    db = empty_database
    expected_versions = sorted(path.name for path in migration_files(db.dialect))
    assert expected_versions, f"migrations/{db.dialect}/models has no migration files"

    first = run_migrate_cli(db)

    assert first.strip().startswith(f"applied {len(expected_versions)} migration(s)"), first
    missing = EXPECTED_TABLES - tables_of(db)
    assert not missing, f"{db.dialect}: tables missing after migrate: {sorted(missing)}"
    assert applied_versions(db) == expected_versions

    second = run_migrate_cli(db)

    assert second.strip() == "applied 0 migration(s)", second
    assert applied_versions(db) == expected_versions


# --- 2. neither set lags the models


def test_neither_migration_set_lags_the_models(tmp_path: Path) -> None:
    root = copy_migrations(tmp_path)
    before = files_under(root)

    written = generate("lagcheck", root)

    lagging = {dialect: file for dialect, file in written.items() if file}
    would_write = "".join(
        f"\n--- {dialect}: {file} ---\n{(root / dialect / 'models' / file).read_text()[:3000]}"
        for dialect, file in lagging.items()
        if (root / dialect / "models" / file).is_file()
    )
    assert not lagging, (
        f"{MAKEMIGRATIONS_HINT}\nA check in a copy would write: {lagging}{would_write}"
    )
    new_files = files_under(root) - before
    assert not new_files, f"{MAKEMIGRATIONS_HINT}\nA check in a copy wrote: {sorted(new_files)}"
    assert set(written) == set(DIALECTS)


# --- 3. an upgrade keeps the rows of a database with data

TENANT_ID = "0b7f3c1e-6a51-4d3c-9d7e-0a9a3e5b1c01"
USER_ID = "0b7f3c1e-6a51-4d3c-9d7e-0a9a3e5b1c02"
ASSET_ID = "0b7f3c1e-6a51-4d3c-9d7e-0a9a3e5b1c03"
VERSION_ID = "0b7f3c1e-6a51-4d3c-9d7e-0a9a3e5b1c04"
CREATED = "2026-01-02 03:04:05+00:00"

# Rows written against the schema of the FIRST migration (which never changes once released), in
# SQL that both dialects accept: quoted identifiers, text literals for UUIDs, timestamps and JSON.
ROWS_AT_FIRST_MIGRATION = f"""
INSERT INTO "tenant" ("id", "created_at", "name", "slug", "max_users", "policy")
VALUES ('{TENANT_ID}', '{CREATED}', 'Upgrade Co', 'upgrade-co', 7, '{{"reviews": 1}}');
INSERT INTO "user" ("id", "created_at", "email", "name", "password_hash", "role", "is_active",
                    "is_superadmin", "tenant_id")
VALUES ('{USER_ID}', '{CREATED}', 'dev@upgrade.example', 'Dev', 'not-a-real-hash', 'developer',
        TRUE, FALSE, '{TENANT_ID}');
INSERT INTO "asset" ("id", "created_at", "name", "kind", "title", "description", "category",
                     "archived", "updated_at", "owner_id", "template_id", "tenant_id")
VALUES ('{ASSET_ID}', '{CREATED}', 'greeting', 'prompt', 'Greeting', 'Says hello', 'support',
        FALSE, '{CREATED}', '{USER_ID}', NULL, '{TENANT_ID}');
INSERT INTO "asset_version" ("id", "created_at", "number", "semver", "body", "variables",
                             "model_settings", "message", "content_hash", "status", "asset_id",
                             "author_id", "tenant_id")
VALUES ('{VERSION_ID}', '{CREATED}', 1, '1.0.0', 'Hello {{{{ name }}}}', '{{"name": "string"}}',
        '{{"temperature": 0.2}}', 'first', '{"a" * 64}', 'approved', '{ASSET_ID}',
        '{USER_ID}', '{TENANT_ID}');
"""

READ_BACK_WITH_THE_MODELS = """
import asyncio, json, sys
from app.core.database import open_database
from app.identity.models import Tenant, User
from app.registry.models import Asset, AssetVersion

async def main(url):
    async with open_database(url):
        tenant = await Tenant.get(id=sys.argv[2])
        user = await User.get(id=sys.argv[3])
        asset = await Asset.get(id=sys.argv[4])
        version = await AssetVersion.get(id=sys.argv[5])
        print(json.dumps({
            "tenant": [tenant.slug, tenant.max_users, tenant.policy],
            "user": [user.email, str(user.role), user.is_active, user.is_superadmin,
                     str(user.tenant_id)],
            "asset": [asset.name, str(asset.kind), asset.archived, str(asset.owner_id)],
            "version": [version.number, version.body, version.variables,
                        version.model_settings, str(version.status), str(version.asset_id),
                        version.created_at.isoformat()],
        }))

asyncio.run(main(sys.argv[1]))
"""


def test_upgrade_keeps_existing_rows(empty_database: ThrowawayDatabase, tmp_path: Path) -> None:
    db = empty_database
    all_files = migration_files(db.dialect)
    first_only = tmp_path / "first-migration-only"
    (first_only / db.dialect / "models").mkdir(parents=True)
    shutil.copy2(all_files[0], first_only / db.dialect / "models" / all_files[0].name)

    assert run_apply_migrations(db, first_only) == [all_files[0].name]
    execute_script(db, ROWS_AT_FIRST_MIGRATION)

    # The real set: applies every migration after the first (none while there is only one).
    upgraded = run_apply_migrations(db, MIGRATIONS_ROOT)

    assert upgraded == [path.name for path in all_files[1:]]
    assert applied_versions(db) == sorted(path.name for path in all_files)
    counts = {
        table: query(db, f'SELECT COUNT(*) FROM "{table}"')[0][0]
        for table in ("tenant", "user", "asset", "asset_version")
    }
    assert counts == {"tenant": 1, "user": 1, "asset": 1, "asset_version": 1}

    result = subprocess.run(
        [sys.executable, "-c", READ_BACK_WITH_THE_MODELS, db.url]
        + [TENANT_ID, USER_ID, ASSET_ID, VERSION_ID],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, (
        f"{db.dialect}: the models cannot read rows that predate the upgrade:\n{result.stderr}"
    )
    rows = json.loads(result.stdout.strip().splitlines()[-1])
    assert rows == {
        "tenant": ["upgrade-co", 7, {"reviews": 1}],
        "user": ["dev@upgrade.example", "developer", True, False, TENANT_ID],
        "asset": ["greeting", "prompt", False, USER_ID],
        "version": [
            1,
            "Hello {{ name }}",
            {"name": "string"},
            {"temperature": 0.2},
            "approved",
            ASSET_ID,
            "2026-01-02T03:04:05+00:00",
        ],
    }


# --- 4. a change IS detected, so the lag check can fail


def test_generating_into_an_empty_root_writes_an_initial_migration(tmp_path: Path) -> None:
    root = tmp_path / "migrations"

    written = generate("initial", root)

    assert written == {dialect: "initial" for dialect in DIALECTS}
    for dialect, dialect_marker in (("sqlite", '"id" CHAR(36)'), ("postgres", '"id" UUID')):
        files = migration_files(dialect, root)
        assert len(files) == 1, f"{dialect}: expected one initial migration, got {files}"
        sql = files[0].read_text()
        assert 'CREATE TABLE IF NOT EXISTS "tenant"' in sql
        assert dialect_marker in sql, f"{dialect}: the initial migration is not {dialect} SQL"


def test_a_model_change_since_the_newest_migration_is_detected(tmp_path: Path) -> None:
    """The lag check's own path (aerich migrate against existing files), not the initial one:
    make the newest migration's recorded state lack tenant.max_users, as if the field had just
    been added to the model, and generation must write a migration that adds it."""
    from aerich.utils import compress_dict, decompress_dict

    root = copy_migrations(tmp_path)
    for dialect in DIALECTS:
        newest = migration_files(dialect, root)[-1]
        namespace: dict[str, Any] = {}
        exec(compile(newest.read_text(), str(newest), "exec"), namespace)
        state = decompress_dict(namespace["MODELS_STATE"])
        tenant = state["models.Tenant"]
        tenant["data_fields"] = [f for f in tenant["data_fields"] if f["name"] != "max_users"]
        with newest.open("a") as file:
            file.write(f"\n\nMODELS_STATE = {compress_dict(state)!r}\n")
    before = files_under(root)

    written = generate("drift", root)

    for dialect in DIALECTS:
        assert written[dialect].endswith("_drift.py"), f"{dialect}: change not detected: {written}"
        new_file = root / dialect / "models" / written[dialect]
        assert new_file.exists()
        assert "max_users" in new_file.read_text()
    assert files_under(root) - before == {
        f"{dialect}/models/{written[dialect]}" for dialect in DIALECTS
    }
