"""Issue 12's figures, on SQLite and PostgreSQL with one uvicorn worker (its job worker runs the
calls to the model):
- the time from sending runPrompt to the first streamed piece reaching a websocket subscriber of
  promptRunOutput, p50 and p99 over 200 runs against a fake OpenAI-compatible server on
  127.0.0.1, beside the fake's own time to its first piece when called directly (the model's
  share): the difference is the overhead we add;
- how many runs one worker holds at once before the p99 of that overhead doubles: N runs started
  together, each held open by the fake for a while after its first piece.

Traffic goes to 127.0.0.1 only; every loop is bounded in count and time.
Run: .venv/bin/python bench/runs.py [--runs N] [--dialect sqlite|postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
from contextlib import AsyncExitStack

import httpx
from _dialects import run_for_each_dialect  # noqa: I001

from tests.support.fake_providers import FakeProvider, running_fake_provider
from tests.support.graphql import GraphQLClient, TenantHandle
from tests.support.providers import create_connection, fake_input
from tests.support.realtime import GraphQLSocket
from tests.support.registry import make_asset
from tests.support.runs import started_run

TIME_LIMIT_SECONDS = 120
RUN_TIMEOUT_SECONDS = 20
HOLD_SECONDS = 1.5  # how long the fake keeps each concurrent run open after its first piece
CONCURRENCY_STEPS = (1, 5, 10, 20, 30, 40, 50)  # 50: subscriptions per user, and the lane
OUTPUT = """
subscription Output($runId: ID!) { promptRunOutput(runId: $runId) { delta done } }
"""


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


async def _direct_first_piece(fake: FakeProvider) -> float:
    """Seconds from a chat request sent straight to the fake to its first piece of text."""
    messages = [{"role": "user", "content": "hi"}]
    body = {"model": fake.models[0], "stream": True, "messages": messages}
    headers = {"Authorization": f"Bearer {fake.key}"}
    async with httpx.AsyncClient(timeout=RUN_TIMEOUT_SECONDS) as client:
        started = time.perf_counter()
        url = f"{fake.url}/chat/completions"
        async with client.stream("POST", url, json=body, headers=headers) as response:
            async for line in response.aiter_lines():
                if '"content"' in line:
                    return time.perf_counter() - started
    raise RuntimeError("the fake sent no piece")


class Bench:
    def __init__(self, tenant: TenantHandle, version_id: str, connection_id: str) -> None:
        self.tenant = tenant
        self.input = {
            "versionId": version_id,
            "variables": {"topic": "tea"},
            "connectionId": connection_id,
        }

    async def first_piece(self, socket: GraphQLSocket) -> float:
        """Seconds from sending runPrompt to the subscriber's first non-empty piece; then waits
        for the run's end so that the socket is free for the next subscription."""
        started = time.perf_counter()
        run = await started_run(self.tenant, self.input, role="DEVELOPER")
        await socket.subscribe(OUTPUT, {"runId": run["id"]})
        first = None
        async with asyncio.timeout(RUN_TIMEOUT_SECONDS):
            while True:
                chunk = (await socket.next_data(timeout=RUN_TIMEOUT_SECONDS))["promptRunOutput"]
                if first is None and chunk["delta"]:
                    first = time.perf_counter() - started
                if chunk["done"]:
                    break
            assert (await socket.receive())["type"] == "complete"
        if first is None:
            raise RuntimeError("a run streamed no text")
        return first


async def _sequential(bench: Bench, url: str, runs: int) -> list[float]:
    timings: list[float] = []
    deadline = time.monotonic() + TIME_LIMIT_SECONDS
    async with GraphQLSocket.signed_in(url, bench.tenant.token) as socket:
        for _ in range(runs):
            if time.monotonic() > deadline:
                break
            timings.append(await bench.first_piece(socket))
    return timings


async def _together(bench: Bench, url: str, count: int) -> list[float]:
    async with AsyncExitStack() as stack:
        sockets = [
            await stack.enter_async_context(GraphQLSocket.signed_in(url, bench.tenant.token))
            for _ in range(count)
        ]
        return list(await asyncio.gather(*(bench.first_piece(socket) for socket in sockets)))


async def _measure(dialect: str, database_url: str, args: argparse.Namespace) -> None:
    from tests.support.server import running_server

    env = {**os.environ, "PROMPTVAULT_RUNS_PER_TENANT": "1000"}
    with running_fake_provider("openai", key="sk-bench-key") as fake, running_server(env) as url:
        async with GraphQLClient.for_url(url) as api:
            tenant = await TenantHandle.register(api)
            connection = await create_connection(tenant, fake_input(fake))
            asset = await make_asset(tenant)
            bench = Bench(tenant, asset.version_ids[0], connection["id"])
            direct = [await _direct_first_piece(fake) for _ in range(args.runs)]
            ours = await _sequential(bench, url, args.runs)
            model_share = statistics.median(direct)
            overhead = [timing - model_share for timing in ours]
            print(
                f"[{dialect}] {len(ours)} runs, runPrompt to the first piece at a subscriber: "
                f"p50 {statistics.median(ours) * 1000:.1f} ms, "
                f"p99 {_percentile(ours, 0.99) * 1000:.1f} ms; the fake alone: "
                f"p50 {model_share * 1000:.1f} ms; our overhead p50 "
                f"{statistics.median(overhead) * 1000:.1f} ms, "
                f"p99 {_percentile(overhead, 0.99) * 1000:.1f} ms"
            )

            fake.stall(HOLD_SECONDS, times=sum(CONCURRENCY_STEPS), after_pieces=1)
            baseline = None
            for count in CONCURRENCY_STEPS:
                timings = await _together(bench, url, count)
                p99 = _percentile([timing - model_share for timing in timings], 0.99)
                baseline = baseline or p99
                print(
                    f"[{dialect}] {count:>3} runs at once: overhead p99 {p99 * 1000:.1f} ms "
                    f"({p99 / baseline:.1f} x one run)"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200)
    run_for_each_dialect(parser, _measure)


if __name__ == "__main__":
    main()
