"""The dashboard in a real browser against a real server: the review-to-production story with a
second page updated live, a script in a prompt body that never runs, search as you type, and
reading without JavaScript. Screenshots of the main pages go to tests/artifacts/."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator, Callable

import pytest
from playwright.async_api import Browser, Page, Response, expect

from app.identity.service import slugify
from tests.dashboard.browser import (
    browser_context,
    screenshot,
)
from tests.support.graphql import CREATE_USER, LOGIN, PASSWORD, GraphQLClient, TenantHandle
from tests.support.registry import CREATE_VERSION, make_asset

SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
async def remote(live_server: str) -> AsyncIterator[GraphQLClient]:
    async with GraphQLClient.for_url(live_server) as client:
        yield client


async def _sign_in(page: Page, tenant: str, email: str) -> None:
    await page.goto("/sign-in")
    await page.get_by_label("Tenant").fill(tenant)
    await page.get_by_label("Email").fill(email)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Sign in", exact=True).click()
    await expect(page).to_have_url(re.compile(r"/assets$"))


async def _register(page: Page) -> tuple[str, str]:
    """A tenant registered through the page: its slug and its admin's email."""
    name = f"Browser {uuid.uuid4().hex[:8]}"
    email = f"dev-{uuid.uuid4().hex[:6]}@example.com"
    await page.goto("/register")
    await page.get_by_label("Organisation name").fill(name)
    await page.get_by_label("Your email").fill(email)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Register").click()
    await expect(page).to_have_url(re.compile(r"/assets$"))
    return slugify(name), email


async def _add_reviewer(remote: GraphQLClient, slug: str, admin_email: str) -> str:
    login = await remote(
        LOGIN, {"input": {"tenant": slug, "email": admin_email, "password": PASSWORD}}
    )
    email = f"reviewer-{uuid.uuid4().hex[:6]}@example.com"
    created = await remote(
        CREATE_USER,
        {"input": {"email": email, "password": PASSWORD, "role": "REVIEWER"}},
        token=login.ok()["login"]["token"],
    )
    created.ok()
    return email


def _live_refresh_of(asset_name: str) -> Callable[[Response], bool]:
    return lambda response: (
        response.request.method == "GET" and response.url.endswith(f"/assets/{asset_name}")
    )


async def test_a_version_is_reviewed_and_activated_and_another_page_sees_it_live(
    chromium: Browser, live_server: str, remote: GraphQLClient
) -> None:
    async with (
        browser_context(chromium, live_server) as developer_context,
        browser_context(chromium, live_server) as reviewer_context,
    ):
        developer = await developer_context.new_page()
        slug, developer_email = await _register(developer)
        reviewer_email = await _add_reviewer(remote, slug, developer_email)

        await developer.get_by_role("link", name="New asset").click()
        await developer.get_by_label("Name", exact=True).fill("support-reply")
        await developer.get_by_label("Title").fill("Support reply")
        await developer.get_by_label("Tags").fill("support, email")
        await screenshot(developer, "new-asset-form")
        await developer.get_by_role("button", name="Create asset").click()
        await expect(developer).to_have_url(re.compile(r"/assets/support-reply$"))
        await developer.get_by_role("link", name="New version").click()
        await developer.get_by_label("Body").fill("Reply politely to: {{ ticket }}")
        await developer.get_by_label("What changed").fill("first draft")
        await developer.get_by_role("button", name="Create version").click()
        await expect(developer.get_by_role("heading", name="Version 1")).to_be_visible()
        await developer.get_by_role("button", name="Submit v1 for review").click()
        await expect(developer.locator("#v1 .status")).to_have_text("in review")

        reviewer = await reviewer_context.new_page()
        await _sign_in(reviewer, slug, reviewer_email)
        await reviewer.get_by_role("link", name="support-reply").click()
        await reviewer.get_by_label("Review comment").fill("Clear and polite")
        await reviewer.get_by_role("button", name="Approve v1").click()
        await expect(reviewer.locator("#v1 .status")).to_have_text("approved")

        # Two pages watch: the reviewer's asset page and a list page. Neither reloads.
        watcher = await reviewer_context.new_page()
        await watcher.goto("/assets")
        for page in (reviewer, watcher):
            await page.evaluate("window.notReloaded = true")
        await developer.reload()
        await developer.get_by_label("Environment for version 1").select_option("production")
        # The activation comes back on the developer's own stream too, and refreshes the asset
        # there: the outcome of the developer's action stays in place.
        async with developer.expect_response(_live_refresh_of("support-reply")) as refreshed:
            await developer.get_by_role("button", name="Activate v1").click()
        await refreshed.value
        await expect(developer.locator("#asset-outcome")).to_contain_text(
            "Version 1 is now active in production."
        )

        production = reviewer.locator('tr[data-environment="production"] .active-version')
        await expect(production).to_contain_text("v1")
        toast = reviewer.locator("#toasts .toast")
        await expect(toast).to_contain_text(
            f"{developer_email} activated support-reply v1 in production"
        )
        await screenshot(reviewer, "asset-page-live-update")
        await expect(watcher.locator("#asset-results")).to_contain_text("production v1")
        await expect(watcher.locator("#toasts .toast")).to_contain_text(developer_email)
        await screenshot(watcher, "asset-list")
        for page in (reviewer, watcher):
            assert await page.evaluate("window.notReloaded") is True


