"""Errors carry extensions.code, unexpected ones are masked, and abusive queries are refused."""

import strawberry
from strawberry.types import Info

from app.api.errors import INTERNAL_ERROR_MESSAGE, ErrorCodes
from app.core.errors import NotFound
from tests.support.graphql import GraphQLClient, TenantHandle


async def test_too_deep_a_query_is_refused(tenant: TenantHandle) -> None:
    nested = "name"
    for _ in range(8):
        nested = f"latestVersion {{ asset {{ {nested} }} }}"
    result = await tenant.gql(f"{{ assets {{ edges {{ node {{ {nested} }} }} }} }}")
    assert result.code == "BAD_USER_INPUT"
    assert "depth" in result.errors[0]["message"]


async def test_too_many_aliases_are_refused(tenant: TenantHandle) -> None:
    query = "{ " + " ".join(f"a{index}: me {{ id }}" for index in range(40)) + " }"
    result = await tenant.gql(query)
    assert result.code == "BAD_USER_INPUT"
    assert "aliases" in result.errors[0]["message"].lower()


async def test_a_query_for_an_unknown_field_is_bad_user_input(api: GraphQLClient) -> None:
    result = await api("{ me { nope } }")
    assert result.code == "BAD_USER_INPUT"


async def test_no_error_carries_a_stack_trace(api: GraphQLClient) -> None:
    result = await api('{ asset(id: "not-an-id") { name } }', token="not-a-token")
    assert result.code == "UNAUTHENTICATED"
    assert all(
        set(error) <= {"message", "locations", "path", "extensions"} for error in result.errors
    )
    assert all(set(error["extensions"]) == {"code"} for error in result.errors)


@strawberry.type
class _Broken:
    @strawberry.field
    def crash(self) -> str:
        raise RuntimeError("connection string postgres://secret@db leaked")

    @strawberry.field
    def missing(self, info: Info) -> str:
        raise NotFound("no such thing")


def test_unexpected_errors_are_masked_and_domain_errors_keep_their_code() -> None:
    schema = strawberry.Schema(query=_Broken, extensions=[ErrorCodes])
    crashed = schema.execute_sync("{ crash }")
    assert crashed.errors is not None
    assert crashed.errors[0].message == INTERNAL_ERROR_MESSAGE
    assert crashed.errors[0].extensions == {"code": "INTERNAL_SERVER_ERROR"}
    missing = schema.execute_sync("{ missing }")
    assert missing.errors is not None
    assert missing.errors[0].message == "no such thing"
    assert missing.errors[0].extensions == {"code": "NOT_FOUND"}
