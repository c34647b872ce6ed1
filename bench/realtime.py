"""Issue 4's figure: time from an activation to its receipt by 1,000 concurrent websocket
subscribers (graphql-transport-ws), at p50 and p99:
- on one server process (one uvicorn worker), on SQLite and on PostgreSQL;
- on PostgreSQL, split across two server processes (500 on each), the activation made through
  the first, so that half the subscribers receive it through LISTEN/NOTIFY from the other.

The clock starts when the activation request is sent and stops when a subscriber's socket has
read the event; the subscribers run in this one process, on the same machine as the servers.
Traffic goes to 127.0.0.1 only; rounds are bounded in count and time.
Run: .venv/bin/python bench/realtime.py [--subscribers N] [--rounds R]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, ExitStack, asynccontextmanager

from _dialects import run_for_each_dialect  # noqa: I001

from tests.support.graphql import GraphQLClient, TenantHandle
from tests.support.realtime import Activations, GraphQLSocket
from tests.support.registry import make_asset
from tests.support.server import running_server

TIME_LIMIT_SECONDS = 120
ROUND_TIMEOUT_SECONDS = 10
OPEN_BATCH = 100
SUBSCRIPTION = "subscription { activations { asset { name } version { number } at } }"


class Subscriber:
    def __init__(self, socket: GraphQLSocket) -> None:
        self.socket = socket
        self.arrivals: list[float] = []
        self.task = asyncio.create_task(self._listen())

    async def _listen(self) -> None:
        while True:
            await self.socket.next_data(timeout=TIME_LIMIT_SECONDS)
            self.arrivals.append(time.perf_counter())


@asynccontextmanager
async def subscribers(urls: list[str], count: int, token: str) -> AsyncIterator[list[Subscriber]]:
    """`count` subscribers spread evenly over the servers at `urls`."""
    async with AsyncExitStack() as stack:

        async def subscribe(url: str) -> Subscriber:
            socket = await stack.enter_async_context(GraphQLSocket.signed_in(url, token))
            await socket.subscribe(SUBSCRIPTION)
            return Subscriber(socket)

        opened: list[Subscriber] = []
        for start in range(0, count, OPEN_BATCH):
            batch = range(start, min(start + OPEN_BATCH, count))
            opened += await asyncio.gather(*(subscribe(urls[i % len(urls)]) for i in batch))
        try:
            yield opened
        finally:
            for subscriber in opened:
                subscriber.task.cancel()


async def _all_received(listeners: list[Subscriber], expected: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while any(len(s.arrivals) < expected for s in listeners):
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.005)
    return True


async def _latencies(
    activations: Activations, listeners: list[Subscriber], rounds: int
) -> list[float]:
    # Every subscription is live once each has received an event.
    for _ in range(20):
        await activations.next()
        if await _all_received(listeners, 1, 2):
            break
    else:
        raise RuntimeError("not every subscriber received the first activation")
    await asyncio.sleep(0.5)
    for subscriber in listeners:
        subscriber.arrivals.clear()
    latencies: list[float] = []
    deadline = time.monotonic() + TIME_LIMIT_SECONDS
    for round_number in range(1, rounds + 1):
        if time.monotonic() > deadline:
            break
        started = time.perf_counter()
        await activations.next()
        if not await _all_received(listeners, round_number, ROUND_TIMEOUT_SECONDS):
            raise RuntimeError(f"round {round_number}: some subscribers received nothing")
        latencies += [s.arrivals[round_number - 1] - started for s in listeners]
        await asyncio.sleep(0.2)
    return latencies


def _percentile(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1000


async def _run(label: str, urls: list[str], args: argparse.Namespace) -> None:
    async with GraphQLClient.for_url(urls[0]) as api:
        tenant = await TenantHandle.register(api)
        activations = Activations(tenant, await make_asset(tenant, versions=3))
        async with subscribers(urls, args.subscribers, tenant.token) as listeners:
            ordered = sorted(await _latencies(activations, listeners, args.rounds))
    print(
        f"{label}: {args.subscribers} subscribers, {len(ordered) // args.subscribers} rounds: "
        f"p50 {_percentile(ordered, 0.5):.0f} ms, p99 {_percentile(ordered, 0.99):.0f} ms, "
        f"max {ordered[-1] * 1000:.0f} ms"
    )


async def _measure(dialect: str, database_url: str, args: argparse.Namespace) -> None:
    env = {**os.environ, "PROMPTVAULT_RUN_WORKER": "false"}
    with running_server(env) as url:
        await _run(f"[{dialect}] one server process", [url], args)
    if dialect == "postgres":
        with ExitStack() as servers:
            urls = [servers.enter_context(running_server(env)) for _ in range(2)]
            await _run(f"[{dialect}] two server processes", urls, args)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--subscribers", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=20)
    run_for_each_dialect(parser, _measure)


if __name__ == "__main__":
    main()
