"""Tenants are walled off: an admin of tenant B who knows tenant A's ids and names finds nothing
(NOT_FOUND, never FORBIDDEN, which would confirm that the object exists) and changes nothing."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from tests.support.graphql import GraphQLClient, TenantHandle
from tests.support.platform import PLATFORM_USERS, TENANTS, superadmin_token
from tests.support.registry import (
    ACTIVATE,
    APPROVE,
    CREATE_VERSION,
    REJECT,
    ROLLBACK,
    SUBMIT,
    make_asset,
)

ASSET_BY_ID = "query AssetById($id: ID) { asset(id: $id) { id title } }"
ASSET_BY_NAME = "query AssetByName($name: String) { asset(name: $name) { id title } }"
VERSION = "query Version($id: ID!) { version(id: $id) { id body } }"
NODE = "query Node($id: ID!) { node(id: $id) { id } }"
DIFF = """
query Diff($fromId: ID!, $toId: ID!) { diffVersions(fromId: $fromId, toId: $toId) { unified } }
"""
HISTORY = """
query History($assetId: ID!) {
  activationHistory(assetId: $assetId) { edges { node { id version { number } } } }
}
"""
RESOLVE = """
query Resolve($name: String!) { resolvePrompt(name: $name) { body version { number } } }
"""
ASSETS_BY_OWNER = """
query AssetsByOwner($owner: ID!) {
  assets(filter: {owner: $owner}) { edges { node { id name } } }
}
"""
UPDATE_ASSET = """
mutation UpdateAsset($id: ID!) { updateAsset(id: $id, input: {title: "Taken over"}) { id title } }
"""
ARCHIVE_ASSET = "mutation ArchiveAsset($id: ID!) { archiveAsset(id: $id) { id archived } }"
UPDATE_USER_ROLE = """
mutation UpdateUserRole($userId: ID!) { updateUserRole(userId: $userId, role: ADMIN) { id role } }
"""
DEACTIVATE_USER = """
mutation DeactivateUser($userId: ID!) { deactivateUser(userId: $userId) { id isActive } }
"""
CREATE_CHANGE_REQUEST = """
mutation CreateChangeRequest($input: CreateChangeRequestInput!) {
  createChangeRequest(input: $input) { id }
}
"""
REVIEW_CHANGE_REQUEST = """
mutation ReviewChangeRequest($id: ID!) {
  reviewChangeRequest(id: $id, decision: REJECT, comment: "not yours") { id status }
}
"""
SNAPSHOT = """
query Snapshot($id: ID!) {
  asset(id: $id) {
    name title archived
    versions(first: 100) { edges { node { id number body } } }
    activeVersions { environment version { id number } }
  }
  activationHistory(assetId: $id, first: 100) {
    edges { node { id environment version { number } previousVersion { number } } }
  }
  users { id email role isActive }
  changeRequests { edges { node { id status versions { id } reviews { decision } } } }
}
"""


@dataclass
class TenantAData:
    """What tenant B's admin has learned about tenant A: ids and names only."""

    asset_id: str
    asset_name: str
    v1_id: str
    v2_id: str
    activation_id: str
    admin_id: str
    developer_id: str
    change_request_id: str
    own_version_id: str  # one of tenant B's own versions, for mixed requests


Variables = Callable[[TenantAData], dict[str, Any]]

NOT_FOUND = "NOT_FOUND"
EMPTY_LIST = "EMPTY_LIST"

# case -> (operation, variables built from what B knows about A, what B must get)
CASES: dict[str, tuple[str, Variables, str]] = {
    "asset(id)": (ASSET_BY_ID, lambda a: {"id": a.asset_id}, NOT_FOUND),
    "asset(name)": (ASSET_BY_NAME, lambda a: {"name": a.asset_name}, NOT_FOUND),
    "version(id)": (VERSION, lambda a: {"id": a.v1_id}, NOT_FOUND),
    "node(asset id)": (NODE, lambda a: {"id": a.asset_id}, NOT_FOUND),
    "node(version id)": (NODE, lambda a: {"id": a.v2_id}, NOT_FOUND),
    "node(user id)": (NODE, lambda a: {"id": a.developer_id}, NOT_FOUND),
    "node(activation id)": (NODE, lambda a: {"id": a.activation_id}, NOT_FOUND),
    "diffVersions": (DIFF, lambda a: {"fromId": a.v1_id, "toId": a.v2_id}, NOT_FOUND),
    "diffVersions(own, foreign)": (
        DIFF,
        lambda a: {"fromId": a.own_version_id, "toId": a.v2_id},
        NOT_FOUND,
    ),
    "activationHistory": (HISTORY, lambda a: {"assetId": a.asset_id}, NOT_FOUND),
    "resolvePrompt(name)": (RESOLVE, lambda a: {"name": a.asset_name}, NOT_FOUND),
    "updateAsset": (UPDATE_ASSET, lambda a: {"id": a.asset_id}, NOT_FOUND),
    "archiveAsset": (ARCHIVE_ASSET, lambda a: {"id": a.asset_id}, NOT_FOUND),
    "createVersion(assetId)": (
        CREATE_VERSION,
        lambda a: {"assetId": a.asset_id, "input": {"body": "Injected by tenant B"}},
        NOT_FOUND,
    ),
    "activateVersion(versionId)": (
        ACTIVATE,
        lambda a: {"versionId": a.v2_id, "environment": "production"},
        NOT_FOUND,
    ),
    "rollback(assetId)": (
        ROLLBACK,
        lambda a: {"assetId": a.asset_id, "environment": "production"},
        NOT_FOUND,
    ),
    "updateUserRole(userId)": (UPDATE_USER_ROLE, lambda a: {"userId": a.developer_id}, NOT_FOUND),
    "deactivateUser(userId)": (DEACTIVATE_USER, lambda a: {"userId": a.developer_id}, NOT_FOUND),
    "assets(filter: owner)": (ASSETS_BY_OWNER, lambda a: {"owner": a.admin_id}, EMPTY_LIST),
    "submitVersion": (SUBMIT, lambda a: {"id": a.v2_id}, NOT_FOUND),
    "approveVersion": (APPROVE, lambda a: {"id": a.v2_id}, NOT_FOUND),
    "rejectVersion": (REJECT, lambda a: {"id": a.v2_id, "comment": "not yours"}, NOT_FOUND),
    "node(change request id)": (NODE, lambda a: {"id": a.change_request_id}, NOT_FOUND),
    "reviewChangeRequest": (
        REVIEW_CHANGE_REQUEST,
        lambda a: {"id": a.change_request_id},
        NOT_FOUND,
    ),
    "createChangeRequest(versionIds)": (
        CREATE_CHANGE_REQUEST,
        lambda a: {
            "input": {
                "title": "Borrowed",
                "repository": "b/repo",
                "commitSha": "abcdef1",
                "risk": "LOW",
                "versionIds": [a.own_version_id, a.v1_id],
            }
        },
        NOT_FOUND,
    ),
}


