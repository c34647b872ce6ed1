"""The playground in a real browser against a real server (its worker makes the model calls) and
a fake OpenAI server on 127.0.0.1: a version runs and its answer streams in piece by piece, as
text; two versions compared stream side by side; a draft is saved as a new version. Screenshots
go to tests/artifacts/."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.async_api import Locator, Page, expect

from tests.dashboard.browser import (
    browser_context,
    launched_chromium,
    require_chromium,
    screenshot,
)
from tests.support.chat_prompts import add_version, new_asset
from tests.support.fake_providers import FakeProvider, running_fake_provider
from tests.support.graphql import GraphQLClient, TenantHandle
from tests.support.providers import create_connection, fake_input

KEY = "sk-test-browser-2468"
SCHEMA = {
    "type": "object",
    "properties": {
        "topic": {"type": "string", "description": "What the reply is about"},
        "tone": {"enum": ["plain", "warm"]},
    },
    "required": ["topic"],
}
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def fake() -> Iterator[FakeProvider]:
    with running_fake_provider("openai", key=KEY) as fake:
        yield fake


async def _tenant_with_versions(live_server: str, fake: FakeProvider) -> tuple[str, str, list[str]]:
    """A tenant with an asset of two versions and a local connection to the fake (an admin's:
    the fake is on a loopback address): the admin's token, the asset's name, the versions' ids."""
    async with GraphQLClient.for_url(live_server) as remote:
        tenant = await TenantHandle.register(remote)
        asset_id, name = await new_asset(tenant, "support-reply")
        ids = []
        for body in ("Reply about {{ topic }}.", "Reply about {{ topic }}, in a {{ tone }} tone."):
            created = await add_version(tenant, asset_id, {"body": body, "variables": SCHEMA})
            ids.append(created.ok()["createVersion"]["id"])
        await create_connection(tenant, fake_input(fake, name="local fake"))
        return tenant.token, name, ids


def _pane(page: Page, number: int) -> Locator:
    return page.locator(".run-pane").nth(number)


async def test_a_run_streams_in_two_versions_compare_and_a_draft_is_saved(
    live_server: str, fake: FakeProvider
) -> None:
    require_chromium()
    token, name, ids = await _tenant_with_versions(live_server, fake)
    fake.answer = ["Dear customer, ", "thanks ", SCRIPT, " for writing."]
    fake.hold(after_pieces=2)  # the stream waits there until released

    async with launched_chromium() as chromium, browser_context(chromium, live_server) as context:
        await context.add_cookies(
            [{"name": "promptvault_session", "value": token, "url": live_server}]
        )
        page = await context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: dialogs.append(dialog.message))

        await page.goto("/assets")
        await page.get_by_role("link", name="Playground").click()
        await page.get_by_label("Asset").select_option(name)
        await expect(page.get_by_label("Version", exact=True)).to_have_value(re.compile(".+"))
        await expect(page.get_by_label("tone")).to_be_visible()
        await page.get_by_label("topic").fill("a late parcel")
        await page.get_by_label("tone").select_option("warm")
        await page.evaluate("window.notReloaded = true")
        await page.get_by_role("button", name="Run", exact=True).click()

        # The first pieces arrive while the model still holds the rest back.
        pane = _pane(page, 0)
        await expect(pane.locator("[data-run-output]")).to_have_text("Dear customer, thanks ")
        await expect(pane.locator("[data-run-status]")).to_have_text("running")
        await screenshot(page, "playground-streaming")
        fake.release()
        await expect(pane.locator("[data-run-status]")).to_have_text("succeeded")
        await expect(pane.locator("[data-run-output]")).to_have_text(
            f"Dear customer, thanks {SCRIPT} for writing."
        )
        await expect(pane.locator('[data-figure="outputTokens"]')).to_have_text("4")
        await expect(pane.get_by_role("button", name=re.compile("Cancel"))).to_be_hidden()
        assert await pane.locator("script").count() == 0
        [sent] = fake.chat_requests()
        assert sent.json["messages"][0]["content"] == "Reply about a late parcel, in a warm tone."
        await screenshot(page, "playground-answer")

        # Compare v1 with v2 on the same variables: both stream, side by side.
        fake.answer = ["Side ", "by ", "side."]
        await page.get_by_label("Compare with").select_option(ids[0])
        await expect(page.get_by_role("button", name="Run both")).to_be_visible()
        await expect(page.get_by_label("topic")).to_have_value("a late parcel")
        await page.get_by_role("button", name="Run both").click()
        await expect(page.locator(".run-pane")).to_have_count(2)
        for number in (0, 1):
            await expect(_pane(page, number).locator("[data-run-status]")).to_have_text("succeeded")
            await expect(_pane(page, number).locator("[data-run-output]")).to_have_text(
                "Side by side."
            )
        compared = sorted(r.json["messages"][0]["content"] for r in fake.chat_requests()[1:])
        assert compared == [
            "Reply about a late parcel, in a warm tone.",
            "Reply about a late parcel.",
        ]
        await screenshot(page, "playground-compare")

        # Write a draft, run it beside v2, and save it as version 3.
        await page.get_by_label("Compare with").select_option("draft")
        await expect(page.get_by_label("Body")).to_be_visible()
        await page.get_by_label("Body").fill("Answer about {{ topic }} briefly.")
        await page.get_by_role("button", name="Run both").click()
        await expect(_pane(page, 1).locator("[data-run-status]")).to_have_text("succeeded")
        assert "Answer about a late parcel briefly." in [
            request.json["messages"][0]["content"] for request in fake.chat_requests()
        ]
        await page.get_by_label("What changed").fill("briefer")
        await page.get_by_role("button", name="Save the draft as a new version").click()
        await expect(page.get_by_role("status").first).to_contain_text(
            f"The draft is saved as version 3 of {name}."
        )
        assert await page.evaluate("window.notReloaded") is True
        assert dialogs == []
        await page.get_by_role("link", name="See version 3").click()
        await expect(page.locator("#v3 pre.body")).to_have_text("Answer about {{ topic }} briefly.")
        await expect(page.locator("#v3 .status")).to_have_text("draft")