async def test_a_script_in_a_prompt_body_shows_as_text_and_never_runs(
    chromium: Browser, live_server: str, remote: GraphQLClient
) -> None:
    tenant = await TenantHandle.register(remote)
    asset = await make_asset(tenant, versions=1, name="xss-probe")
    created = await tenant.gql(
        CREATE_VERSION, {"assetId": asset.id, "input": {"body": SCRIPT, "message": SCRIPT}}
    )
    created.ok()
    async with browser_context(chromium, live_server) as context:
        await context.add_cookies(
            [{"name": "promptvault_session", "value": tenant.token, "url": live_server}]
        )
        page = await context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: dialogs.append(dialog.message))
        await page.goto(f"/assets/{asset.name}")
        await expect(page.locator("#v2 pre.body")).to_have_text(SCRIPT)
        await page.get_by_role("link", name="Compare versions").click()
        await expect(page.locator("table.diff")).to_contain_text(SCRIPT)
        await screenshot(page, "version-diff")
        await page.goto(f"/assets/{asset.name}/versions/new")
        await expect(page.get_by_label("Body")).to_have_value(SCRIPT)
        assert dialogs == []
        assert await page.evaluate("document.querySelectorAll('pre script').length") == 0


async def test_search_narrows_the_list_as_you_type(
    chromium: Browser, live_server: str, remote: GraphQLClient
) -> None:
    tenant = await TenantHandle.register(remote)
    for name in ("billing-reply", "billing-refund", "greeting"):
        await make_asset(tenant, versions=1, name=name, approved=False)
    async with browser_context(chromium, live_server) as context:
        await context.add_cookies(
            [{"name": "promptvault_session", "value": tenant.token, "url": live_server}]
        )
        page = await context.new_page()
        await page.goto("/assets")
        await page.evaluate("window.notReloaded = true")
        rows = page.locator("#asset-results tbody tr")
        await expect(rows).to_have_count(3)
        await page.get_by_label("Search").press_sequentially("bill", delay=40)
        await expect(rows).to_have_count(2)
        await expect(page).to_have_url(re.compile(r"/assets\?q=bill&"))
        await screenshot(page, "asset-search")
        await page.get_by_label("Kind").select_option("SKILL")
        await expect(page.locator("#asset-results")).to_contain_text("No asset matches")
        assert await page.evaluate("window.notReloaded") is True


async def test_pages_read_and_sign_in_without_javascript(
    chromium: Browser, live_server: str, remote: GraphQLClient
) -> None:
    async with browser_context(chromium, live_server) as scripted:
        slug, email = await _register(await scripted.new_page())
    async with browser_context(chromium, live_server, javascript=False) as context:
        page = await context.new_page()
        await _sign_in(page, slug, email)
        await screenshot(page, "sign-in-without-javascript")
        await page.get_by_role("link", name="New asset").click()
        await page.get_by_label("Name", exact=True).fill("Bad Name")
        await page.get_by_label("Title").fill("Kept")
        await page.get_by_role("button", name="Create asset").click()
        await expect(page.locator("#error-name")).to_contain_text("lowercase letters")
        await expect(page.get_by_label("Title")).to_have_value("Kept")
        await page.get_by_label("Name", exact=True).fill("plain-form")
        await page.get_by_role("button", name="Create asset").click()
        await expect(page).to_have_url(re.compile(r"/assets/plain-form$"))
        await page.keyboard.press("Tab")
        assert await page.evaluate("document.activeElement.textContent") == "Skip to content"
