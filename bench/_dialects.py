"""Runs a benchmark once per database dialect, each in a process of its own: Tortoise binds its SQL
dialect once per process, so SQLite and PostgreSQL cannot share one."""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.databases import postgres_database, sqlite_database  # noqa: E402

Measure = Callable[[str, str, argparse.Namespace], Awaitable[None]]


def run_for_each_dialect(parser: argparse.ArgumentParser, measure: Measure) -> None:
    parser.add_argument("--dialect", choices=["sqlite", "postgres"], help="only this one")
    args = parser.parse_args()
    os.environ.setdefault("PROMPTVAULT_SECRET_KEY", "bench-secret-key-long-enough-for-hs256")
    os.environ.setdefault("PROMPTVAULT_BCRYPT_ROUNDS", "4")
    # One bench tenant sends far more than a tenant's default rate limits allow.
    for limit in ("RUNTIME", "GRAPHQL"):
        os.environ.setdefault(f"PROMPTVAULT_{limit}_RATE_PER_SECOND", "1000000")
        os.environ.setdefault(f"PROMPTVAULT_{limit}_BURST", "1000000")
    if args.dialect is None:
        for dialect in ("sqlite", "postgres"):
            subprocess.run([sys.executable, *sys.argv, "--dialect", dialect], check=True)
        return
    data_dir = Path(tempfile.mkdtemp(prefix="promptvault-bench-"))
    os.environ["PROMPTVAULT_DATA_DIR"] = str(data_dir)
    databases = sqlite_database(data_dir) if args.dialect == "sqlite" else postgres_database()
    with databases as database:
        os.environ["PROMPTVAULT_DATABASE_URL"] = database.url
        subprocess.run(
            [sys.executable, "-m", "app.cli", "migrate"], check=True, capture_output=True
        )
        asyncio.run(measure(args.dialect, database.url, args))
