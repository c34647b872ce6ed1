"""aerich migrations, one set per SQL dialect, generated from the same models.

aerich writes raw SQL for the dialect of the connection it is given, so SQLite and PostgreSQL
each keep their own set under migrations/<dialect>/. Generation runs offline: it diffs the models
against the state stored in the newest migration file, so it needs no database server.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

from aerich import Command
from tortoise import Tortoise

from app.core.database import dialect_of, tortoise_config

MIGRATIONS_ROOT = Path(__file__).resolve().parents[2] / "migrations"
DIALECTS = ("sqlite", "postgres")
# Offline generation only needs a connection of the right dialect; nothing connects to it.
_OFFLINE_URLS = {
    "sqlite": "sqlite://:memory:",
    "postgres": "postgres://postgres@127.0.0.1:5432/promptvault_offline",
}


def migrations_dir(dialect: str, root: Path = MIGRATIONS_ROOT) -> Path:
    return root / dialect


async def apply_migrations(database_url: str, root: Path = MIGRATIONS_ROOT) -> list[str]:
    """Bring the database up to the newest migration of its dialect; returns what was applied."""
    location = migrations_dir(dialect_of(database_url), root)
    async with Command(tortoise_config(database_url), location=str(location)) as command:
        applied = await command.upgrade(run_in_transaction=True)
    await Tortoise.close_connections()
    return applied


async def _generate_in_this_process(dialect: str, name: str, root: Path) -> str:
    """Write the migration that brings `dialect`'s set up to the models; '' when nothing changed."""
    location = migrations_dir(dialect, root)
    command = Command(tortoise_config(_OFFLINE_URLS[dialect]), location=str(location))
    try:
        if not any(location.glob("models/*.py")):
            await command.init_migrations(safe=True)
            return "initial"
        await command.init(offline=True)
        return await command.migrate(name, no_input=True, offline=True)
    finally:
        await Tortoise.close_connections()


def generate_migrations(name: str, root: Path = MIGRATIONS_ROOT) -> dict[str, str]:
    """Generate the migration `name` for every dialect; what each wrote ('' for no change).

    aerich keeps its state in globals of the process, so each dialect runs in a process of its own.
    """
    written = {}
    for dialect in DIALECTS:
        result = subprocess.run(
            [sys.executable, "-m", "app.core.migrations", dialect, name, str(root)],
            check=True,
            capture_output=True,
            text=True,
        )
        written[dialect] = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    return written


if __name__ == "__main__":
    dialect_arg, name_arg, root_arg = sys.argv[1:4]
    print(asyncio.run(_generate_in_this_process(dialect_arg, name_arg, Path(root_arg))))
