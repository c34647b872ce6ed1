"""What one tenant types cannot freeze the server for every tenant: rendering against a
catastrophic `pattern`, `uniqueItems` over a long array or a schema too costly to check, and
diffing long unlike bodies (diffVersions and the review queue) are answered, with a code when
refused, while /health keeps answering at once. Each attack runs on a real server process."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.conftest import unique
from tests.support.databases import ThrowawayDatabase
from tests.support.graphql import TenantHandle
from tests.support.health import HEALTHY_WAIT_SECONDS, probing_health
from tests.support.registry import CREATE_ASSET, SUBMIT
from tests.support.server import isolated_server
from tests.support.typed_prompts import add_version, live_prompt, render

DIFF = "query Diff($from: ID!, $to: ID!) { diffVersions(fromId: $from, toId: $to) { unified } }"
LINES = 8_000


def _unlike_bodies(lines: int) -> tuple[str, str]:
    """Lines that repeat often, in another order in each body: difflib's worst case (cubic)."""
    old = "".join(f"l{index % 100}\n" for index in range(lines))
    return old, "".join(f"l{index * 7 % 100}\n" for index in range(lines))


@pytest.fixture(scope="module")
def server(database: ThrowawayDatabase, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    directory = tmp_path_factory.mktemp("costly-inputs")
    settings = {"PROMPTVAULT_RUN_WORKER": "false"}
    with isolated_server(database.dialect, directory, settings) as server:
        yield server.url


def _answered(result: Any) -> None:
    """Refused with a code, or answered with data."""
    assert result.data or result.code, result.errors


async def test_a_catastrophic_pattern_is_checked_without_stalling_the_server(
    server: str, attacker: TenantHandle
) -> None:
    schema = {"type": "object", "properties": {"word": {"type": "string", "pattern": "^(a+)+$"}}}
    prompt = await live_prompt(attacker, "Say {{ word }}", variables=schema)

    with probing_health(server) as health:
        refused = await render(attacker, prompt.name, {"word": "a" * 30 + "!"})
        matched = await render(attacker, prompt.name, {"word": "a" * 30})

    assert (
        refused.code == "BAD_USER_INPUT" and refused.errors[0]["extensions"]["variable"] == "word"
    )
    assert matched.ok()["renderPrompt"]["text"] == "Say " + "a" * 30
    assert health.worst_seconds < HEALTHY_WAIT_SECONDS


async def test_unique_items_over_a_long_array_of_objects_is_checked_without_stalling_the_server(
    server: str, attacker: TenantHandle
) -> None:
    schema = {"type": "object", "properties": {"xs": {"type": "array", "uniqueItems": True}}}
    prompt = await live_prompt(attacker, "Use {{ xs }}", variables=schema)
    items = [{"k": index} for index in range(6_000)]

    with probing_health(server) as health:
        unique = await render(attacker, prompt.name, {"xs": items})
        repeated = await render(attacker, prompt.name, {"xs": [*items, {"k": 1.0}]})

    assert unique.ok()["renderPrompt"]["text"].startswith('Use [{"k": 0}')
    assert repeated.code == "BAD_USER_INPUT"
    assert health.worst_seconds < HEALTHY_WAIT_SECONDS


async def test_a_schema_too_costly_to_check_is_refused_without_stalling_the_server(
    server: str, attacker: TenantHandle
) -> None:
    every_item = {"allOf": [{"type": "integer", "minimum": 0}] * 300}
    schema = {"type": "object", "properties": {"xs": {"type": "array", "items": every_item}}}
    prompt = await live_prompt(attacker, "Sum {{ xs }}", variables=schema)

    with probing_health(server) as health:
        result = await render(attacker, prompt.name, {"xs": list(range(10_000))})

    assert result.code == "BAD_USER_INPUT", result.errors
    assert "too long" in result.errors[0]["message"]
    assert health.worst_seconds < HEALTHY_WAIT_SECONDS


async def test_a_costly_meta_schema_check_at_create_version_does_not_stall_the_server(
    server: str, attacker: TenantHandle
) -> None:
    # Draft 4 wants `enum` items unique: the meta-schema check compares every pair of objects.
    schema = {
        "$schema": "http://json-schema.org/draft-04/schema#",
        "enum": [{f"a{index}": 0} for index in range(3_500)],
    }
    created = await attacker.gql(CREATE_ASSET, {"input": {"name": unique("enums"), "title": "E"}})

    with probing_health(server) as health:
        result = await add_version(attacker, created.ok()["createAsset"]["id"], "Hi", schema)

    _answered(result)
    assert health.worst_seconds < HEALTHY_WAIT_SECONDS


async def _two_long_versions(
    attacker: TenantHandle, lines: int = LINES, name: str | None = None
) -> list[str]:
    name = name or unique("long")
    created = await attacker.gql(CREATE_ASSET, {"input": {"name": name, "title": name}})
    asset_id = created.ok()["createAsset"]["id"]
    return [
        (await add_version(attacker, asset_id, body)).ok()["createVersion"]["id"]
        for body in _unlike_bodies(lines)
    ]


def _browser(server: str, attacker: TenantHandle) -> httpx.AsyncClient:
    """The dashboard as the attacker's browser, signed in."""
    cookies = {"promptvault_session": attacker.token}
    return httpx.AsyncClient(base_url=server, cookies=cookies, timeout=120)


async def test_diffing_long_unlike_bodies_does_not_stall_the_server(
    server: str, attacker: TenantHandle
) -> None:
    name = unique("long")
    old, new = await _two_long_versions(attacker, name=name)

    with probing_health(server) as health:
        result = await attacker.gql(DIFF, {"from": old, "to": new})
        async with _browser(server, attacker) as browser:
            page = await browser.get(f"/assets/{name}/diff", params={"from": old, "to": new})

    unified = result.ok()["diffVersions"]["unified"].splitlines()
    assert sum(line.startswith("-") for line in unified[2:]) <= LINES
    assert sum(line.startswith("+") for line in unified[2:]) <= LINES
    assert page.status_code == 200 and "more lines are not shown" in page.text
    assert health.worst_seconds < HEALTHY_WAIT_SECONDS


async def test_the_review_queue_of_long_versions_does_not_stall_the_server(
    server: str, attacker: TenantHandle
) -> None:
    # As many lines as a body may hold: each version's changes are 80,000 lines long.
    pairs = [await _two_long_versions(attacker, lines=40_000) for _ in range(5)]
    versions = [version for pair in pairs for version in pair]
    for version in versions:
        (await attacker.gql(SUBMIT, {"id": version})).ok()

    with probing_health(server) as health:
        async with _browser(server, attacker) as browser:
            queue = await browser.get("/reviews")

    assert queue.status_code == 200
    assert "Changes from v1" in queue.text and "more lines of changes" in queue.text
    assert health.worst_seconds < HEALTHY_WAIT_SECONDS
