"""Every dashboard page test runs twice: as a plain browser asks (the full page) and as htmx
asks (HX-Request: the partial alone)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from playwright.async_api import Browser

from tests.dashboard.browser import launched_chromium, require_chromium
from tests.dashboard.client import DashboardClient
from tests.support.databases import ThrowawayDatabase
from tests.support.graphql import TenantHandle
from tests.support.server import IsolatedServer, isolated_server


@pytest.fixture(params=[False, True], ids=["page", "htmx"])
def htmx(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


@pytest.fixture
async def browser(app: object, htmx: bool) -> AsyncIterator[DashboardClient]:
    async with DashboardClient.for_app(app, htmx=htmx) as client:
        yield client


@pytest.fixture
async def admin(browser: DashboardClient, tenant: TenantHandle) -> DashboardClient:
    browser.use_session(tenant.token)
    return browser


@pytest.fixture(scope="package")
def live(
    database: ThrowawayDatabase, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[IsolatedServer]:
    """A real `promptvault serve` on a database of its own, for the stream and the browser; its
    environment runs the CLI against the same database."""
    directory = tmp_path_factory.mktemp("dashboard")
    settings = {"PROMPTVAULT_SSE_HEARTBEAT_SECONDS": "1"}
    with isolated_server(database.dialect, directory, settings) as server:
        yield server


@pytest.fixture(scope="package")
def live_server(live: IsolatedServer) -> str:
    return live.url


@pytest.fixture(scope="package")
async def chromium() -> AsyncIterator[Browser]:
    """Debian's chromium, one for the package's browser tests."""
    require_chromium()
    async with launched_chromium() as browser:
        yield browser
