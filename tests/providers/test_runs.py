"""Prompt runs through GraphQL against the fake providers: a saved version or a draft rendered,
sent through a connection, its answer kept with its usage and cost; resolution of the connection
and model; failures as FAILED runs with the provider's message; the tenant's limit on runs going
at once; execution logs of a version's runs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.fake_providers import FakeProvider, running_fake_provider
from tests.support.graphql import TenantHandle
from tests.support.providers import create_connection, fake_input
from tests.support.registry import make_asset
from tests.support.runs import finished_run

KEY = "sk-test-runs-0001"


@pytest.fixture
def fake() -> Iterator[FakeProvider]:
    with running_fake_provider("openai", key=KEY) as fake:
        yield fake


async def test_a_version_runs_and_keeps_the_answer_with_its_usage(
    tenant: TenantHandle, fake: FakeProvider
) -> None:
    connection = await create_connection(tenant, fake_input(fake))
    asset = await make_asset(tenant)
    run = await finished_run(
        tenant,
        {
            "versionId": asset.version_ids[0],
            "variables": {"topic": "tea"},
            "connectionId": connection["id"],
        },
        role="DEVELOPER",
    )
    assert run["status"] == "SUCCEEDED", run
    assert run["output"] == "Hello, world."
    assert (run["inputTokens"], run["outputTokens"]) == (12, 4)
    assert run["model"] == "fake-large"
    assert run["messages"] == [{"role": "USER", "content": f"Body 1 of {asset.name}: tea"}]
    assert run["version"]["id"] == asset.version_ids[0]
    assert run["connection"]["id"] == connection["id"]
    sent = fake.chat_requests()[-1].json
    assert sent["messages"] == [{"role": "user", "content": f"Body 1 of {asset.name}: tea"}]
