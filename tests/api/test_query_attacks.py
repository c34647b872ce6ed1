"""Operations that used to freeze the server for every tenant are refused with a code while
/health keeps answering: a 560 KB query, a 2.1 MB websocket message, pages nested in pages, and
an answer far larger than the data it repeats. Each attack runs on a real server process."""

from __future__ import annotations

import httpx

from tests.api.conftest import MAX_RESPONSE_BYTES
from tests.support.graphql import TenantHandle
from tests.support.health import HEALTHY_WAIT_SECONDS, probing_health
from tests.support.realtime import GraphQLSocket
from tests.support.registry import CREATE_ASSET, CREATE_VERSION

BODY_CHARS = 20_000
MESSAGE_TOO_BIG = 1009
NESTED_PAGES = """{ assets(first: 100) { edges { node { versions(first: 100) { edges { node {
  body asset { versions(first: 100) { edges { node { body } } } } } } } } } } }"""
VERSION_BODIES = """query($name: String!, $inner: Int!) { asset(name: $name) {
  versions(first: 100) { edges { node { body asset { versions(first: $inner) {
    edges { node { body } } } } } } } } }"""


def many_aliases(count: int) -> str:
    return "{ " + " ".join(f"a{index}: __typename" for index in range(count)) + " }"


async def asset_with_long_versions(tenant: TenantHandle, count: int) -> str:
    """An asset with `count` versions of BODY_CHARS characters each; its name."""
    name = f"long-{tenant.slug[-10:]}"
    created = await tenant.gql(CREATE_ASSET, {"input": {"name": name, "title": name}})
    asset_id = created.ok()["createAsset"]["id"]
    for number in range(count):
        body = f"{number} " + "x" * BODY_CHARS
        (await tenant.gql(CREATE_VERSION, {"assetId": asset_id, "input": {"body": body}})).ok()
    return name


def test_a_560_kb_anonymous_query_is_refused_while_health_answers(server: str) -> None:
    query = many_aliases(28_000)
    assert len(query) > 500_000
    with probing_health(server) as health:
        answer = httpx.post(f"{server}/graphql", json={"query": query}, timeout=60).json()
    assert answer["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "tokens" in answer["errors"][0]["message"]
    assert health.worst_seconds < HEALTHY_WAIT_SECONDS


async def test_a_websocket_message_over_the_body_limit_is_refused_while_health_answers(
    server: str, attacker: TenantHandle
) -> None:
    query = many_aliases(110_000)
    assert len(query) > 2_000_000
    async with GraphQLSocket.signed_in(server, attacker.token) as socket:
        with probing_health(server) as health:
            await socket.subscribe(query)
            closed_with = await socket.close_code(timeout=60)
    assert closed_with == MESSAGE_TOO_BIG
    assert health.worst_seconds < HEALTHY_WAIT_SECONDS


async def test_pages_nested_in_pages_are_refused_while_health_answers(
    server: str, attacker: TenantHandle
) -> None:
    await asset_with_long_versions(attacker, 100)
    with probing_health(server) as health:
        refused = await attacker.gql(NESTED_PAGES)
    assert refused.code == "BAD_USER_INPUT"
    assert "cost" in refused.errors[0]["message"]
    assert health.worst_seconds < HEALTHY_WAIT_SECONDS


async def test_an_answer_over_the_size_cap_is_refused(attacker: TenantHandle) -> None:
    name = await asset_with_long_versions(attacker, 60)
    under_cap = await attacker.gql(VERSION_BODIES, {"name": name, "inner": 1})
    assert len(under_cap.ok()["asset"]["versions"]["edges"]) == 60
    over_cap = await attacker.gql(VERSION_BODIES, {"name": name, "inner": 5})
    assert over_cap.code == "BAD_USER_INPUT"
    assert str(MAX_RESPONSE_BYTES) in over_cap.errors[0]["message"]
    assert over_cap.data is None
