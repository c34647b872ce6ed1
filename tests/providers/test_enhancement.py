"""enhanceVersion against a fake provider: an enhancement prompt (the named one, or the tenant's
default) rewrites a version, and the rewrite is saved as a new DRAFT whose message says how it
was made; audited; chat versions read back from the transcript."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.fake_providers import FakeProvider, running_fake_provider
from tests.support.graphql import TenantHandle
from tests.support.providers import create_connection, fake_input
from tests.support.registry import (
    ACTIVATE,
    CREATE_ASSET,
    CREATE_VERSION,
    approve_versions,
    make_asset,
)
from tests.support.runs import ENHANCE

ENHANCER_BODY = (
    "Rewrite this prompt for clarity and structure, keeping its variables.\n"
    "Instructions: {{ instructions }}\n\n{{ prompt }}"
)
AUDIT = """
query Audit($targetId: String!) {
  auditEvents(targetType: "AssetVersion", targetId: $targetId) {
    edges { node { action diff actor { id } } }
  }
}
"""


@pytest.fixture
def fake() -> Iterator[FakeProvider]:
    with running_fake_provider("openai") as fake:
        yield fake


async def enhancer(
    tenant: TenantHandle,
    name: str,
    *,
    body: str = ENHANCER_BODY,
    provider: str = "team",
    activate: bool = True,
) -> dict[str, Any]:
    """An enhancement asset with one version that calls the connection named `provider`,
    active in production unless `activate` is off."""
    created = await tenant.gql(
        CREATE_ASSET, {"input": {"name": name, "title": name, "enhancement": True}}
    )
    asset: dict[str, Any] = created.ok()["createAsset"]
    input = {"body": body, "modelConfig": {"provider": provider}}
    version = await tenant.gql(CREATE_VERSION, {"assetId": asset["id"], "input": input})
    version_id = version.ok()["createVersion"]["id"]
    if activate:
        await approve_versions(tenant, version_id)
        (await tenant.gql(ACTIVATE, {"versionId": version_id, "environment": "production"})).ok()
    return asset


async def test_the_tenants_default_enhancement_rewrites_a_version_as_a_new_draft(
    tenant: TenantHandle, fake: FakeProvider
) -> None:
    await create_connection(tenant, fake_input(fake, name="team"))
    await enhancer(tenant, "enhancer-a")
    asset = await make_asset(tenant)
    fake.answer = ["Explain ", "{{ topic }} ", "clearly."]

    result = await tenant.gql(
        ENHANCE,
        {
            "input": {
                "versionId": asset.version_ids[0],
                "instructions": "be brief",
            }
        },
        role="DEVELOPER",
    )
    draft = result.ok()["enhanceVersion"]
    assert draft["status"] == "DRAFT" and draft["number"] == 2
    assert draft["body"] == "Explain {{ topic }} clearly."
    assert draft["message"] == "Enhanced by enhancer-a v1 with fake-large: be brief"
    sent = fake.chat_requests()[-1].json["messages"][0]["content"]
    assert "Instructions: be brief" in sent and f"Body 1 of {asset.name}" in sent
