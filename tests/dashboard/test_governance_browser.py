"""The review, change-request, statistics and admin pages in a real browser against a real
server: a reviewer approves from the queue and then the change request, whose gate turns to
PASS, without a page reload; an admin reads the charts and creates an API key. Screenshots of
these pages go to tests/artifacts/."""

from __future__ import annotations

import re

from playwright.async_api import BrowserContext, Page, expect

from tests.dashboard.browser import (
    browser_context,
    launched_chromium,
    require_chromium,
    screenshot,
)
from tests.support.governance import open_change_request
from tests.support.graphql import GraphQLClient, TenantHandle
from tests.support.registry import CREATE_VERSION, SUBMIT, make_asset

RECORD = "mutation Record($inputs: [ExecutionInput!]!) { recordExecutions(inputs: $inputs) }"


async def _signed_in(context: BrowserContext, url: str, token: str) -> Page:
    await context.add_cookies([{"name": "promptvault_session", "value": token, "url": url}])
    return await context.new_page()


async def _tenant_with_work(remote: GraphQLClient) -> tuple[TenantHandle, str, str]:
    """A tenant with a version in review, a change request bringing it, and executions logged
    for the version before it: the tenant, that version's id and the request's id."""
    tenant = await TenantHandle.register(remote)
    asset = await make_asset(tenant, versions=1, name="support-reply")
    body = "Reply politely to: {{ ticket }}\nSign as the support team."
    created = await tenant.gql(
        CREATE_VERSION,
        {"assetId": asset.id, "input": {"body": body, "message": "sign replies"}},
        role="DEVELOPER",
    )
    in_review = created.ok()["createVersion"]["id"]
    (await tenant.gql(SUBMIT, {"id": in_review}, role="DEVELOPER")).ok()
    request = await open_change_request(tenant, [asset.version_ids[0], in_review])
    inputs = [
        {
            "versionId": asset.version_ids[0],
            "latencyMs": 80 + 40 * (number % 7),
            "status": "ERROR" if number % 9 == 0 else "SUCCESS",
            "inputTokens": 120 + number,
            "outputTokens": 300 + 2 * number,
            "cost": 0.002,
        }
        for number in range(40)
    ]
    assert (await tenant.gql(RECORD, {"inputs": inputs})).ok()["recordExecutions"] == 40
    return tenant, asset.version_ids[0], request["id"]


async def test_reviewing_reading_statistics_and_administering_in_the_browser(
    live_server: str,
) -> None:
    require_chromium()
    async with GraphQLClient.for_url(live_server) as remote:
        tenant, version_id, request_id = await _tenant_with_work(remote)
        reviewer_token = await tenant.token_for("REVIEWER")
    async with (
        launched_chromium() as chromium,
        browser_context(chromium, live_server) as reviewer_context,
        browser_context(chromium, live_server) as admin_context,
    ):
        reviewer = await _signed_in(reviewer_context, live_server, reviewer_token)
        await reviewer.goto("/reviews")
        await expect(reviewer.locator("table.diff")).to_contain_text("+Sign as the support team.")
        await screenshot(reviewer, "review-queue")
        await reviewer.evaluate("window.notReloaded = true")
        await reviewer.get_by_label("Comment on support-reply v2").fill("Clear and polite")
        await reviewer.get_by_role("button", name="Approve support-reply v2").click()
        await expect(reviewer.get_by_role("status").first).to_contain_text(
            "You approved version 2 of support-reply."
        )
        await expect(reviewer.locator("#review-queue")).to_contain_text("No version is waiting")

        await reviewer.goto(f"/change-requests/{request_id}")
        await expect(reviewer.locator(".gate")).to_contain_text("FAIL")
        await reviewer.evaluate("window.notReloaded = true")
        await reviewer.get_by_role("button", name="Approve change request").click()
        await expect(reviewer.locator(".gate")).to_contain_text("PASS")
        await expect(reviewer.locator(".gate")).to_contain_text("support-reply@v2: approved")
        assert await reviewer.evaluate("window.notReloaded") is True
        await screenshot(reviewer, "change-request")
        assert await reviewer.get_by_role("link", name="Admin").count() == 0

        admin = await _signed_in(admin_context, live_server, tenant.token)
        await admin.goto(f"/versions/{version_id}/stats?window=24h")
        await expect(admin.locator("svg[role=img]")).to_have_count(4)
        await expect(admin.locator(".figures")).to_contain_text("40")
        await screenshot(admin, "version-stats")

        await admin.get_by_role("link", name="Admin").click()
        await expect(admin.locator("#admin-users")).to_contain_text("reviewer-")
        await screenshot(admin, "admin-users")
        await admin.get_by_role("link", name="API keys").click()
        await admin.get_by_label("Name").fill("checkout-service")
        await admin.get_by_label("runtime:read").check()
        await admin.get_by_role("button", name="Create API key").click()
        await expect(admin.get_by_label("Secret")).to_have_value(re.compile(r"^pv_"))
        await screenshot(admin, "admin-api-keys")
        await admin.get_by_role("link", name="Audit trail").click()
        await expect(admin.locator("#admin-audit")).to_contain_text("api_key.create")
        await screenshot(admin, "admin-audit")
