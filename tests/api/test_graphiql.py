"""GraphiQL renders with no internet access: its page loads only files this server serves."""

import re

from graphql import get_introspection_query

from tests.support.graphql import GraphQLClient


async def test_graphiql_page_loads_only_local_files(api: GraphQLClient) -> None:
    page = await api.http.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert "Promptvault GraphiQL" in page.text
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources, "the page loads no scripts"
    for source in sources:
        assert source.startswith("/static/"), source
        served = await api.http.get(source)
        assert served.status_code == 200, source
    assert "unpkg" not in page.text and "jsdelivr" not in page.text


async def test_introspection_answers_every_default_value(api: GraphQLClient) -> None:
    """GraphiQL's documentation reads every argument's default: renderPrompt's `variables: JSON!
    = {}` answered INTERNAL_SERVER_ERROR and left the docs empty."""
    result = await api(get_introspection_query(descriptions=True))
    assert result.errors == []
    query_type = next(
        type_ for type_ in result.data["__schema"]["types"] if type_["name"] == "Query"
    )
    render = next(field for field in query_type["fields"] if field["name"] == "renderPrompt")
    defaults = {argument["name"]: argument["defaultValue"] for argument in render["args"]}
    assert defaults["variables"].replace(" ", "") == "{}"


async def test_introspection_answers_the_default_of_an_input_field(api: GraphQLClient) -> None:
    """RunPromptInput's `variables: JSON! = {}` failed introspection as renderPrompt's did."""
    result = await api(get_introspection_query(descriptions=True))
    assert result.errors == []
    run_input = next(
        type_ for type_ in result.data["__schema"]["types"] if type_["name"] == "RunPromptInput"
    )
    defaults = {field["name"]: field["defaultValue"] for field in run_input["inputFields"]}
    assert defaults["variables"].replace(" ", "") == "{}"
