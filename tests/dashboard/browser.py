"""Debian's chromium driven by Playwright, for the browser tests. Nothing is downloaded: the
browser is /usr/bin/chromium (.ci/run installs it), passed to Playwright as its executable."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from playwright.async_api import Browser, BrowserContext, Page, async_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
WAIT_MS = 10_000


def require_chromium() -> None:
    """Skips without chromium on a developer's machine; fails in CI, where it is required."""
    if CHROMIUM.exists():
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(
            f"{CHROMIUM} is missing, and CI needs the browser tests (apt-get install chromium)"
        )
    pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium to run the browser tests")


@asynccontextmanager
async def launched_chromium() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            await browser.close()


@asynccontextmanager
async def browser_context(
    browser: Browser, base_url: str, *, javascript: bool = True
) -> AsyncIterator[BrowserContext]:
    context = await browser.new_context(base_url=base_url, java_script_enabled=javascript)
    context.set_default_timeout(WAIT_MS)
    try:
        yield context
    finally:
        await context.close()


async def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)
