"""The new-asset and new-version forms, with inline errors, and the side-by-side diff."""

from __future__ import annotations

import re

from tests.dashboard.client import DashboardClient, assert_rendered, redirect_target
from tests.support.graphql import TenantHandle
from tests.support.registry import CREATE_VERSION, make_asset

VERSIONS = """
query Versions($name: String!) {
  asset(name: $name) { versions { edges { node { number body variables message status } } } }
}
"""


async def test_the_new_asset_form_creates_an_asset(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    form = assert_rendered(await admin.get("/new-asset"), htmx)
    assert '<label for="field-name">' in form and '<select id="field-kind" name="kind"' in form
    response = await admin.post(
        "/new-asset",
        {
            "name": "welcome-mail",
            "title": "Welcome mail",
            "kind": "PROMPT",
            "tags": "mail, onboarding",
        },
    )
    assert redirect_target(response, htmx) == "/assets/welcome-mail"
    page = assert_rendered(await admin.get("/assets/welcome-mail"), htmx)
    assert "Welcome mail" in page and '<span class="tag">onboarding</span>' in page


async def test_a_refused_asset_name_shows_beside_its_field_keeping_the_input(
    admin: DashboardClient, htmx: bool
) -> None:
    response = await admin.post(
        "/new-asset", {"name": "Not A Name!", "title": "Kept title", "kind": "SKILL"}
    )
    page = assert_rendered(response, htmx, status=400)
    error = re.search(r'<p class="field-error" id="error-name">([^<]+)</p>', page)
    assert error is not None and "lowercase letters" in error[1]
    assert 'value="Kept title"' in page and 'value="SKILL" selected' in page


async def test_a_taken_asset_name_is_a_conflict_shown_on_the_form(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    asset = await make_asset(tenant, versions=0)
    response = await admin.post("/new-asset", {"name": asset.name, "title": "Again"})
    page = assert_rendered(response, htmx, status=409)
    assert 'class="alert" role="alert"' in page and asset.name in page


async def test_the_new_version_form_starts_from_the_latest_version_and_creates_one(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    asset = await make_asset(tenant, versions=1)
    form = assert_rendered(await admin.get(f"/assets/{asset.name}/versions/new"), htmx)
    assert f"Body 1 of {asset.name}: {{{{ topic }}}}</textarea>" in form
    response = await admin.post(
        f"/assets/{asset.name}/versions/new",
        {
            "assetId": asset.id,
            "body": "Hello {{ name }}",
            "variables": '{"type": "object", "properties": {"name": {"type": "string"}}}',
            "message": "greet by name",
        },
    )
    assert redirect_target(response, htmx) == f"/assets/{asset.name}"
    versions = (await tenant.gql(VERSIONS, {"name": asset.name})).ok()["asset"]["versions"]
    latest = versions["edges"][0]["node"]
    assert (latest["number"], latest["body"], latest["message"]) == (
        2,
        "Hello {{ name }}",
        "greet by name",
    )
    assert latest["variables"]["properties"]["name"] == {"type": "string"}


async def test_version_form_errors_show_beside_their_fields_keeping_the_input(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    asset = await make_asset(tenant, versions=1)
    path = f"/assets/{asset.name}/versions/new"
    not_json = await admin.post(path, {"assetId": asset.id, "body": "Kept body", "variables": "{"})
    page = assert_rendered(not_json, htmx, status=400)
    assert 'id="error-variables"' in page and "not valid JSON" in page
    assert "Kept body</textarea>" in page
    refused = await admin.post(
        path, {"assetId": asset.id, "body": "Kept body", "semver": "one.two"}
    )
    page = assert_rendered(refused, htmx, status=400)
    assert 'id="error-semver"' in page and "semver must look like 1.2.3" in page
    assert 'value="one.two"' in page
    empty = await admin.post(path, {"assetId": asset.id, "body": "   "})
    assert 'id="error-body"' in assert_rendered(empty, htmx, status=400)
    versions = (await tenant.gql(VERSIONS, {"name": asset.name})).ok()["asset"]["versions"]
    assert len(versions["edges"]) == 1


async def test_the_diff_lines_up_two_versions_side_by_side_as_text(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    asset = await make_asset(tenant, versions=0)
    ids = []
    for body in ("keep\nold line\nsame end\n", "keep\nnew <b>line</b>\nadded\nsame end\n"):
        created = await tenant.gql(CREATE_VERSION, {"assetId": asset.id, "input": {"body": body}})
        ids.append(created.ok()["createVersion"]["id"])
    response = await admin.get(f"/assets/{asset.name}/diff", {"from": ids[0], "to": ids[1]})
    page = assert_rendered(response, htmx)
    rows = re.findall(r'<tr class="(same|changed|added|removed)">(.*?)</tr>', page, re.S)
    cells = [(kind, re.findall(r"<pre>(.*?)</pre>", row, re.S)) for kind, row in rows]
    assert cells == [
        ("same", ["keep", "keep"]),
        ("changed", ["old line", "new &lt;b&gt;line&lt;/b&gt;"]),
        ("added", ["added"]),
        ("same", ["same end", "same end"]),
    ]
    assert "Changes from v1 to v2" in page


async def test_the_diff_page_offers_the_versions_to_compare(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    asset = await make_asset(tenant, versions=2, approved=False)
    page = assert_rendered(await admin.get(f"/assets/{asset.name}/diff"), htmx)
    assert '<select id="diff-from" name="from">' in page and ">v2</option>" in page
    assert "<table" not in page
