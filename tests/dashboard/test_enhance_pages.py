"""Enhance in the dashboard: the asset page offers it on each version to those who may run models;
its form offers the tenant's enhancement prompts and connections; enhancing writes a new draft
through a model and opens its diff against the version."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.dashboard.client import DashboardClient, assert_rendered, redirect_target
from tests.support.chat_prompts import add_version, new_asset
from tests.support.fake_providers import FakeProvider, running_fake_provider
from tests.support.graphql import TenantHandle
from tests.support.providers import create_connection, fake_input
from tests.support.registry import CREATE_ASSET

KEY = "sk-test-enhance-5150"
VERSION = "query V($id: ID!) { version(id: $id) { number status body message } }"


@pytest.fixture
def fake() -> Iterator[FakeProvider]:
    with running_fake_provider("openai", key=KEY) as fake:
        yield fake


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


async def test_enhancing_writes_a_draft_and_opens_its_diff(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle, fake: FakeProvider
) -> None:
    asset_id, name = await new_asset(tenant)
    version_id = (await add_version(tenant, asset_id, {"body": "answer {{ question }}"})).ok()[
        "createVersion"
    ]["id"]
    enhancer_id = await _enhancer(tenant, f"{name}-rewriter")
    connection = await create_connection(tenant, fake_input(fake))
    fake.answer = ["Answer ", "{{ question }} ", "politely."]

    response = await admin.post(
        f"/assets/{name}/enhance",
        {
            "versionId": version_id,
            "instructions": "be <polite>",
            "enhancementAssetId": enhancer_id,
            "connectionId": connection["id"],
        },
    )

    target = urlsplit(redirect_target(response, htmx))
    assert target.path == f"/assets/{name}/diff"
    query = parse_qs(target.query)
    assert query["from"] == [version_id]
    draft = (await tenant.gql(VERSION, {"id": query["to"][0]})).ok()["version"]
    assert draft["number"] == 2 and draft["status"] == "DRAFT"
    assert draft["body"] == "Answer {{ question }} politely."
    assert "be <polite>" in draft["message"]
    [sent] = fake.chat_requests()
    assert sent.json["messages"][0]["content"] == "Rewrite: answer {{ question }} be <polite>"

    diff = assert_rendered(await admin.get(target.path, {k: v[0] for k, v in query.items()}), htmx)
    assert "Answer {{ question }} politely." in diff


async def test_a_refused_enhancement_says_why_on_the_form(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle, fake: FakeProvider
) -> None:
    asset_id, name = await new_asset(tenant)
    version_id = (await add_version(tenant, asset_id, {"body": "Hi"})).ok()["createVersion"]["id"]
    await create_connection(tenant, fake_input(fake))

    response = await admin.post(
        f"/assets/{name}/enhance", {"versionId": version_id, "instructions": "shorter"}
    )

    page = assert_rendered(response, htmx, status=400)
    error = re.search(r'<p class="field-error" id="error-enhancementAssetId">([^<]+)</p>', page)
    assert error is not None and "no enhancement prompt is active in production" in error[1]
    assert ">shorter</textarea>" in page  # what was typed is kept
    assert fake.chat_requests() == []
