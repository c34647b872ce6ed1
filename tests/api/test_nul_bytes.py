"""A NUL byte in any string a client sends is BAD_USER_INPUT, before it reaches the database
(PostgreSQL refuses NUL in text, and answered INTERNAL_SERVER_ERROR), and nothing is written."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.graphql import GraphQLClient, TenantHandle
from tests.support.registry import CREATE_ASSET, CREATE_VERSION, make_asset
from tests.support.telemetry import log, post_executions, stored_logs

LOGIN = """
mutation Login($input: LoginInput!) { login(input: $input) { token } }
"""
LOGIN_LITERAL = """
mutation { login(input: {tenant: "acme\\u0000", email: "a@example.com", password: "pw"}) {
  token } }
"""
ASSET_BY_NAME = "query Asset($name: String!) { asset(name: $name) { id } }"
ASSET_COUNT = "{ assets(first: 100) { edges { node { id } } } }"


async def test_a_nul_byte_in_an_anonymous_login_is_bad_user_input(api: GraphQLClient) -> None:
    credentials = {"tenant": "acme\x00", "email": "a@example.com", "password": "pw"}

    by_variable = await api(LOGIN, {"input": credentials})
    by_literal = await api(LOGIN_LITERAL)

    for result in (by_variable, by_literal):
        assert result.codes == ["BAD_USER_INPUT"], result.errors
        assert "NUL" in result.errors[0]["message"]


async def test_a_nul_byte_in_a_query_argument_is_bad_user_input(tenant: TenantHandle) -> None:
    result = await tenant.gql(ASSET_BY_NAME, {"name": "summary\x00"})

    assert result.codes == ["BAD_USER_INPUT"], result.errors


@pytest.mark.parametrize(
    "asset_input",
    [
        {"name": "tidy", "title": "Title\x00"},
        {"name": "tidy", "title": "Title", "tags": ["fine", "bad\x00"]},
    ],
    ids=["input field", "list item"],
)
async def test_a_nul_byte_anywhere_in_an_input_writes_nothing(
    tenant: TenantHandle, asset_input: dict[str, Any]
) -> None:
    result = await tenant.gql(CREATE_ASSET, {"input": asset_input})

    assert result.codes == ["BAD_USER_INPUT"], result.errors
    assert (await tenant.gql(ASSET_COUNT)).ok()["assets"]["edges"] == []


async def test_a_nul_byte_inside_a_json_value_is_bad_user_input(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant)
    version = {"body": "Hello {{ name }}", "variables": {"properties": {"name\x00": {}}}}

    result = await tenant.gql(CREATE_VERSION, {"assetId": asset.id, "input": version})

    assert result.codes == ["BAD_USER_INPUT"], result.errors


@pytest.mark.parametrize(
    "path",
    ["/v1/prompts/x%00", "/v1/prompts/x?environment=prod%00uction"],
    ids=["path", "query string"],
)
async def test_a_nul_byte_in_a_rest_url_is_a_400_with_a_code(
    tenant: TenantHandle, path: str
) -> None:
    response = await tenant.api.http.get(path, headers={"authorization": f"Bearer {tenant.token}"})

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "BAD_USER_INPUT"


async def test_a_nul_byte_in_an_execution_log_is_a_400_and_stores_nothing(
    tenant: TenantHandle,
) -> None:
    asset = await make_asset(tenant)
    version_id = asset.version_ids[0]
    batch = [log(version_id), log(version_id, output="cut\x00here")]

    response = await post_executions(tenant.api.http, batch, token=tenant.token)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "BAD_USER_INPUT"
    assert await stored_logs(version_id) == 0
