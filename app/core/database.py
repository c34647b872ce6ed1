"""The Tortoise configuration, shared by the server, the CLI and migrations."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from tortoise import Tortoise
from tortoise.backends.base.client import TransactionalDBClient
from tortoise.backends.sqlite.client import SqliteTransactionContext
from tortoise.connection import get_connections

MODEL_MODULES = [
    "app.identity.models",
    "app.registry.models",
    "app.access.models",
    "app.governance.models",
    "app.jobs.models",
    "app.telemetry.models",
    "app.realtime.models",
    "app.webhooks.models",
    "app.providers.models",
    "app.core.audit",
    "aerich.models",
]


def dialect_of(database_url: str) -> str:
    return "postgres" if database_url.startswith(("postgres://", "postgresql://")) else "sqlite"


def tortoise_config(database_url: str) -> dict[str, Any]:
    if database_url.startswith("sqlite://"):
        credentials: dict[str, Any] = {"file_path": database_url.removeprefix("sqlite://")}
        connection: dict[str, Any] = {
            "engine": "tortoise.backends.sqlite",
            "credentials": credentials,
        }
        credentials["journal_mode"] = "WAL"
    else:
        connection = database_url  # type: ignore[assignment]
    return {
        "connections": {"default": connection},
        "apps": {"models": {"models": MODEL_MODULES, "default_connection": "default"}},
        "use_tz": True,
        "timezone": "UTC",
    }


async def _enter_releasing_on_failure(self: SqliteTransactionContext) -> TransactionalDBClient:
    """SQLite's transaction context as Tortoise has it, but for one trap: Tortoise takes the
    connection's lock and then begins, and a task cancelled while it began (a job worker stopped
    at shutdown) kept the lock, so that every later query of the process waited forever. Here a
    failed begin gives the lock back."""
    await self._trxlock.acquire()
    try:
        await self.ensure_connection()
        self.token = get_connections().set(self.connection_name, self.connection)
        try:
            await self.connection.begin()
        except BaseException:
            get_connections().reset(self.token)
            with contextlib.suppress(Exception):
                await self.connection._connection.rollback()
            raise
    except BaseException:
        self._trxlock.release()
        raise
    connection: TransactionalDBClient = self.connection
    return connection


SqliteTransactionContext.__aenter__ = _enter_releasing_on_failure  # type: ignore[method-assign]


@asynccontextmanager
async def open_database(database_url: str) -> AsyncIterator[None]:
    """Tortoise for the whole process. Tortoise 1.x keeps its state in a context variable; the
    global fallback (what its RegisterTortoise uses) lets request tasks, started outside the
    lifespan's task, see it too."""
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)
    try:
        yield
    finally:
        await Tortoise.close_connections()
