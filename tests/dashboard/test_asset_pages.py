"""The asset list and the asset page: what they show, to whom, as page and as partial."""

from __future__ import annotations

import re

from app.dashboard.assets import PAGE_SIZE
from tests.dashboard.client import DashboardClient, assert_rendered
from tests.support.graphql import TenantHandle
from tests.support.registry import ACTIVATE, make_asset


async def test_the_asset_list_shows_each_asset_with_its_versions(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    asset = await make_asset(tenant, versions=2, tags=["support"])
    (await tenant.gql(ACTIVATE, {"versionId": asset.version_ids[1], "environment": "staging"})).ok()
    page = assert_rendered(await admin.get("/assets"), htmx)
    assert f'href="/assets/{asset.name}"' in page
    assert f"Title of {asset.name}" in page
    assert '<span class="tag">support</span>' in page
    assert "staging <strong>v2</strong>" in page
    assert 'id="asset-results"' in page
    assert ('id="asset-filters"' in page) is not htmx  # htmx asked for the results alone


async def test_search_and_filters_narrow_the_list(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    tagged = await make_asset(tenant, versions=0, name="billing-reply", tags=["billing"])
    other = await make_asset(tenant, versions=0, name="greeting")
    for params, shown, hidden in [
        ({"q": "billing"}, tagged, other),
        ({"q": "GREET"}, other, tagged),
        ({"tag": "billing"}, tagged, other),
        ({"kind": "PROMPT", "q": "greeting"}, other, tagged),
    ]:
        page = assert_rendered(await admin.get("/assets", params), htmx)
        assert f"/assets/{shown.name}" in page and f"/assets/{hidden.name}" not in page, params
    empty = assert_rendered(await admin.get("/assets", {"kind": "SKILL"}), htmx)
    assert "No asset matches these filters." in empty


async def test_the_list_pages_with_relay_cursors_keeping_the_filters(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    names = [f"paged-{index:02d}" for index in range(PAGE_SIZE + 3)]
    for name in names:
        await make_asset(tenant, versions=0, name=name)
    first = assert_rendered(await admin.get("/assets", {"q": "paged"}), htmx)
    assert all(f"/assets/{name}" in first for name in names[:PAGE_SIZE])
    assert f"/assets/{names[PAGE_SIZE]}" not in first
    next_link = re.search(r'rel="next" href="([^"]+)"', first)
    assert next_link is not None
    second = assert_rendered(await admin.get(next_link[1].replace("&amp;", "&")), htmx)
    assert all(f"/assets/{name}" in second for name in names[PAGE_SIZE:])
    assert f'/assets/{names[0]}"' not in second
    assert 'rel="next"' not in second and "First page" in second


async def test_the_asset_page_shows_versions_what_is_active_and_the_history(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    asset = await make_asset(tenant, versions=2)
    for version_id in asset.version_ids:
        variables = {"versionId": version_id, "environment": "production"}
        (await tenant.gql(ACTIVATE, variables)).ok()
    page = assert_rendered(await admin.get(f"/assets/{asset.name}"), htmx)
    assert f"Title of {asset.name}" in page
    assert "Version 1" in page and "Version 2" in page
    assert f"Body 2 of {asset.name}: {{{{ topic }}}}" in page
    production = re.search(r'<tr data-environment="production">.*?</tr>', page, re.S)
    assert production is not None and "<strong>v2</strong>" in production[0]
    assert "v1 → <strong>v2</strong>" in page  # the history
    assert 'data-live-asset="' + asset.name + '"' in page
    assert "Activate v1" in page and "Roll back production" in page


async def test_an_unknown_asset_is_a_not_found_page(admin: DashboardClient, htmx: bool) -> None:
    page = assert_rendered(await admin.get("/assets/no-such-asset"), htmx, status=404)
    assert "no asset named" in page


async def test_an_unknown_address_is_a_not_found_page(admin: DashboardClient, htmx: bool) -> None:
    page = assert_rendered(await admin.get("/no/such/page"), htmx, status=404)
    assert "There is no page at this address." in page


async def test_another_tenants_asset_is_not_found(
    admin: DashboardClient, htmx: bool, other_tenant: TenantHandle
) -> None:
    theirs = await make_asset(other_tenant, versions=1)
    page = assert_rendered(await admin.get(f"/assets/{theirs.name}"), htmx, status=404)
    assert theirs.name in page and f"Title of {theirs.name}" not in page
