"""Each module that runs its own app server gives it as the `search_server` fixture (its URL)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.support.graphql import GraphQLClient, TenantHandle


@pytest.fixture
async def remote_tenant(search_server: str) -> AsyncIterator[TenantHandle]:
    """A new tenant of the module's own server."""
    async with GraphQLClient.for_url(search_server) as client:
        yield await TenantHandle.register(client)
