"""Issue 10's figures: the longest /health waited while each denial-of-service attack of items 4 to
10 ran against one server process, and how the server answered the attack.

A probe thread asks /health every 50 ms; the figure is the slowest answer it saw while the attack
ran. The server runs with the default limits of a fresh install (rate limits, bcrypt rounds) on
SQLite: the attacks are CPU-bound, so the database makes no difference. `--source DIR` runs the
server of another checkout (`git worktree add /tmp/pv-before <commit>`) for the figures before
the fixes. Every attack is bounded in size and time and sends traffic to 127.0.0.1 only.

Run: .venv/bin/python bench/attacks.py [--source DIR] [--only NAME]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import websockets

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.health import probing_health  # noqa: E402
from tests.support.server import running_server  # noqa: E402

PASSWORD = "correct-horse-battery-staple-7"
ATTACK_TIMEOUT_SECONDS = 90
REGISTER = "mutation($i: RegisterInput!) { register(input: $i) { token } }"
CREATE_ASSET = "mutation($i: CreateAssetInput!) { createAsset(input: $i) { id } }"
CREATE_VERSION = """
mutation($a: ID!, $i: CreateVersionInput!) { createVersion(assetId: $a, input: $i) { id } }
"""
ACTIVATE = """
mutation($v: ID!) { activateVersion(versionId: $v, environment: "development") { id } }
"""
RENDER = """
query($n: String!, $v: JSON!) {
  renderPrompt(name: $n, environment: "development", variables: $v) { text }
}
"""


class Attacker:
    """A self-registered tenant on the server, as any visitor could make one."""

    def __init__(self, url: str, client: httpx.AsyncClient) -> None:
        self.url = url
        self.client = client
        self.token = ""

    async def register(self) -> None:
        email = f"attacker-{uuid.uuid4().hex[:8]}@example.com"
        variables = {"i": {"tenantName": f"Attack {email}", "email": email, "password": PASSWORD}}
        self.token = (await self.gql(REGISTER, variables))["data"]["register"]["token"]

    async def gql(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        response = await self.client.post(
            f"{self.url}/graphql",
            json={"query": query, "variables": variables or {}},
            headers={"authorization": f"Bearer {self.token}"} if self.token else {},
        )
        answer: dict[str, Any] = response.json()
        return answer

    async def asset(self, body: str, variables: dict[str, Any] | None = None) -> Created:
        """A new asset with one version of `body`; refused if the version is."""
        name = f"attack-{uuid.uuid4().hex[:8]}"
        asset = await self.gql(CREATE_ASSET, {"i": {"name": name, "title": name}})
        asset_id = asset["data"]["createAsset"]["id"]
        return Created(name, asset_id, await self.version(asset_id, body, variables))

    async def version(
        self, asset_id: str, body: str, variables: dict[str, Any] | None = None
    ) -> str:
        created = await self.gql(
            CREATE_VERSION, {"a": asset_id, "i": {"body": body, "variables": variables}}
        )
        if created.get("errors"):
            raise Refused(created)
        version_id: str = created["data"]["createVersion"]["id"]
        return version_id


@dataclass(frozen=True)
class Created:
    name: str
    asset_id: str
    version_id: str


class Refused(Exception):
    def __init__(self, answer: dict[str, Any]) -> None:
        super().__init__(outcome(answer))


def outcome(answer: dict[str, Any]) -> str:
    if not answer.get("errors"):
        return "answered"
    codes = sorted({error.get("extensions", {}).get("code", "?") for error in answer["errors"]})
    return "error " + ",".join(codes)


async def catastrophic_pattern(attacker: Attacker) -> str:
    schema = {"type": "object", "properties": {"word": {"type": "string", "pattern": "^(a+)+$"}}}
    prompt = await attacker.asset("Say {{ word }}", schema)
    await attacker.gql(ACTIVATE, {"v": prompt.version_id})
    return outcome(await attacker.gql(RENDER, {"n": prompt.name, "v": {"word": "a" * 27 + "!"}}))


async def unique_items(attacker: Attacker) -> str:
    schema = {"type": "object", "properties": {"xs": {"type": "array", "uniqueItems": True}}}
    prompt = await attacker.asset("Use {{ xs }}", schema)
    await attacker.gql(ACTIVATE, {"v": prompt.version_id})
    items = [{"k": index} for index in range(5_000)]
    return outcome(await attacker.gql(RENDER, {"n": prompt.name, "v": {"xs": items}}))


async def long_diff(attacker: Attacker) -> str:
    # Lines that repeat in another order: difflib's worst case.
    old = "\n".join(f"line {index % 100}" for index in range(12_000))
    new = "\n".join(f"line {index * 7 % 100}" for index in range(12_000))
    prompt = await attacker.asset(old)
    second = await attacker.version(prompt.asset_id, new)
    query = "query($f: ID!, $t: ID!) { diffVersions(fromId: $f, toId: $t) { unified } }"
    return outcome(await attacker.gql(query, {"f": prompt.version_id, "t": second}))


async def concurrent_sign_ins(attacker: Attacker) -> str:
    slug = (await attacker.gql("{ tenant { slug } }"))["data"]["tenant"]["slug"]
    email = (await attacker.gql("{ me { email } }"))["data"]["me"]["email"]
    login = "mutation($i: LoginInput!) { login(input: $i) { token } }"
    credentials = {"i": {"tenant": slug, "email": email, "password": PASSWORD}}
    answers = await asyncio.gather(*(attacker.gql(login, credentials) for _ in range(20)))
    return f"{sum(1 for answer in answers if not answer.get('errors'))} of 20 signed in"


async def huge_query(attacker: Attacker) -> str:
    fields = " ".join(f"a{index}: __typename" for index in range(28_000))
    query = "{ " + fields + " }"
    response = await attacker.client.post(f"{attacker.url}/graphql", json={"query": query})
    return f"HTTP {response.status_code}, {outcome(response.json())}"


async def huge_websocket_query(attacker: Attacker) -> str:
    query = "{ " + " ".join(f"a{index}: __typename" for index in range(105_000)) + " }"
    url = attacker.url.replace("http", "ws") + "/graphql"
    async with websockets.connect(
        url,
        subprotocols=["graphql-transport-ws"],
        max_size=None,  # type: ignore[list-item]
    ) as socket:
        init = {"type": "connection_init", "payload": {"authorization": f"Bearer {attacker.token}"}}
        await socket.send(json.dumps(init))
        await socket.recv()
        message = {"id": "1", "type": "subscribe", "payload": {"query": query}}
        try:
            await socket.send(json.dumps(message))
            answer = await asyncio.wait_for(socket.recv(), ATTACK_TIMEOUT_SECONDS)
            return f"{json.loads(answer)['type']} to a {len(query) // 1024} KB message"
        except websockets.ConnectionClosed as closed:
            return f"closed {closed.rcvd.code if closed.rcvd else '?'}"


async def nested_pages(attacker: Attacker) -> str:
    body = "x" * 20_000
    prompt = await attacker.asset(body)
    for number in range(99):
        await attacker.version(prompt.asset_id, f"{number} {body}")
    query = """{ assets(first: 100) { edges { node { versions(first: 100) { edges { node {
      body asset { versions(first: 100) { edges { node { body } } } } } } } } } } }"""
    size = 0
    async with attacker.client.stream(
        "POST", f"{attacker.url}/graphql", json={"query": query}, headers=auth(attacker)
    ) as response:
        async for chunk in response.aiter_bytes():
            size += len(chunk)
    return f"HTTP {response.status_code}, {size / 1e6:.1f} MB answer"


async def websocket_flood(attacker: Attacker) -> str:
    url = attacker.url.replace("http", "ws") + "/graphql"
    prompt = await attacker.asset("Flood")
    init = {"type": "connection_init", "payload": {"authorization": f"Bearer {attacker.token}"}}
    sockets = []
    closed = 0
    for _ in range(10):
        socket = await websockets.connect(url, subprotocols=["graphql-transport-ws"])  # type: ignore[list-item]
        await socket.send(json.dumps(init))
        await socket.recv()
        sockets.append(socket)
    subscription = "subscription { activations { version { number } } }"
    for socket in sockets:
        for index in range(100):
            message = {"id": str(index), "type": "subscribe", "payload": {"query": subscription}}
            try:
                await socket.send(json.dumps(message))
            except websockets.ConnectionClosed:
                closed += 1
                break
    for _ in range(10):
        await attacker.gql(ACTIVATE, {"v": prompt.version_id})
    queries = 0
    refused = 0
    for index in range(300):
        message = {"id": f"q{index}", "type": "subscribe", "payload": {"query": "{ me { email } }"}}
        try:
            await sockets[0].send(json.dumps(message))
            queries += 1
        except websockets.ConnectionClosed:
            break
    refused = Counter(
        "query" if frame["id"].startswith("q") else "subscription"
        for frame in map(json.loads, await drain(sockets[0]))
        if "RATE_LIMITED" in json.dumps(frame.get("payload"))
    )
    for socket in sockets:
        await socket.close()
    return (
        f"socket 1: {refused['subscription']} of 100 subscriptions and "
        f"{refused['query']} of {queries} queries RATE_LIMITED; {closed} sockets closed"
    )


async def drain(socket: Any) -> list[str]:
    frames: list[str] = []
    while True:
        try:
            frames.append(await asyncio.wait_for(socket.recv(), 2))
        except (TimeoutError, websockets.ConnectionClosed):
            return frames


def auth(attacker: Attacker) -> dict[str, str]:
    return {"authorization": f"Bearer {attacker.token}"}


ATTACKS: dict[str, Callable[[Attacker], Awaitable[str]]] = {
    "4 pattern ^(a+)+$, 28 characters": catastrophic_pattern,
    "4 uniqueItems over 5,000 objects": unique_items,
    "5 diffVersions, 2 x 12,000 lines": long_diff,
    "7 20 concurrent sign-ins": concurrent_sign_ins,
    "8 a 560 KB query over HTTP": huge_query,
    "8 a 2.1 MB query over a websocket": huge_websocket_query,
    "9 nested versions(first: 100)": nested_pages,
    "10 1,000 subscriptions, 10 activations": websocket_flood,
}


async def run_attack(url: str, attack: Callable[[Attacker], Awaitable[str]]) -> tuple[str, float]:
    async with httpx.AsyncClient(timeout=ATTACK_TIMEOUT_SECONDS) as client:
        attacker = Attacker(url, client)
        await attacker.register()
        with probing_health(url) as probe:
            try:
                result = await asyncio.wait_for(attack(attacker), ATTACK_TIMEOUT_SECONDS)
            except Refused as refused:
                result = f"refused at createVersion: {refused}"
            except (TimeoutError, httpx.HTTPError) as error:
                result = f"no answer ({type(error).__name__})"
        return result, probe.worst_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, help="serve this checkout instead of this one")
    parser.add_argument("--only", help="run the attacks whose name contains this")
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="promptvault-attacks-"))
    env = {
        **os.environ,
        "PROMPTVAULT_DATA_DIR": str(data_dir),
        "PROMPTVAULT_DATABASE_URL": f"sqlite://{data_dir}/promptvault.db",
        "PROMPTVAULT_SECRET_KEY": "bench-secret-key-long-enough-for-hs256",
    }
    source = args.source or ROOT
    migrate = [sys.executable, "-m", "app.cli", "migrate"]
    subprocess.run(migrate, check=True, capture_output=True, env=env, cwd=source)
    os.chdir(source)  # `promptvault serve` runs the checkout of the working directory
    print(f"/health during each attack, server from {source}")
    with running_server(env) as url:
        for name, attack in ATTACKS.items():
            if args.only and args.only not in name:
                continue
            result, worst = asyncio.run(run_attack(url, attack))
            print(f"{name:<42} /health worst {worst * 1000:8.0f} ms   {result}")


if __name__ == "__main__":
    main()
