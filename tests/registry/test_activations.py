from tests.support.graphql import TenantHandle
from tests.support.registry import ACTIVATE, RESOLVE, ROLLBACK, make_asset

HISTORY = """
query History($assetId: ID!, $environment: String, $first: Int, $after: String) {
  activationHistory(assetId: $assetId, environment: $environment, first: $first, after: $after) {
    edges { cursor node { environment version { number } previousVersion { number } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
ACTIVE_VERSIONS = """
query Active($id: ID!) { asset(id: $id) { activeVersions { environment version { number } } } }
"""


async def test_activating_a_version_serves_it_from_resolve_prompt(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant, versions=2)
    activated = await tenant.gql(
        ACTIVATE, {"versionId": asset.version_ids[1], "environment": "production"}
    )
    assert activated.ok()["activateVersion"]["version"]["number"] == 2

    resolved = await tenant.gql(RESOLVE, {"name": asset.name, "environment": "production"})
    prompt = resolved.ok()["resolvePrompt"]
    assert prompt["version"]["number"] == 2
    assert prompt["body"].startswith("Body 2")


async def test_rollback_walks_back_through_history(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant, versions=3)
    for version_id in asset.version_ids:
        (await tenant.gql(ACTIVATE, {"versionId": version_id, "environment": "staging"})).ok()

    first = await tenant.gql(ROLLBACK, {"assetId": asset.id, "environment": "staging"})
    assert first.ok()["rollback"]["version"]["number"] == 2
    assert first.ok()["rollback"]["previousVersion"]["number"] == 3
    second = await tenant.gql(ROLLBACK, {"assetId": asset.id, "environment": "staging"})
    assert second.ok()["rollback"]["version"]["number"] == 1
    third = await tenant.gql(ROLLBACK, {"assetId": asset.id, "environment": "staging"})
    assert third.code == "CONFLICT"

    active = await tenant.gql(ACTIVE_VERSIONS, {"id": asset.id})
    assert active.ok()["asset"]["activeVersions"] == [
        {"environment": "staging", "version": {"number": 1}}
    ]


async def test_history_lists_every_change_newest_first_in_pages(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant, versions=3)
    for version_id in asset.version_ids:
        (await tenant.gql(ACTIVATE, {"versionId": version_id, "environment": "production"})).ok()
    (await tenant.gql(ROLLBACK, {"assetId": asset.id, "environment": "production"})).ok()

    page = (await tenant.gql(HISTORY, {"assetId": asset.id, "first": 3})).ok()
    history = page["activationHistory"]
    assert [edge["node"]["version"]["number"] for edge in history["edges"]] == [2, 3, 2]
    assert history["pageInfo"]["hasNextPage"] is True
    rest = await tenant.gql(
        HISTORY, {"assetId": asset.id, "first": 3, "after": history["pageInfo"]["endCursor"]}
    )
    tail = rest.ok()["activationHistory"]
    assert [edge["node"]["version"]["number"] for edge in tail["edges"]] == [1]
    assert tail["pageInfo"]["hasNextPage"] is False


async def test_activating_the_active_version_again_is_a_conflict(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant)
    variables = {"versionId": asset.version_ids[0], "environment": "production"}
    (await tenant.gql(ACTIVATE, variables)).ok()
    assert (await tenant.gql(ACTIVATE, variables)).code == "CONFLICT"


async def test_unknown_environment_is_refused(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant)
    result = await tenant.gql(ACTIVATE, {"versionId": asset.version_ids[0], "environment": "moon"})
    assert result.code == "BAD_USER_INPUT"
    assert "production" in result.errors[0]["message"]


async def test_resolving_an_inactive_prompt_is_not_found(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant)
    result = await tenant.gql(RESOLVE, {"name": asset.name, "environment": "production"})
    assert result.code == "NOT_FOUND"
