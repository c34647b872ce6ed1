"""The model connections page: admins add the tenant's connections (local ones too), developers
their own; a test shows the models the server offers or why it could not; deleting removes one.
The key, once typed, never appears in a page."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.dashboard.client import DashboardClient, assert_rendered, redirect_target
from tests.support.fake_providers import FakeProvider, running_fake_provider
from tests.support.graphql import TenantHandle
from tests.support.providers import PUBLIC_BASE_URL, create_connection, fake_input, names_seen

KEY = "sk-test-dashboard-4242"


@pytest.fixture
def fake() -> Iterator[FakeProvider]:
    with running_fake_provider("openai", key=KEY) as fake:
        yield fake


def _row(page: str, name: str) -> str:
    row = re.search(rf'<tr data-connection="{re.escape(name)}">(.*?)</tr>', page, re.S)
    assert row is not None, page
    return row[1]


def _ids(page: str) -> list[str]:
    return re.findall(r'name="id" value="([^"]+)"', page)


async def test_an_admin_adds_a_local_tenant_connection_and_tests_it(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle, fake: FakeProvider
) -> None:
    form = {
        "name": "ollama here",
        "kind": "OPENAI_COMPATIBLE",
        "baseUrl": fake.url,
        "apiKey": KEY,
        "defaultModel": "fake-large",
        "scope": "TENANT",
        "local": "on",
    }
    response = await admin.post("/connections/new", form)
    if htmx:
        assert "The connection ollama here is added." in assert_rendered(response, htmx)
    else:
        assert redirect_target(response, htmx) == "/connections"
    assert await names_seen(tenant, role="DEVELOPER") == ["ollama here"]

    page = assert_rendered(await admin.get("/connections"), htmx)
    row = _row(page, "ollama here")
    assert "local" in row and "<code>…4242</code>" in row and "the tenant&#39;s" in row
    assert KEY not in page

    connection_id = _ids(row)[0]
    tested = assert_rendered(await admin.post("/connections/test", {"id": connection_id}), htmx)
    check = re.search(r'<tr class="check" data-check="ollama here">(.*?)</tr>', tested, re.S)
    assert check is not None
    assert "offering 2 models" in check[1]
    assert "<code>fake-large</code>" in check[1] and "<code>fake-small</code>" in check[1]
    assert fake.requests[-1].key == KEY and KEY not in tested


async def test_a_failed_test_says_why(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle, fake: FakeProvider
) -> None:
    connection = await create_connection(tenant, fake_input(fake, apiKey="sk-wrong-key-0000"))
    tested = assert_rendered(await admin.post("/connections/test", {"id": connection["id"]}), htmx)
    check = re.search(r'<tr class="check" data-check="fake openai">(.*?)</tr>', tested, re.S)
    assert check is not None
    assert "the provider refused the key (401): invalid x-api-key" in check[1]


async def test_a_refused_connection_shows_why_beside_its_field_and_forgets_the_key(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    form = {"name": "private", "baseUrl": "http://10.0.0.7:8080/v1", "apiKey": KEY}
    page = assert_rendered(await admin.post("/connections/new", form), htmx, status=400)
    error = re.search(r'<p class="field-error" id="error-baseUrl">([^<]+)</p>', page)
    assert error is not None and "mark the connection local" in error[1]
    assert 'value="http://10.0.0.7:8080/v1"' in page and KEY not in page
    assert await names_seen(tenant) == []


async def test_a_developer_keeps_their_own_connections_and_uses_the_tenants(
    browser: DashboardClient, htmx: bool, tenant: TenantHandle, fake: FakeProvider
) -> None:
    await create_connection(tenant, fake_input(fake, name="team"))
    browser.use_session(await tenant.token_for("DEVELOPER"))

    page = assert_rendered(await browser.get("/connections"), htmx)
    assert 'name="local"' not in page and '<input type="hidden" name="scope" value="USER">' in page
    assert "Delete<span" not in _row(page, "team")  # the tenant's: admins delete it

    form = {"name": "mine", "baseUrl": PUBLIC_BASE_URL, "scope": "USER"}
    assert (await browser.post("/connections/new", form)).status_code == (200 if htmx else 303)
    page = assert_rendered(await browser.get("/connections"), htmx)
    assert "yours" in _row(page, "mine") and "Delete<span" in _row(page, "mine")
    assert await names_seen(tenant) == ["team"]  # nobody else sees it, admins neither

    team_id, mine_id = _ids(_row(page, "team"))[0], _ids(_row(page, "mine"))[0]
    refused = await browser.post("/connections/delete", {"id": team_id})
    assert refused.status_code == 403
    assert "may not manage the tenant&#39;s model provider connections" in refused.text
    assert (await browser.post("/connections/delete", {"id": mine_id})).status_code in (200, 303)
    assert await names_seen(tenant, role="DEVELOPER") == ["team"]


async def test_viewers_have_no_models_page(
    browser: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    browser.use_session(await tenant.token_for("VIEWER"))
    assert (await browser.get("/connections")).status_code == 403
    # The navigation (of a whole page) offers it to those who may use it.
    assert 'href="/connections"' not in (await browser.http.get("/assets")).text
    browser.use_session(await tenant.token_for("DEVELOPER"))
    assert 'href="/connections"' in (await browser.http.get("/assets")).text
