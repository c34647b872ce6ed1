"""API keys: the secret is shown once, only a hash is kept, and a key can do nothing outside
its scopes."""

from tests.support.graphql import GraphQLClient, TenantHandle
from tests.support.registry import ACTIVATE, CREATE_ASSET, CREATE_VERSION, RESOLVE, make_asset

CREATE_KEY = """
mutation CreateKey($name: String!, $scopes: [ApiKeyScope!]!) {
  createApiKey(name: $name, scopes: $scopes) { secret apiKey { id name prefix scopes lastUsedAt } }
}
"""
API_KEYS = "query Keys { apiKeys { id name prefix scopes lastUsedAt revokedAt } }"
REVOKE_KEY = "mutation Revoke($id: ID!) { revokeApiKey(id: $id) { revokedAt } }"


async def _key(tenant: TenantHandle, *scopes: str) -> tuple[str, str]:
    created = (await tenant.gql(CREATE_KEY, {"name": "ci", "scopes": list(scopes)})).ok()
    return created["createApiKey"]["apiKey"]["id"], created["createApiKey"]["secret"]


async def _live_prompt(tenant: TenantHandle) -> str:
    asset = await make_asset(tenant)
    await tenant.gql(ACTIVATE, {"versionId": asset.version_ids[0], "environment": "production"})
    return asset.name


async def test_the_secret_is_shown_once_and_listed_keys_show_only_their_prefix(
    tenant: TenantHandle,
) -> None:
    key_id, secret = await _key(tenant, "RUNTIME_READ", "GATE_READ")
    listed = (await tenant.gql(API_KEYS)).ok()["apiKeys"]
    assert [key["id"] for key in listed] == [key_id]
    assert secret.startswith(listed[0]["prefix"] + "_")
    assert secret not in str(listed)
    assert listed[0]["scopes"] == ["GATE_READ", "RUNTIME_READ"]


async def test_a_runtime_key_resolves_prompts_and_records_its_last_use(
    tenant: TenantHandle,
) -> None:
    name = await _live_prompt(tenant)
    _, secret = await _key(tenant, "RUNTIME_READ")
    resolved = await tenant.api(RESOLVE, {"name": name, "environment": "production"}, token=secret)
    assert resolved.ok()["resolvePrompt"]["name"] == name
    listed = (await tenant.gql(API_KEYS)).ok()["apiKeys"]
    assert listed[0]["lastUsedAt"] is not None


async def test_a_key_can_do_nothing_outside_its_scopes(tenant: TenantHandle) -> None:
    name = await _live_prompt(tenant)
    _, secret = await _key(tenant, "GATE_READ")
    resolved = await tenant.api(RESOLVE, {"name": name, "environment": "production"}, token=secret)
    assert resolved.code == "FORBIDDEN"
    for operation in ["{ me { id } }", "{ assets { edges { node { id } } } }", "{ users { id } }"]:
        assert (await tenant.api(operation, token=secret)).code == "FORBIDDEN"
    created = await tenant.api(
        CREATE_ASSET, {"input": {"name": "by-key", "title": "By key"}}, token=secret
    )
    assert created.code == "FORBIDDEN"
    assert (
        await tenant.api(CREATE_KEY, {"name": "x", "scopes": ["LOGS_WRITE"]}, token=secret)
    ).code == "FORBIDDEN"


async def test_a_revoked_key_is_refused(tenant: TenantHandle) -> None:
    name = await _live_prompt(tenant)
    key_id, secret = await _key(tenant, "RUNTIME_READ")
    assert (await tenant.gql(REVOKE_KEY, {"id": key_id})).ok()["revokeApiKey"]["revokedAt"]
    resolved = await tenant.api(RESOLVE, {"name": name, "environment": "production"}, token=secret)
    assert resolved.code == "UNAUTHENTICATED"
    assert (await tenant.gql(REVOKE_KEY, {"id": key_id})).code == "CONFLICT"


async def test_a_forged_key_with_a_real_prefix_is_refused(tenant: TenantHandle) -> None:
    name = await _live_prompt(tenant)
    _, secret = await _key(tenant, "RUNTIME_READ")
    forged = secret[:-4] + ("aaaa" if not secret.endswith("aaaa") else "bbbb")
    resolved = await tenant.api(RESOLVE, {"name": name, "environment": "production"}, token=forged)
    assert resolved.code == "UNAUTHENTICATED"


async def test_a_malformed_key_is_unauthenticated(api: GraphQLClient) -> None:
    for token in ["pv_", "pv_short", "pv_0123456789abcdef_x", "pv_01234567-secret"]:
        assert (await api("{ me { id } }", token=token)).code == "UNAUTHENTICATED"


