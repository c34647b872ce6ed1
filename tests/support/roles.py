"""The world each case of the role table runs in: a tenant's objects, and a snapshot of its
state to compare before and after the call."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from tests.support.fake_providers import shared_fake_provider
from tests.support.governance import open_change_request
from tests.support.graphql import CREATE_USER, PASSWORD, TenantHandle
from tests.support.registry import ACTIVATE, CREATE_VERSION, SUBMIT, make_asset
from tests.support.runs import finished_run

ENVIRONMENT = "staging"
STATE = """
query State($id: ID!, $draftId: ID!, $inReviewId: ID!) {
  assets(first: 100) { edges { node { name } } }
  asset(id: $id) {
    title archived
    versions(first: 100) { edges { node { number } } }
    activeVersions { environment version { number } }
  }
  activationHistory(assetId: $id, first: 100) { edges { node { id } } }
  users { id email role isActive }
  draft: version(id: $draftId) { status }
  inReview: version(id: $inReviewId) { status }
  changeRequests(first: 100) { edges { node { id status } } }
  tenant { policy { protectedEnvironments } sso { issuer enabled } }
  apiKeys { id revokedAt }
  webhooks { id }
  grants: asset(id: $id) { restricted grants { id } }
  executionLogs(first: 100) { edges { node { id } } }
  providerConnections { id name scope }
  promptRuns(first: 100) { edges { node { id status } } }
  modelPrices { model inputPerMillion outputPerMillion }
}
"""

ADMIN_OBJECTS = """
mutation AdminObjects($a: ID!, $u: ID!, $providerUrl: String!, $enhancerName: String!) {
  createApiKey(name: "runtime", scopes: [RUNTIME_READ]) { apiKey { id } }
  grantAssetAccess(assetId: $a, userId: $u, actions: [ACTIVATE], effect: DENY) { id }
  createWebhook(input: {url: "http://127.0.0.1:9/hook", events: ["rollout.rolled_back"]}) {
    webhook { id }
  }
  createProviderConnection(input: {name: "team models", baseUrl: $providerUrl, local: true}) {
    id
  }
  setModelPrice(model: "fake-large", inputPerMillion: 1, outputPerMillion: 2) { model }
  createAsset(input: {name: $enhancerName, title: "Enhancer", enhancement: true}) { id }
}
"""
ENHANCER_VERSION = """
mutation EnhancerVersion($assetId: ID!) {
  createVersion(assetId: $assetId, input: {
    body: "Rewrite: {{ prompt }}", modelConfig: {provider: "team models", model: "fake-large"}
  }) { id }
}
"""

State = dict[str, Any]


@dataclass
class World:
    """A tenant's objects for one case: an asset with v1 then v2 activated in staging, and a
    developer's v3 (a draft) and v4 (in review); a developer's medium-risk change request; a
    user to manage, and the acting user; a model connection, a price, an enhancement prompt and
    an ended prompt run (of a draft, which makes no execution log)."""

    tenant: TenantHandle
    role: str
    actor_id: str
    asset_id: str
    asset_name: str
    v1_id: str
    v2_id: str
    draft_id: str
    in_review_id: str
    change_request_id: str
    commit_sha: str
    target_id: str
    target_email: str
    new_name: str
    new_email: str
    api_key_id: str
    grant_id: str
    webhook_id: str
    provider_connection_id: str
    enhancer_id: str
    enhancer_name: str
    run_id: str


async def build_world(tenant: TenantHandle, role: str) -> World:
    asset = await make_asset(tenant, versions=2)
    for version_id in asset.version_ids:
        variables = {"versionId": version_id, "environment": ENVIRONMENT}
        (await tenant.gql(ACTIVATE, variables)).ok()
    drafts = [
        await tenant.gql(
            CREATE_VERSION, {"assetId": asset.id, "input": {"body": body}}, role="DEVELOPER"
        )
        for body in ["Version three", "Version four"]
    ]
    draft_id, in_review_id = (draft.ok()["createVersion"]["id"] for draft in drafts)
    (await tenant.gql(SUBMIT, {"id": in_review_id}, role="DEVELOPER")).ok()
    change_request = await open_change_request(tenant, [draft_id, in_review_id], risk="MEDIUM")
    target_email = f"target-{uuid.uuid4().hex[:8]}@example.com"
    target = await tenant.gql(
        CREATE_USER, {"input": {"email": target_email, "password": PASSWORD, "role": "VIEWER"}}
    )
    actor_id, _ = await tenant.user(role)
    target_id = target.ok()["createUser"]["id"]
    # The tenant's model connection answers from a fake provider on 127.0.0.1.
    enhancer_name = f"enhancer-{uuid.uuid4().hex[:8]}"
    objects = {
        "a": asset.id,
        "u": target_id,
        "providerUrl": shared_fake_provider("openai").url,
        "enhancerName": enhancer_name,
    }
    created = (await tenant.gql(ADMIN_OBJECTS, objects)).ok()
    enhancer_id = created["createAsset"]["id"]
    (await tenant.gql(ENHANCER_VERSION, {"assetId": enhancer_id})).ok()
    connection_id = created["createProviderConnection"]["id"]
    run_input = {"draft": {"body": "Hi"}, "connectionId": connection_id, "model": "fake-large"}
    run = await finished_run(tenant, run_input)
    return World(
        tenant=tenant,
        role=role,
        actor_id=actor_id,
        asset_id=asset.id,
        asset_name=asset.name,
        v1_id=asset.version_ids[0],
        v2_id=asset.version_ids[1],
        draft_id=draft_id,
        in_review_id=in_review_id,
        change_request_id=change_request["id"],
        commit_sha=change_request["commitSha"],
        target_id=target_id,
        target_email=target_email,
        new_name=f"new-asset-{uuid.uuid4().hex[:8]}",
        new_email=f"new-{uuid.uuid4().hex[:8]}@example.com",
        api_key_id=created["createApiKey"]["apiKey"]["id"],
        grant_id=created["grantAssetAccess"]["id"],
        webhook_id=created["createWebhook"]["webhook"]["id"],
        provider_connection_id=connection_id,
        enhancer_id=enhancer_id,
        enhancer_name=enhancer_name,
        run_id=run["id"],
    )


async def state_of(world: World) -> State:
    variables = {"id": world.asset_id, "draftId": world.draft_id, "inReviewId": world.in_review_id}
    state = (await world.tenant.gql(STATE, variables)).ok()
    state["asset"].update(state.pop("grants"))
    return state
