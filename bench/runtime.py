"""Issue 5's figure: requests per second and p50/p99 latency of the runtime read
(GET /v1/prompts/{name} with an API key) on one uvicorn worker, next to a bare Starlette endpoint
that returns a constant JSON, served by uvicorn with the same options, in the same run. The ratio
is the figure. Also measured, to show what each cache buys: the read with the prompt cache off
(PROMPTVAULT_RUNTIME_CACHE_SECONDS=0), and the read with a user's session token (whose check
reads the database on every request, where a verified API key is held in memory).

The load comes from wrk (apt-get install wrk), one thread, 16 connections, a few seconds per
endpoint, to 127.0.0.1 only. Run: .venv/bin/python bench/runtime.py [--dialect sqlite|postgres]
[--seconds 8] [--connections 16]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx
from _dialects import run_for_each_dialect  # noqa: I001
from _seeding import approve, create_asset, gql, register_tenant

from tests.support.server import free_port, running_server, stop

PROMPT = "support-reply"
BODY = "You are a support agent for {{ product }}. Answer {{ customer }} kindly and briefly."
CREATE_KEY = 'mutation { createApiKey(name: "bench", scopes: [RUNTIME_READ]) { secret } }'
ACTIVATE = 'mutation($v: ID!) { activateVersion(versionId: $v, environment: "production") { id } }'
UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0}


@dataclass(frozen=True)
class Load:
    requests_per_second: float
    p50_ms: float
    p99_ms: float

    def line(self, label: str) -> str:
        return (
            f"{label:<44} {self.requests_per_second:>8.0f} req/s   "
            f"p50 {self.p50_ms:6.2f} ms   p99 {self.p99_ms:6.2f} ms"
        )


def _duration_ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    assert match, text
    return float(match.group(1)) * UNITS[match.group(2)] * 1000


def wrk(url: str, *, seconds: int, connections: int, headers: dict[str, str]) -> Load:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, timeout=seconds + 30
    ).stdout
    failures = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    assert failures is None, f"{url}: {failures.group(1)} failed requests\n{output}"
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE)
    assert rate and p50 and p99, output
    return Load(float(rate.group(1)), _duration_ms(p50.group(1)), _duration_ms(p99.group(1)))


def serve_bare(port: int) -> None:
    """The baseline: Starlette and uvicorn, as `promptvault serve` runs them, and nothing else."""
    import uvicorn
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    document = {"name": PROMPT, "environment": "production", "version": 1, "body": BODY}

    async def constant(request: Request) -> JSONResponse:
        return JSONResponse(document)

    app = Starlette(routes=[Route("/constant", constant)])
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="info", proxy_headers=False)


@contextmanager
def bare_server() -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, __file__, "--serve-bare", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(f"{url}/constant", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield url
    finally:
        stop(process)


async def seed(url: str) -> tuple[str, str]:
    """A prompt active in production; an API key that reads it, and the admin's session token."""
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        tenant = await register_tenant(client)
        [version_id] = await create_asset(client, tenant, PROMPT, versions=1)
        await approve(client, tenant, version_id)
        await gql(client, ACTIVATE, {"v": version_id}, tenant.admin_token)
        key = (await gql(client, CREATE_KEY, token=tenant.admin_token))["createApiKey"]["secret"]
    return key, tenant.admin_token


async def measure(dialect: str, database_url: str, args: argparse.Namespace) -> None:
    import os

    load = {"seconds": args.seconds, "connections": args.connections}
    path = f"/v1/prompts/{PROMPT}?environment=production"
    results: list[tuple[str, Load]] = []
    with bare_server() as bare:
        results.append(
            ("bare Starlette, constant JSON", wrk(f"{bare}/constant", **load, headers={}))
        )
    with running_server(dict(os.environ)) as url:
        key, session = await seed(url)
        bearer = {"Authorization": f"Bearer {key}"}
        results.append(("runtime read, API key (cached)", wrk(url + path, **load, headers=bearer)))
        session_bearer = {"Authorization": f"Bearer {session}"}
        results.append(
            ("runtime read, session token", wrk(url + path, **load, headers=session_bearer))
        )
    with running_server({**os.environ, "PROMPTVAULT_RUNTIME_CACHE_SECONDS": "0"}) as url:
        results.append(
            ("runtime read, API key, prompt cache off", wrk(url + path, **load, headers=bearer))
        )
    print(f"[{dialect}] one uvicorn worker, wrk -t1 -c{args.connections} -d{args.seconds}s")
    for label, result in results:
        print("  " + result.line(label))
    ratio = results[1][1].requests_per_second / results[0][1].requests_per_second
    print(f"  runtime read / bare endpoint: {ratio:.2f}")


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--serve-bare":
        serve_bare(int(sys.argv[2]))
        return
    if shutil.which("wrk") is None:
        sys.exit("bench/runtime.py needs wrk: apt-get install -y wrk")
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=16)
    run_for_each_dialect(parser, measure)


if __name__ == "__main__":
    main()
