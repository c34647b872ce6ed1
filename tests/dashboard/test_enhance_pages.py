"""Enhance in the dashboard: the asset page offers it on each version to those who may run models;
its form offers the tenant's enhancement prompts and connections; enhancing writes a new draft
through a model and opens its diff against the version."""

from __future__ import annotations

import re

from tests.dashboard.client import DashboardClient, assert_rendered
from tests.support.chat_prompts import add_version, new_asset
from tests.support.graphql import TenantHandle
from tests.support.registry import CREATE_ASSET


async def _enhancer(tenant: TenantHandle, name: str) -> str:
    created = await tenant.gql(
        CREATE_ASSET, {"input": {"name": name, "title": f"Rewriter {name}", "enhancement": True}}
    )
    asset_id: str = created.ok()["createAsset"]["id"]
    (await add_version(tenant, asset_id, {"body": "Rewrite: {{ prompt }} {{ instructions }}"})).ok()
    return asset_id


async def test_the_asset_page_offers_enhance_and_the_playground_to_those_who_run(
    browser: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    asset_id, name = await new_asset(tenant)
    version_id = (await add_version(tenant, asset_id, {"body": "Hi"})).ok()["createVersion"]["id"]

    browser.use_session(await tenant.token_for("DEVELOPER"))
    page = assert_rendered(await browser.get(f"/assets/{name}"), htmx)
    assert f'href="/assets/{name}/enhance?version={version_id}">Enhance v1</a>' in page
    assert f'href="/playground?asset={name}&amp;version={version_id}">Try v1' in page

    for role in ("VIEWER", "REVIEWER"):
        browser.use_session(await tenant.token_for(role))
        page = assert_rendered(await browser.get(f"/assets/{name}"), htmx)
        assert "Enhance v1" not in page and "Try v1" not in page


async def test_the_enhance_form_offers_the_enhancement_prompts(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    asset_id, name = await new_asset(tenant)
    version_id = (await add_version(tenant, asset_id, {"body": "Hi"})).ok()["createVersion"]["id"]
    enhancer_id = await _enhancer(tenant, f"{name}-rewriter")
    await new_asset(tenant, f"{name}-plain")

    page = assert_rendered(
        await admin.get(f"/assets/{name}/enhance", {"version": version_id}), htmx
    )

    select = re.search(r'<select id="field-enhancementAssetId".*?</select>', page, re.S)
    assert select is not None
    assert f'<option value="{enhancer_id}">Rewriter {name}-rewriter' in select[0]
    assert f"{name}-plain" not in select[0]
    assert f'<input type="hidden" name="versionId" value="{version_id}">' in page
    assert "Enhance v1</button>" in page


async def test_a_version_of_another_asset_is_not_found_here(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    _, name = await new_asset(tenant)
    other_id, _ = await new_asset(tenant)
    version_id = (await add_version(tenant, other_id, {"body": "Hi"})).ok()["createVersion"]["id"]

    response = await admin.get(f"/assets/{name}/enhance", {"version": version_id})

    assert response.status_code == 404
