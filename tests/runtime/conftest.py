"""Runtime tests read through HTTP: the app in process, or real server processes."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from tests.support.graphql import TenantHandle
from tests.support.runtime import LivePrompt, RuntimeReader


@pytest.fixture
async def http(app: object) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50001))  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        yield client


@pytest.fixture
async def live(tenant: TenantHandle) -> LivePrompt:
    return await LivePrompt.create(tenant)


@pytest.fixture
def reader(http: httpx.AsyncClient, live: LivePrompt) -> RuntimeReader:
    return RuntimeReader(http, live.secret)
