"""GraphiQL renders with no internet access: its page loads only files this server serves."""

import re

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
