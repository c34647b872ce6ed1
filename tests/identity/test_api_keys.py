"""API keys: the secret is shown once, only a hash is kept, and a key can do nothing outside
its scopes."""

from tests.support.graphql import GraphQLClient, TenantHandle
from tests.support.registry import ACTIVATE, CREATE_ASSET, RESOLVE, make_asset

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
