"""enhanceVersion against a fake provider: an enhancement prompt (the named one, or the tenant's
default) rewrites a version, and the rewrite is saved as a new DRAFT whose message says how it
was made; audited; chat versions read back from the transcript."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.chat_prompts import add_version, new_asset
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
from tests.support.runs import ENHANCE, PROMPT_RUNS

ENHANCER_BODY = (
    "Rewrite this prompt for clarity and structure, keeping its variables.\n"
    "Instructions: {{ instructions }}\n\n{{ prompt }}"
)
VERSIONS = "query Versions($id: ID!) { asset(id: $id) { versions { edges { node { id } } } } }"
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


async def test_the_named_enhancement_prompt_runs_and_its_run_is_kept(
    tenant: TenantHandle, fake: FakeProvider
) -> None:
    await create_connection(tenant, fake_input(fake, name="team"))
    await enhancer(tenant, "enhancer-default")
    named = await enhancer(tenant, "enhancer-terse", body="Shorten: {{ prompt }}", activate=False)
    asset = await make_asset(tenant)
    fake.answer = ["Short ", "{{ topic }}"]
    draft = (
        await tenant.gql(
            ENHANCE,
            {"input": {"versionId": asset.version_ids[0], "enhancementAssetId": named["id"]}},
        )
    ).ok()["enhanceVersion"]
    assert draft["message"] == "Enhanced by enhancer-terse v1 with fake-large"
    assert draft["body"] == "Short {{ topic }}"
    assert fake.chat_requests()[-1].json["messages"][0]["content"].startswith("Shorten: Body 1")
    runs = (await tenant.gql(PROMPT_RUNS, {})).ok()["promptRuns"]["edges"]
    assert [edge["node"]["status"] for edge in runs] == ["SUCCEEDED"]

    audit = (await tenant.gql(AUDIT, {"targetId": draft["id"]})).ok()["auditEvents"]
    actions = {edge["node"]["action"]: edge["node"]["diff"] for edge in audit["edges"]}
    assert set(actions) == {"version.create", "version.enhance"}
    assert actions["version.enhance"]["after"] == {
        "asset": asset.name,
        "from": 1,
        "number": 2,
        "enhancement": "enhancer-terse v1",
        "model": "fake-large",
        "run": runs[0]["node"]["id"],
        "instructions": "",
    }


async def test_a_chat_version_is_rewritten_message_by_message(
    tenant: TenantHandle, fake: FakeProvider
) -> None:
    await create_connection(tenant, fake_input(fake, name="team"))
    await enhancer(tenant, "enhancer-chat")
    asset_id, _ = await new_asset(tenant)
    prompt = {
        "format": "chat",
        "messages": [
            {"role": "system", "content": "Be nice about {{ topic }}."},
            {"role": "assistant", "placeholder": "history"},
            {"role": "user", "content": "Go."},
        ],
    }
    version_id = (await add_version(tenant, asset_id, prompt)).ok()["createVersion"]["id"]
    fake.answer = [
        "```\n[system]\nBe kind and brief about {{ topic }}.\n\n",
        "[placeholder: history]\n\n[user]\nGo on,\nplease.\n```",
    ]
    draft = (await tenant.gql(ENHANCE, {"input": {"versionId": version_id}})).ok()["enhanceVersion"]
    assert draft["format"] == "CHAT" and draft["status"] == "DRAFT"
    assert draft["messages"] == [
        {"role": "SYSTEM", "content": "Be kind and brief about {{ topic }}.", "placeholder": None},
        {"role": "ASSISTANT", "content": "", "placeholder": "history"},
        {"role": "USER", "content": "Go on,\nplease.", "placeholder": None},
    ]
    sent = fake.chat_requests()[-1].json["messages"][0]["content"]
    assert "[system]\nBe nice about {{ topic }}." in sent and "[placeholder: history]" in sent

    fake.answer = ["Just some prose."]
    refused = await tenant.gql(ENHANCE, {"input": {"versionId": version_id}})
    assert refused.code == "BAD_USER_INPUT" and "transcript" in refused.errors[0]["message"]


async def test_enhancement_needs_an_enhancement_prompt_that_takes_the_prompt(
    tenant: TenantHandle, fake: FakeProvider
) -> None:
    await create_connection(tenant, fake_input(fake, name="team"))
    asset = await make_asset(tenant)
    version = {"versionId": asset.version_ids[0]}
    none_active = await tenant.gql(ENHANCE, {"input": version})
    assert none_active.code == "BAD_USER_INPUT"
    assert none_active.errors[0]["extensions"]["field"] == "enhancementAssetId"

    not_one = await tenant.gql(ENHANCE, {"input": {**version, "enhancementAssetId": asset.id}})
    assert not_one.code == "BAD_USER_INPUT" and "not an enhancement" in not_one.errors[0]["message"]
    blind = await enhancer(tenant, "enhancer-blind", body="Improve something.", activate=False)
    refused = await tenant.gql(ENHANCE, {"input": {**version, "enhancementAssetId": blind["id"]}})
    assert refused.code == "BAD_USER_INPUT" and "'prompt'" in refused.errors[0]["message"]
    plain = await enhancer(tenant, "enhancer-plain", body="Fix: {{ prompt }}", activate=False)
    with_instructions = {**version, "enhancementAssetId": plain["id"], "instructions": "x"}
    refused = await tenant.gql(ENHANCE, {"input": with_instructions})
    assert refused.errors[0]["extensions"]["field"] == "instructions"
    assert fake.chat_requests() == []


async def test_a_failed_enhancement_saves_no_version(
    tenant: TenantHandle, fake: FakeProvider
) -> None:
    await create_connection(tenant, fake_input(fake, name="team"))
    await enhancer(tenant, "enhancer-down")
    asset = await make_asset(tenant)
    fake.drop_stream(after_pieces=1)
    failed = await tenant.gql(ENHANCE, {"input": {"versionId": asset.version_ids[0]}})
    assert failed.code == "BAD_USER_INPUT" and "enhancer-down" in failed.errors[0]["message"]
    versions = await tenant.gql(VERSIONS, {"id": asset.id})
    assert len(versions.ok()["asset"]["versions"]["edges"]) == 1


async def test_viewers_and_reviewers_enhance_nothing_and_other_tenants_find_nothing(
    tenant: TenantHandle, other_tenant: TenantHandle, fake: FakeProvider
) -> None:
    await create_connection(tenant, fake_input(fake, name="team"))
    await enhancer(tenant, "enhancer-guarded")
    asset = await make_asset(tenant)
    input = {"input": {"versionId": asset.version_ids[0]}}
    for role in ("VIEWER", "REVIEWER"):
        assert (await tenant.gql(ENHANCE, input, role=role)).code == "FORBIDDEN"
    assert (await other_tenant.gql(ENHANCE, input)).code == "NOT_FOUND"
    assert fake.chat_requests() == []
