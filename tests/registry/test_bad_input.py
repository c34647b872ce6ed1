"""Bad input is refused with BAD_USER_INPUT (or CONFLICT for a taken name), names what is wrong,
and writes nothing."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.support.graphql import GraphQLClient, TenantHandle
from tests.support.registry import ACTIVATE, CREATE_ASSET, CREATE_VERSION, make_asset

ASSET_LIST = """
query AssetList { assets(first: 100) { edges { node { name title } } } }
"""
VERSION_COUNT = """
query VersionCount($id: ID!) { asset(id: $id) { versions(first: 100) { edges { node { id } } } } }
"""
ASSETS_PAGE = """
query AssetsPage($first: Int, $after: String) {
  assets(first: $first, after: $after) { edges { cursor } }
}
"""
VERSIONS_PAGE = """
query VersionsPage($assetId: ID!, $first: Int, $after: String) {
  asset(id: $assetId) { versions(first: $first, after: $after) { edges { cursor } } }
}
"""
HISTORY_PAGE = """
query HistoryPage($assetId: ID!, $first: Int, $after: String) {
  activationHistory(assetId: $assetId, first: $first, after: $after) { edges { cursor } }
}
"""
CREATE_BANANA = """
mutation CreateBanana { createAsset(input: {name: "fruit", title: "Fruit", kind: BANANA}) { id } }
"""

MAX_BODY_CHARS = 200_000
ONE_MIB = 1024 * 1024


async def _assets(tenant: TenantHandle) -> list[dict[str, str]]:
    page = (await tenant.gql(ASSET_LIST)).ok()
    return [edge["node"] for edge in page["assets"]["edges"]]


async def _version_count(tenant: TenantHandle, asset_id: str) -> int:
    found = (await tenant.gql(VERSION_COUNT, {"id": asset_id})).ok()
    return len(found["asset"]["versions"]["edges"])


BAD_NAMES = {
    "empty": "",
    "blank": "   ",
    "space": "my prompt",
    "mixed-case": "MyPrompt",
    "uppercase": "SUMMARY",
    "leading-dash": "-leading-dash",
    "slash": "a/b",
    "101-chars": "x" * 101,
}


@pytest.mark.parametrize("name", list(BAD_NAMES.values()), ids=list(BAD_NAMES))
async def test_an_asset_name_that_is_not_a_lowercase_slug_is_refused(
    tenant: TenantHandle, name: str
) -> None:
    await make_asset(tenant, name="existing")
    before = await _assets(tenant)

    result = await tenant.gql(CREATE_ASSET, {"input": {"name": name, "title": "Some title"}})

    assert result.codes == ["BAD_USER_INPUT"], result.errors
    assert "name" in result.errors[0]["message"]
    assert await _assets(tenant) == before


@pytest.mark.parametrize("title", ["", "   ", "t" * 201], ids=["empty", "blank", "201-chars"])
async def test_an_asset_without_a_sensible_title_is_refused(
    tenant: TenantHandle, title: str
) -> None:
    result = await tenant.gql(CREATE_ASSET, {"input": {"name": "untitled", "title": title}})

    assert result.codes == ["BAD_USER_INPUT"], result.errors
    assert "title" in result.errors[0]["message"]
    assert await _assets(tenant) == []


async def test_updating_an_asset_to_an_empty_title_is_refused(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant)
    update = 'mutation($id: ID!) { updateAsset(id: $id, input: {title: "  "}) { title } }'

    result = await tenant.gql(update, {"id": asset.id})

    assert result.codes == ["BAD_USER_INPUT"], result.errors
    assert await _assets(tenant) == [{"name": asset.name, "title": f"Title of {asset.name}"}]


@pytest.mark.parametrize("again", ["summary", "  summary  "], ids=["same", "padded"])
async def test_a_taken_name_is_a_conflict_within_a_tenant_but_free_in_another(
    tenant: TenantHandle, other_tenant: TenantHandle, again: str
) -> None:
    await make_asset(tenant, name="summary")
    before = await _assets(tenant)

    duplicate = await tenant.gql(CREATE_ASSET, {"input": {"name": again, "title": "Second"}})

    assert duplicate.codes == ["CONFLICT"], duplicate.errors
    assert await _assets(tenant) == before
    elsewhere = await other_tenant.gql(CREATE_ASSET, {"input": {"name": again, "title": "Theirs"}})
    assert elsewhere.ok()["createAsset"]["name"] == "summary"
    assert await _assets(tenant) == before


async def test_a_version_body_over_200000_characters_is_refused(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant)

    too_long = await tenant.gql(
        CREATE_VERSION, {"assetId": asset.id, "input": {"body": "x" * (MAX_BODY_CHARS + 1)}}
    )

    assert too_long.codes == ["BAD_USER_INPUT"], too_long.errors
    assert "body" in too_long.errors[0]["message"]
    assert await _version_count(tenant, asset.id) == 1
    at_the_limit = await tenant.gql(
        CREATE_VERSION, {"assetId": asset.id, "input": {"body": "x" * MAX_BODY_CHARS}}
    )
    assert at_the_limit.ok()["createVersion"]["number"] == 2


@pytest.mark.parametrize(
    "variables",
    [[{"input": {"name": "listed", "title": "Listed"}}], "input", 42],
    ids=["list", "string", "number"],
)
async def test_variables_that_are_not_a_json_object_are_bad_user_input(
    api: GraphQLClient, tenant: TenantHandle, variables: Any
) -> None:
    response = await api.http.post(
        "/graphql",
        json={"query": CREATE_ASSET, "variables": variables},
        headers={"authorization": f"Bearer {tenant.token}"},
    )

    assert response.headers["content-type"].startswith("application/json"), response.text
    errors = response.json()["errors"]
    assert [error["extensions"]["code"] for error in errors] == ["BAD_USER_INPUT"]
    assert await _assets(tenant) == []


@pytest.mark.parametrize(
    ("document", "variables"),
    [
        (CREATE_ASSET, {"input": {"name": "fruit", "title": "Fruit", "kind": "banana"}}),
        (CREATE_ASSET, {"input": {"name": "fruit", "title": "Fruit", "tags": [1, 2]}}),
        (CREATE_ASSET, {"input": {"name": "fruit"}}),
        (CREATE_BANANA, {}),
        (ASSETS_PAGE, {"first": "ten"}),
        (ASSETS_PAGE, {"first": 2.5}),
    ],
    ids=["kind-banana", "tags-numbers", "title-missing", "inline-kind", "first-ten", "first-2.5"],
)
async def test_a_value_of_the_wrong_graphql_type_is_bad_user_input(
    tenant: TenantHandle, document: str, variables: dict[str, Any]
) -> None:
    result = await tenant.gql(document, variables)

    assert result.errors
    assert set(result.codes) == {"BAD_USER_INPUT"}, result.errors
    assert result.data is None
    assert await _assets(tenant) == []


CONNECTIONS = {
    "assets": ASSETS_PAGE,
    "versions": VERSIONS_PAGE,
    "activationHistory": HISTORY_PAGE,
}


async def _asset_with_history(tenant: TenantHandle) -> str:
    asset = await make_asset(tenant, versions=2)
    for version_id in asset.version_ids:
        variables = {"versionId": version_id, "environment": "staging"}
        (await tenant.gql(ACTIVATE, variables)).ok()
    return asset.id


@pytest.mark.parametrize("first", [0, -1, 101, 1000])
@pytest.mark.parametrize("connection", list(CONNECTIONS))
async def test_a_page_size_outside_1_to_100_is_refused(
    tenant: TenantHandle, connection: str, first: int
) -> None:
    asset_id = await _asset_with_history(tenant)

    result = await tenant.gql(CONNECTIONS[connection], {"assetId": asset_id, "first": first})

    assert result.codes == ["BAD_USER_INPUT"], result.errors
    assert "first" in result.errors[0]["message"]
    in_range = await tenant.gql(CONNECTIONS[connection], {"assetId": asset_id, "first": 100})
    assert not in_range.errors, in_range.errors


def _b64(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


def _bad_cursors(real: str) -> dict[str, str]:
    """Cursors a client might send after losing, mangling or tampering with a real one."""
    values = json.loads(base64.urlsafe_b64decode(real + "=" * (-len(real) % 4)))
    return {
        "garbage": "not a cursor!",
        "truncated": real[: len(real) // 2],
        "not-a-list": _b64({"after": values}),
        "too-long": _b64([*values, "extra"]),
        "wrong-types": _b64(["not-a-value"] * len(values)),
        "nulls": _b64([None] * len(values)),
    }


@pytest.mark.parametrize(
    "kind", ["garbage", "truncated", "not-a-list", "too-long", "wrong-types", "nulls"]
)
@pytest.mark.parametrize("connection", list(CONNECTIONS))
async def test_an_invalid_after_cursor_is_refused(
    tenant: TenantHandle, connection: str, kind: str
) -> None:
    asset_id = await _asset_with_history(tenant)
    page = (await tenant.gql(CONNECTIONS[connection], {"assetId": asset_id, "first": 1})).ok()
    connection_page = page["asset"]["versions"] if connection == "versions" else page[connection]
    cursor = _bad_cursors(connection_page["edges"][0]["cursor"])[kind]

    result = await tenant.gql(CONNECTIONS[connection], {"assetId": asset_id, "after": cursor})

    assert result.codes == ["BAD_USER_INPUT"], result.errors
    assert "after" in result.errors[0]["message"]


async def _oversized_chunks(body: bytes) -> AsyncIterator[bytes]:
    for start in range(0, len(body), 64 * 1024):
        yield body[start : start + 64 * 1024]


@pytest.mark.parametrize("framing", ["content-length", "chunked"])
async def test_a_request_body_over_1_mib_is_refused_with_413(
    api: GraphQLClient, tenant: TenantHandle, framing: str
) -> None:
    asset = await make_asset(tenant)
    variables = {"assetId": asset.id, "input": {"body": "x" * ONE_MIB}}
    payload = json.dumps({"query": CREATE_VERSION, "variables": variables}).encode()
    headers = {"authorization": f"Bearer {tenant.token}", "content-type": "application/json"}

    if framing == "content-length":
        response = await api.http.post("/graphql", content=payload, headers=headers)
    else:
        response = await api.http.post(
            "/graphql", content=_oversized_chunks(payload), headers=headers
        )

    assert response.status_code == 413, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["error"]["code"] == "BAD_USER_INPUT"
    assert await _version_count(tenant, asset.id) == 1
