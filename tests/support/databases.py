"""Throwaway databases for a test run: a SQLite file, or a PostgreSQL database of its own."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import asyncpg
import pytest

ADMIN_URL = os.environ.get(
    "PROMPTVAULT_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)


@dataclass(frozen=True)
class ThrowawayDatabase:
    url: str
    dialect: str


@contextmanager
def sqlite_database(
    directory: Path, name: str = "promptvault-test.db"
) -> Iterator[ThrowawayDatabase]:
    path = directory / name
    yield ThrowawayDatabase(url=f"sqlite://{path}", dialect="sqlite")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


async def _admin(statement: str) -> None:
    connection = await asyncpg.connect(ADMIN_URL)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@contextmanager
def postgres_database() -> Iterator[ThrowawayDatabase]:
    name = f"promptvault_test_{uuid.uuid4().hex[:12]}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    base, _, _ = ADMIN_URL.rpartition("/")
    try:
        yield ThrowawayDatabase(url=f"{base}/{name}", dialect="postgres")
    finally:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@contextmanager
def migrated_database(dialect: str, directory: Path) -> Iterator[ThrowawayDatabase]:
    """A database of its own, migrated, for tests whose server and worker processes must not
    share the session's database (nor its in-process job worker)."""
    databases = postgres_database() if dialect == "postgres" else sqlite_database(directory)
    with databases as db:
        subprocess.run(
            [sys.executable, "-m", "app.cli", "migrate"],
            env={**os.environ, "PROMPTVAULT_DATABASE_URL": db.url},
            check=True,
            capture_output=True,
        )
        yield db


@cache
def _postgres_problem() -> str | None:
    async def probe() -> None:
        connection = await asyncpg.connect(ADMIN_URL, timeout=5)
        await connection.close()

    try:
        asyncio.run(probe())
    except (TimeoutError, OSError, asyncpg.PostgresError) as error:
        return f"PostgreSQL is not reachable at {ADMIN_URL}: {error!r}"
    return None


def require_postgres() -> None:
    problem = _postgres_problem()
    if problem is None:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{problem} (CI=true: PostgreSQL is required)")
    pytest.skip(f"{problem}; start it or set PROMPTVAULT_TEST_POSTGRES_URL")


def query(db: ThrowawayDatabase, sql: str) -> list[tuple[Any, ...]]:
    """Rows of one statement (no parameters; the SQL must suit both dialects)."""
    if db.dialect == "sqlite":
        with sqlite3.connect(db.url.removeprefix("sqlite://")) as connection:
            return [tuple(row) for row in connection.execute(sql).fetchall()]

    async def fetch() -> list[tuple[Any, ...]]:
        connection = await asyncpg.connect(db.url)
        try:
            return [tuple(record) for record in await connection.fetch(sql)]
        finally:
            await connection.close()

    return asyncio.run(fetch())


def execute_script(db: ThrowawayDatabase, script: str) -> None:
    if db.dialect == "sqlite":
        connection = sqlite3.connect(db.url.removeprefix("sqlite://"))
        try:
            connection.executescript(script)
            connection.commit()
        finally:
            connection.close()
        return

    async def run() -> None:
        connection = await asyncpg.connect(db.url)
        try:
            async with connection.transaction():
                await connection.execute(script)
        finally:
            await connection.close()

    asyncio.run(run())
