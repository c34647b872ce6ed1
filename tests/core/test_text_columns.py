"""Text longer than the column that stores it is BAD_USER_INPUT naming the field, whichever
mutation carries it, and writes nothing (it answered INTERNAL_SERVER_ERROR)."""

from __future__ import annotations

import uuid

from tests.support.graphql import PASSWORD, TenantHandle

CREATE_USER = """
mutation CreateUser($input: CreateUserInput!) { createUser(input: $input) { id name } }
"""
USER_EMAILS = "{ users { email } }"


async def test_a_user_name_over_120_characters_is_bad_user_input_naming_the_field(
    tenant: TenantHandle,
) -> None:
    before = (await tenant.gql(USER_EMAILS)).ok()["users"]
    email = f"long-{uuid.uuid4().hex[:6]}@example.com"
    user = {"email": email, "password": PASSWORD, "role": "VIEWER", "name": "n" * 121}

    result = await tenant.gql(CREATE_USER, {"input": user})

    assert result.codes == ["BAD_USER_INPUT"], result.errors
    assert result.errors[0]["message"] == "name must be at most 120 characters"
    assert result.errors[0]["extensions"]["field"] == "name"
    assert (await tenant.gql(USER_EMAILS)).ok()["users"] == before


async def test_a_user_name_of_120_characters_is_kept_whole(tenant: TenantHandle) -> None:
    email = f"long-{uuid.uuid4().hex[:6]}@example.com"
    user = {"email": email, "password": PASSWORD, "role": "VIEWER", "name": "n" * 120}

    result = await tenant.gql(CREATE_USER, {"input": user})

    assert result.ok()["createUser"]["name"] == "n" * 120