async def _build_tenant_a(tenant: TenantHandle, other_tenant: TenantHandle) -> TenantAData:
    """An asset with 2 approved versions, v1 active in production (v2 before it, so a rollback
    has somewhere to go), a change request of both, and a developer and a reviewer besides the
    admin."""
    asset = await make_asset(tenant, versions=2)
    v1_id, v2_id = asset.version_ids
    for version_id in (v2_id, v1_id):
        activated = await tenant.gql(
            ACTIVATE, {"versionId": version_id, "environment": "production"}
        )
        activation_id = activated.ok()["activateVersion"]["id"]
    developer_id, _ = await tenant.user("DEVELOPER")
    change_request = await tenant.gql(
        CREATE_CHANGE_REQUEST,
        {
            "input": {
                "title": "Both versions",
                "repository": "a/repo",
                "commitSha": "abcdef1",
                "risk": "LOW",
                "versionIds": [v1_id, v2_id],
            }
        },
    )
    own = await make_asset(other_tenant)
    return TenantAData(
        asset_id=asset.id,
        asset_name=asset.name,
        v1_id=v1_id,
        v2_id=v2_id,
        activation_id=activation_id,
        admin_id=tenant.admin_id,
        developer_id=developer_id,
        change_request_id=change_request.ok()["createChangeRequest"]["id"],
        own_version_id=own.version_ids[0],
    )


async def _snapshot(tenant: TenantHandle, asset_id: str) -> dict[str, Any]:
    return (await tenant.gql(SNAPSHOT, {"id": asset_id})).ok()


@pytest.mark.parametrize("case", list(CASES))
async def test_another_tenants_ids_and_names_find_nothing_and_change_nothing(
    case: str, tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    operation, variables, expected = CASES[case]
    a = await _build_tenant_a(tenant, other_tenant)
    before = await _snapshot(tenant, a.asset_id)
    assert before["asset"]["archived"] is False
    assert len(before["asset"]["versions"]["edges"]) == 2
    assert before["asset"]["activeVersions"] == [
        {"environment": "production", "version": {"id": a.v1_id, "number": 1}}
    ]
    assert len(before["activationHistory"]["edges"]) == 2
    assert {user["role"] for user in before["users"]} == {"ADMIN", "DEVELOPER", "REVIEWER"}
    assert len(before["changeRequests"]["edges"]) == 1

    result = await other_tenant.gql(operation, variables(a))

    if expected == EMPTY_LIST:
        assert result.ok()["assets"]["edges"] == []
    else:
        assert result.codes == [NOT_FOUND], result.errors
        assert "FORBIDDEN" not in result.codes
        # Nothing of A's leaks through a partial answer either.
        assert result.data is None or all(value is None for value in result.data.values())
    assert await _snapshot(tenant, a.asset_id) == before


async def test_a_superadmins_tenant_mates_gain_none_of_the_platform_console(
    api: GraphQLClient, tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    """The superadmin's powers are theirs alone: an admin of the same tenant neither reads other
    tenants nor reaches their users, and counts only their own tenant's users."""
    await superadmin_token(api, tenant, f"super-{uuid.uuid4().hex[:8]}@example.com")
    outsider_id, _ = await other_tenant.user("VIEWER")

    assert (await tenant.gql(PLATFORM_USERS, {"query": "@"})).code == "FORBIDDEN"
    assert (await tenant.gql(TENANTS, {"query": other_tenant.slug})).code == "FORBIDDEN"
    reached = await tenant.gql(DEACTIVATE_USER, {"userId": outsider_id})
    assert reached.codes == [NOT_FOUND], reached.errors
    own = (await tenant.gql("query { tenant { userCount } }")).ok()["tenant"]["userCount"]
    assert own == 2  # the admin and the superadmin
    outsiders = (await other_tenant.gql("query { users { id isActive } }")).ok()["users"]
    assert {"id": outsider_id, "isActive": True} in outsiders
