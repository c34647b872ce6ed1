"""The platform console in a real browser against a real server: a superadmin (made with
`promptvault create-admin --superadmin`) creates a tenant with its first admin, finds that admin
among the users of every tenant, and the new admin signs in."""

from __future__ import annotations

import re
import uuid

from playwright.async_api import BrowserContext, Page, expect

from tests.dashboard.browser import browser_context, launched_chromium, require_chromium, screenshot
from tests.support.graphql import LOGIN, PASSWORD, GraphQLClient, TenantHandle
from tests.support.platform import superadmin_token
from tests.support.server import IsolatedServer


async def _signed_in(context: BrowserContext, url: str, token: str) -> Page:
    await context.add_cookies([{"name": "promptvault_session", "value": token, "url": url}])
    return await context.new_page()


async def test_a_superadmin_creates_a_tenant_and_finds_its_admin_among_all_users(
    live: IsolatedServer,
) -> None:
    require_chromium()
    marker = uuid.uuid4().hex[:8]
    admin_email = f"owner-{marker}@example.com"
    async with GraphQLClient.for_url(live.url) as remote:
        tenant = await TenantHandle.register(remote)
        email = f"super-{marker}@example.com"
        token = await superadmin_token(remote, tenant, email, env=live.env)
        async with (
            launched_chromium() as chromium,
            browser_context(chromium, live.url) as context,
        ):
            page = await _signed_in(context, live.url, token)
            await page.goto("/assets")
            await page.get_by_role("link", name="Platform").click()
            await expect(page.locator("[data-figure=tenants] dd")).to_have_text(re.compile(r"\d"))
            await screenshot(page, "platform-overview")

            await page.get_by_role("link", name="Tenants").click()
            await page.get_by_label("Name").fill(f"Northwind {marker}")
            await page.get_by_label("Maximum active users").fill("5")
            await page.get_by_label("First admin's email").fill(admin_email)
            await page.get_by_label("First admin's password").fill(PASSWORD)
            await page.get_by_role("button", name="Create tenant").click()
            await expect(page.get_by_role("status").first).to_contain_text(
                f"its admin signs in to the tenant northwind-{marker}."
            )
            row = page.locator(f'tr[data-tenant="northwind-{marker}"]')
            await expect(row).to_contain_text(f"Northwind {marker}")
            await screenshot(page, "platform-tenants")

            await (
                page.get_by_role("navigation", name="Platform")
                .get_by_role("link", name="Users")
                .click()
            )
            await page.get_by_label("Search").fill(marker)
            await page.get_by_role("button", name="Search").click()
            found = page.locator(f'tr[data-user="{admin_email}"]')
            await expect(found).to_contain_text(f"Northwind {marker}")
            await expect(found).to_contain_text("admin")
            await expect(found).to_contain_text("never")
            await expect(page).to_have_url(re.compile(rf"query={marker}"))
            await screenshot(page, "platform-users")

        signed_in = await remote(
            LOGIN,
            {
                "input": {
                    "tenant": f"northwind-{marker}",
                    "email": admin_email,
                    "password": PASSWORD,
                }
            },
        )
        assert signed_in.ok()["login"]["token"]
