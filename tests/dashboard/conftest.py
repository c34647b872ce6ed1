"""Every dashboard page test runs twice: as a plain browser asks (the full page) and as htmx
asks (HX-Request: the partial alone)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.dashboard.client import DashboardClient
from tests.support.graphql import TenantHandle


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