async def test_a_key_reads_only_its_own_tenant(
    tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    name = await _live_prompt(other_tenant)
    _, secret = await _key(tenant, "RUNTIME_READ")
    resolved = await tenant.api(RESOLVE, {"name": name, "environment": "production"}, token=secret)
    assert resolved.code == "NOT_FOUND"


async def test_only_admins_manage_keys(tenant: TenantHandle) -> None:
    key_id, _ = await _key(tenant, "RUNTIME_READ")
    for role in ["DEVELOPER", "REVIEWER", "VIEWER"]:
        assert (
            await tenant.gql(CREATE_KEY, {"name": "x", "scopes": ["GATE_READ"]}, role=role)
        ).code == "FORBIDDEN"
        assert (await tenant.gql(REVOKE_KEY, {"id": key_id}, role=role)).code == "FORBIDDEN"
        assert (await tenant.gql(API_KEYS, role=role)).code == "FORBIDDEN"
    assert len((await tenant.gql(API_KEYS)).ok()["apiKeys"]) == 1


# What a key could once read by following a version to its asset: every version, drafts
# included, and the emails of the users the asset's grants name.
BEYOND_THE_VERSION = """
version {
  asset {
    versions(first: 100) { edges { node { body status } } }
    grants { user { email } }
  }
  author { email }
}
"""
RECORD_REACHING_FURTHER = (
    "mutation Record($input: ExecutionInput!) { recordExecution(input: $input) { id "
    + BEYOND_THE_VERSION
    + "} }"
)
RESOLVE_REACHING_FURTHER = (
    "query Resolve($name: String!) { resolvePrompt(name: $name) { name "
    + BEYOND_THE_VERSION
    + "} }"
)
RESOLVE_THROUGH_A_FRAGMENT = """
query Resolve($name: String!) { resolvePrompt(name: $name) { ...Reach } }
fragment Reach on ResolvedPrompt { version { ... on AssetVersion { asset { name } } } }
"""
RENDER_REACHING_FURTHER = """
query Render($name: String!) { renderPrompt(name: $name, variables: {topic: "tides"}) {
  text version { author { email } } } }
"""
RECORD = """
mutation Record($input: ExecutionInput!) {
  recordExecution(input: $input) { id latencyMs status truncated }
}
"""
RESOLVE_WHAT_IT_SERVES = """
query Resolve($name: String!) {
  resolvePrompt(name: $name) {
    name environment body version { id number body variables modelConfig status __typename }
  }
}
"""
GRANT = """
mutation Grant($assetId: ID!, $userId: ID!) {
  grantAssetAccess(assetId: $assetId, userId: $userId, actions: [EDIT], effect: ALLOW) { id }
}
"""


async def _live_prompt_with_a_draft_and_a_grant(tenant: TenantHandle) -> tuple[str, str]:
    """A prompt live in production, a draft no key should read, and a grant naming a user."""
    asset = await make_asset(tenant)
    await tenant.gql(ACTIVATE, {"versionId": asset.version_ids[0], "environment": "production"})
    draft = await tenant.gql(
        CREATE_VERSION, {"assetId": asset.id, "input": {"body": "Unreviewed draft"}}
    )
    draft.ok()
    developer_id, _ = await tenant.user("DEVELOPER")
    (await tenant.gql(GRANT, {"assetId": asset.id, "userId": developer_id})).ok()
    return asset.name, asset.version_ids[0]


async def test_a_logs_key_reads_the_log_it_recorded_and_nothing_beyond(
    tenant: TenantHandle,
) -> None:
    _, version_id = await _live_prompt_with_a_draft_and_a_grant(tenant)
    _, secret = await _key(tenant, "LOGS_WRITE")
    entry = {"input": {"versionId": version_id, "latencyMs": 12}}

    refused = await tenant.api(RECORD_REACHING_FURTHER, entry, token=secret)

    assert refused.codes == ["FORBIDDEN"], refused.errors
    assert refused.data is None
    assert "ExecutionLog.version" in refused.errors[0]["message"]
    assert "Unreviewed draft" not in str(refused.errors)
    recorded = (await tenant.api(RECORD, entry, token=secret)).ok()["recordExecution"]
    assert recorded["id"] and recorded["latencyMs"] == 12
    logs = (await tenant.gql("{ executionLogs { edges { node { id } } } }")).ok()
    assert [edge["node"]["id"] for edge in logs["executionLogs"]["edges"]] == [recorded["id"]]


async def test_a_runtime_key_reads_the_prompt_it_resolved_and_nothing_beyond(
    tenant: TenantHandle,
) -> None:
    name, version_id = await _live_prompt_with_a_draft_and_a_grant(tenant)
    _, secret = await _key(tenant, "RUNTIME_READ")

    for document in (
        RESOLVE_REACHING_FURTHER,
        RESOLVE_THROUGH_A_FRAGMENT,
        RENDER_REACHING_FURTHER,
    ):
        refused = await tenant.api(document, {"name": name}, token=secret)
        assert refused.codes == ["FORBIDDEN"], (document, refused.errors)
        assert refused.data is None
        assert "API key" in refused.errors[0]["message"]

    served = (await tenant.api(RESOLVE_WHAT_IT_SERVES, {"name": name}, token=secret)).ok()
    assert served["resolvePrompt"]["version"]["id"] == version_id
    assert served["resolvePrompt"]["version"]["status"] == "APPROVED"


async def test_a_signed_in_user_still_follows_a_version_to_its_asset(
    tenant: TenantHandle,
) -> None:
    name, _ = await _live_prompt_with_a_draft_and_a_grant(tenant)
    result = (await tenant.gql(RESOLVE_REACHING_FURTHER, {"name": name})).ok()
    bodies = [
        edge["node"]["body"]
        for edge in result["resolvePrompt"]["version"]["asset"]["versions"]["edges"]
    ]
    assert "Unreviewed draft" in bodies
