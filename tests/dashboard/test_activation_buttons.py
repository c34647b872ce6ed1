"""Activate, roll back, submit, approve and reject from the asset page; what each role sees."""

from __future__ import annotations

import re

import pytest

from tests.dashboard.client import DashboardClient, assert_rendered
from tests.support.graphql import TenantHandle
from tests.support.registry import ACTIVATE, make_asset

ACTIVE = """
query Active($name: String!) {
  asset(name: $name) { activeVersions { environment version { number status } } }
}
"""

LATEST_STATUS = """
query LatestStatus($name: String!) { asset(name: $name) { latestVersion { status } } }
"""


async def _active(tenant: TenantHandle, name: str) -> dict[str, int]:
    asset = (await tenant.gql(ACTIVE, {"name": name})).ok()["asset"]
    return {row["environment"]: row["version"]["number"] for row in asset["activeVersions"]}


async def test_activating_and_rolling_back_from_the_asset_page(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    asset = await make_asset(tenant, versions=2)
    path = f"/assets/{asset.name}"
    for version_id in asset.version_ids:
        response = await admin.post(
            f"{path}/activate", {"versionId": version_id, "environment": "production"}
        )
        if htmx:  # the asset again, saying what changed
            page = assert_rendered(response, htmx)
            assert "is now active in production." in page
        else:
            assert (response.status_code, response.headers["location"]) == (303, path)
    assert await _active(tenant, asset.name) == {"production": 2}
    response = await admin.post(
        f"{path}/rollback", {"assetId": asset.id, "environment": "production"}
    )
    assert response.status_code == (200 if htmx else 303)
    assert await _active(tenant, asset.name) == {"production": 1}


async def test_a_refused_activation_says_why_on_the_asset_page(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    asset = await make_asset(tenant, versions=1, approved=False)
    response = await admin.post(
        f"/assets/{asset.name}/activate",
        {"versionId": asset.version_ids[0], "environment": "production"},
    )
    page = assert_rendered(response, htmx, status=403)
    assert "production is protected" in page and 'id="asset"' in page
    assert await _active(tenant, asset.name) == {}


async def test_a_version_goes_through_review_from_the_asset_page(
    browser: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    asset = await make_asset(tenant, versions=1, approved=False)
    path = f"/assets/{asset.name}"
    version = {"versionId": asset.version_ids[0]}
    browser.use_session(tenant.token)
    assert "Submit v1 for review" in (await browser.get(path)).text
    assert (await browser.post(f"{path}/submit", version)).status_code == (200 if htmx else 303)
    # The author may not review their own version: no buttons for them.
    assert "Approve v1" not in (await browser.get(path)).text
    browser.use_session(await tenant.token_for("REVIEWER"))
    page = (await browser.get(path)).text
    assert "Approve v1" in page and "Submit v1" not in page and "Activate v1" not in page
    rejected = await browser.post(f"{path}/reject", {**version, "comment": ""})
    assert rejected.status_code == 400  # a rejection must say why
    approved = await browser.post(f"{path}/approve", {**version, "comment": "Clear"})
    assert approved.status_code == (200 if htmx else 303)
    latest = (await tenant.gql(LATEST_STATUS, {"name": asset.name})).ok()["asset"]
    assert latest["latestVersion"]["status"] == "APPROVED"


@pytest.mark.parametrize("role", ["VIEWER", "REVIEWER"])
async def test_roles_that_may_not_activate_see_no_button_and_their_posts_are_refused(
    browser: DashboardClient, htmx: bool, tenant: TenantHandle, role: str
) -> None:
    asset = await make_asset(tenant, versions=2)
    (await tenant.gql(ACTIVATE, {"versionId": asset.version_ids[0], "environment": "staging"})).ok()
    browser.use_session(await tenant.token_for(role))
    path = f"/assets/{asset.name}"
    page = assert_rendered(await browser.get(path), htmx)
    for button in ("Activate v", "Roll back", "New version", "Submit v"):
        assert button not in page, button
    assert "Body 2 of" in page  # reading is allowed
    listing = assert_rendered(await browser.get("/assets", headers={"hx-request": "false"}), False)
    assert "New asset" not in listing
    refused = await browser.post(
        f"{path}/activate", {"versionId": asset.version_ids[1], "environment": "staging"}
    )
    page = assert_rendered(refused, htmx, status=403)
    assert re.search(rf"your role \({role.lower()}\) may not activate", page)
    assert (
        await browser.post(f"{path}/rollback", {"assetId": asset.id, "environment": "staging"})
    ).status_code == 403
    created = await browser.post(
        f"{path}/versions/new", {"assetId": asset.id, "body": "sneaked in"}
    )
    assert created.status_code == 403
    assert await _active(tenant, asset.name) == {"staging": 1}
