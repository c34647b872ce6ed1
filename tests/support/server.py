"""A real `promptvault serve` process on a free loopback port, for tests and benchmarks: with the
environment a caller gives (`started_server`, `running_server`; `own_database_environment` makes
one for a database of the test's own), or on a migrated database of its own with a few settings
over the suite's environment (`isolated_server`, which the server fixtures of the conftests
wrap)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx

from tests.support.databases import ThrowawayDatabase, migrated_database

START_TIMEOUT_SECONDS = 30
# A server that lost its database may take Tortoise's 10 s pool-close timeout to stop.
STOP_TIMEOUT_SECONDS = 20


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class ServerProcess:
    url: str
    process: subprocess.Popen[bytes]


@contextmanager
def started_server(
    env: dict[str, str], *args: str, port: int | None = None, log: IO[bytes] | None = None
) -> Iterator[ServerProcess]:
    """Starts the server with `env` on `port` (a free one by default), waits for /health, yields
    its URL and its process (which a test may kill); stops it at the end if it still runs. Its
    output goes to `log` when given."""
    port = port or free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", *args],
        env={**env, "PROMPTVAULT_PORT": str(port)},
        stdout=log or subprocess.DEVNULL,
        stderr=log or subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while True:
            try:
                httpx.get(f"{url}/health", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("promptvault serve did not start") from None
                time.sleep(0.2)
        yield ServerProcess(url=url, process=process)
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    """Asks the server to stop; kills it if it has not within the timeout, and reaps it."""
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def running_server(env: dict[str, str], *args: str) -> Iterator[str]:
    """Starts the server with `env` (plus a free port), waits for /health, yields its URL."""
    with started_server(env, *args) as server:
        yield server.url


def sharing_session_database(**settings: str) -> dict[str, str]:
    """The environment for a server process that shares the suite's database. Its own job worker
    stays off: the test process already runs one, and on SQLite a second process writing the
    same file meets "database is locked"."""
    return {**os.environ, "PROMPTVAULT_RUN_WORKER": "false", **settings}


@dataclass(frozen=True)
class IsolatedServer:
    url: str
    env: dict[str, str]  # the server's environment, for a CLI run against the same database


def own_database_environment(
    database: ThrowawayDatabase, settings: Mapping[str, str] = {}, unset: Collection[str] = ()
) -> dict[str, str]:
    """The suite's environment less the names in `unset`, with `settings` and `database`."""
    env = {name: value for name, value in os.environ.items() if name not in unset}
    return {**env, **settings, "PROMPTVAULT_DATABASE_URL": database.url}


@contextmanager
def isolated_server(
    dialect: str,
    directory: Path,
    settings: Mapping[str, str] = {},
    *,
    unset: Collection[str] = (),
) -> Iterator[IsolatedServer]:
    """A server on a migrated database of its own in `directory` (a server that writes must not
    share the suite's database: on SQLite a second process writing its file meets "database is
    locked"), with `settings` over the suite's environment less `unset`; waits until it answers,
    yields it, stops it at the end."""
    with migrated_database(dialect, directory) as database:
        env = own_database_environment(database, settings, unset)
        with running_server(env) as url:
            yield IsolatedServer(url=url, env=env)
