"""Asset grants: a DENY grant wins over any role; a restricted asset opens its edit and
activate actions only to admins and users with an ALLOW grant."""

from tests.support.graphql import TenantHandle
from tests.support.registry import ACTIVATE, CREATE_VERSION, make_asset

RESTRICT = """
mutation Restrict($id: ID!, $restricted: Boolean!) {
  restrictAsset(id: $id, restricted: $restricted) { restricted }
}
"""
GRANT = """
mutation Grant($assetId: ID!, $userId: ID!, $actions: [AssetAction!]!, $effect: GrantEffect!) {
  grantAssetAccess(assetId: $assetId, userId: $userId, actions: $actions, effect: $effect) {
    id actions effect user { id }
  }
}
"""
REVOKE = "mutation Revoke($id: ID!) { revokeAssetGrant(id: $id) }"
GRANTS = """
query Grants($id: ID!) { asset(id: $id) { restricted grants { id actions effect user { id } } } }
"""
UPDATE_TITLE = """
mutation Update($id: ID!) { updateAsset(id: $id, input: {title: "Changed"}) { title } }
"""


async def _edit(tenant: TenantHandle, asset_id: str, role: str) -> str | None:
    return (await tenant.gql(UPDATE_TITLE, {"id": asset_id}, role=role)).code


async def test_a_restricted_asset_is_edited_only_by_admins_and_allowed_users(
    tenant: TenantHandle,
) -> None:
    asset = await make_asset(tenant)
    (await tenant.gql(RESTRICT, {"id": asset.id, "restricted": True})).ok()
    developer_id, _ = await tenant.user("DEVELOPER")

    assert await _edit(tenant, asset.id, "DEVELOPER") == "FORBIDDEN"
    new_version = await tenant.gql(
        CREATE_VERSION, {"assetId": asset.id, "input": {"body": "x"}}, role="DEVELOPER"
    )
    assert new_version.code == "FORBIDDEN"
    assert await _edit(tenant, asset.id, "ADMIN") is None

    await tenant.gql(
        GRANT,
        {"assetId": asset.id, "userId": developer_id, "actions": ["EDIT"], "effect": "ALLOW"},
    )
    assert await _edit(tenant, asset.id, "DEVELOPER") is None
    activation = await tenant.gql(
        ACTIVATE, {"versionId": asset.version_ids[0], "environment": "staging"}, role="DEVELOPER"
    )
    assert activation.code == "FORBIDDEN"
    assert "ALLOW grant" in activation.errors[0]["message"]


async def test_an_allow_grant_never_gives_a_role_more_than_it_has(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant)
    viewer_id, _ = await tenant.user("VIEWER")
    await tenant.gql(RESTRICT, {"id": asset.id, "restricted": True})
    await tenant.gql(
        GRANT, {"assetId": asset.id, "userId": viewer_id, "actions": ["EDIT"], "effect": "ALLOW"}
    )
    assert await _edit(tenant, asset.id, "VIEWER") == "FORBIDDEN"


async def test_a_deny_grant_wins_over_any_role_restricted_or_not(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant)
    developer_id, _ = await tenant.user("DEVELOPER")
    await tenant.gql(
        GRANT,
        {"assetId": asset.id, "userId": developer_id, "actions": ["ACTIVATE"], "effect": "DENY"},
    )
    await tenant.gql(
        GRANT,
        {"assetId": asset.id, "userId": tenant.admin_id, "actions": ["EDIT"], "effect": "DENY"},
    )
    denied = await tenant.gql(
        ACTIVATE, {"versionId": asset.version_ids[0], "environment": "staging"}, role="DEVELOPER"
    )
    assert denied.code == "FORBIDDEN"
    assert await _edit(tenant, asset.id, "ADMIN") == "FORBIDDEN"
    assert await _edit(tenant, asset.id, "DEVELOPER") is None


async def test_grants_are_listed_and_revoked(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant)
    developer_id, _ = await tenant.user("DEVELOPER")
    granted = await tenant.gql(
        GRANT,
        {
            "assetId": asset.id,
            "userId": developer_id,
            "actions": ["EDIT", "ACTIVATE"],
            "effect": "DENY",
        },
    )
    grant = granted.ok()["grantAssetAccess"]
    assert grant["actions"] == ["ACTIVATE", "EDIT"]
    listed = (await tenant.gql(GRANTS, {"id": asset.id})).ok()["asset"]
    assert listed["grants"] == [grant]
    assert listed["restricted"] is False

    assert (await tenant.gql(REVOKE, {"id": grant["id"]})).ok()["revokeAssetGrant"] is True
    assert (await tenant.gql(GRANTS, {"id": asset.id})).ok()["asset"]["grants"] == []
    assert await _edit(tenant, asset.id, "DEVELOPER") is None


async def test_only_admins_restrict_and_grant(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant)
    viewer_id, _ = await tenant.user("VIEWER")
    for role in ["DEVELOPER", "REVIEWER", "VIEWER"]:
        restricted = await tenant.gql(RESTRICT, {"id": asset.id, "restricted": True}, role=role)
        assert restricted.code == "FORBIDDEN"
        granted = await tenant.gql(
            GRANT,
            {"assetId": asset.id, "userId": viewer_id, "actions": ["EDIT"], "effect": "ALLOW"},
            role=role,
        )
        assert granted.code == "FORBIDDEN"
    listed = (await tenant.gql(GRANTS, {"id": asset.id})).ok()["asset"]
    assert listed == {"restricted": False, "grants": []}


async def test_another_tenants_asset_or_user_cannot_be_granted(
    tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    mine = await make_asset(tenant)
    theirs = await make_asset(other_tenant)
    their_user_id, _ = await other_tenant.user("DEVELOPER")
    my_user_id, _ = await tenant.user("DEVELOPER")
    for asset_id, user_id in [(theirs.id, my_user_id), (mine.id, their_user_id)]:
        result = await tenant.gql(
            GRANT, {"assetId": asset_id, "userId": user_id, "actions": ["EDIT"], "effect": "DENY"}
        )
        assert result.code == "NOT_FOUND"
    assert (await tenant.gql(RESTRICT, {"id": theirs.id, "restricted": True})).code == "NOT_FOUND"
