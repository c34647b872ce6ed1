"""What one operation may ask: documents are bounded in tokens, fields and nesting before they are
validated, operations in cost (pages multiply what they select), and every refusal, bad JSON
included, carries a code."""

from __future__ import annotations

from graphql import get_introspection_query

from tests.support.graphql import GraphQLClient, TenantHandle

NESTED_PAGES = """{ assets(first: 100) { edges { node { versions(first: 100) { edges { node {
  asset { versions(first: 100) { edges { node { id body } } } } } } } } } } }"""
ASSETS_WITH_VERSIONS = (
    "assets(first: 100) { edges { node { versions(first: 50) { edges { node { id } } } } } }"
)
DEEP_JSON = "[" * 100_000 + "]" * 100_000


def fragment_doubling(times: int) -> str:
    """A query of a few hundred characters whose fragments expand to 2^times fields."""
    fragments = " ".join(
        f"fragment G{index} on User {{ ...G{index - 1} ...G{index - 1} }}"
        for index in range(1, times + 1)
    )
    return f"{{ me {{ ...G{times} }} }} fragment G0 on User {{ id }} {fragments}"


async def test_a_syntax_error_is_bad_user_input(tenant: TenantHandle) -> None:
    result = await tenant.gql("{ me { ")
    assert result.code == "BAD_USER_INPUT"
    assert "Syntax Error" in result.errors[0]["message"]


async def test_a_query_over_the_token_limit_is_refused(api: GraphQLClient) -> None:
    result = await api("{ " + "__typename " * 3_500 + "}")
    assert result.code == "BAD_USER_INPUT"
    assert "tokens" in result.errors[0]["message"]
    assert result.data is None


async def test_fragments_that_expand_to_too_many_fields_are_refused(tenant: TenantHandle) -> None:
    result = await tenant.gql(fragment_doubling(17))
    assert result.code == "BAD_USER_INPUT"
    assert "fields" in result.errors[0]["message"]
    assert result.data is None


async def test_a_chain_of_fragments_is_refused_with_a_code(tenant: TenantHandle) -> None:
    chain = " ".join(f"fragment F{index} on Query {{ ...F{index + 1} }}" for index in range(250))
    result = await tenant.gql(f"{{ ...F0 }} {chain} fragment F250 on Query {{ me {{ id }} }}")
    assert result.code == "BAD_USER_INPUT"
    assert "nest" in result.errors[0]["message"]


async def test_nested_pages_over_the_cost_limit_are_refused(tenant: TenantHandle) -> None:
    result = await tenant.gql(NESTED_PAGES)
    assert result.code == "BAD_USER_INPUT"
    assert "cost" in result.errors[0]["message"]
    assert result.data is None


async def test_page_sizes_given_as_variables_count_in_the_cost(tenant: TenantHandle) -> None:
    query = """query($n: Int!) { assets(first: $n) { edges { node {
      versions(first: $n) { edges { node { asset { versions(first: $n) { edges { node { id } } }
    } } } } } } } }"""
    assert (await tenant.gql(query, {"n": 5})).ok()
    assert (await tenant.gql(query, {"n": 100})).code == "BAD_USER_INPUT"


async def test_aliases_add_to_the_cost(tenant: TenantHandle) -> None:
    assert (await tenant.gql(f"{{ {ASSETS_WITH_VERSIONS} }}")).ok()
    twice = await tenant.gql(f"{{ a: {ASSETS_WITH_VERSIONS} b: {ASSETS_WITH_VERSIONS} }}")
    assert twice.code == "BAD_USER_INPUT"
    assert "cost" in twice.errors[0]["message"]


async def test_graphiql_introspection_stays_within_the_limits(api: GraphQLClient) -> None:
    query = get_introspection_query(
        descriptions=True,
        specified_by_url=True,
        directive_is_repeatable=True,
        schema_description=True,
        input_value_deprecation=True,
    )
    result = await api(query)
    assert "BAD_USER_INPUT" not in result.codes
    assert result.data is not None and result.data["__schema"]["queryType"]["name"] == "Query"


async def test_deeply_nested_json_is_bad_user_input(tenant: TenantHandle) -> None:
    headers = {"authorization": f"Bearer {tenant.token}", "content-type": "application/json"}
    body = '{"query": "{ me { id } }", "variables": {"deep": ' + DEEP_JSON + "}}"
    response = await tenant.api.http.post("/graphql", content=body, headers=headers)
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    logged = await tenant.api.http.post("/v1/executions", content=DEEP_JSON, headers=headers)
    assert logged.status_code == 400
    assert logged.json()["error"]["code"] == "BAD_USER_INPUT"
