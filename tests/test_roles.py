"""What each role may do, as one table run in full: every operation by every role. A refused
write is FORBIDDEN and leaves everything as it was; an allowed one takes effect."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.support.admin_operations import ADMIN_OPERATIONS
from tests.support.governance import (
    CREATE_CHANGE_REQUEST,
    GATE_CHECK,
    REPOSITORY,
    REVIEW_CHANGE_REQUEST,
    UPDATE_POLICY,
)
from tests.support.graphql import PASSWORD, GraphQLClient, Result, TenantHandle
from tests.support.platform import superadmin_token
from tests.support.platform_operations import PLATFORM_OPERATIONS
from tests.support.provider_operations import PROVIDER_OPERATIONS
from tests.support.registry import (
    ACTIVATE,
    APPROVE,
    CREATE_ASSET,
    CREATE_VERSION,
    REJECT,
    ROLLBACK,
    SUBMIT,
)
from tests.support.roles import ENVIRONMENT, State, World, build_world, state_of
from tests.support.run_operations import RUN_OPERATIONS
from tests.support.sso_operations import SSO_OPERATIONS

ROLES = ("ADMIN", "DEVELOPER", "REVIEWER", "VIEWER")

# The README shows this table to users; keep the two in step.
# fmt: off
PERMISSIONS: dict[str, tuple[str, str, str, str]] = {
    #                       ADMIN      DEVELOPER    REVIEWER     VIEWER
    "createAsset":         ("allowed", "allowed",   "FORBIDDEN", "FORBIDDEN"),
    "updateAsset":         ("allowed", "allowed",   "FORBIDDEN", "FORBIDDEN"),
    "archiveAsset":        ("allowed", "allowed",   "FORBIDDEN", "FORBIDDEN"),
    "createVersion":       ("allowed", "allowed",   "FORBIDDEN", "FORBIDDEN"),
    "activateVersion":     ("allowed", "allowed",   "FORBIDDEN", "FORBIDDEN"),
    "rollback":            ("allowed", "allowed",   "FORBIDDEN", "FORBIDDEN"),
    "createUser":          ("allowed", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN"),
    "updateUserRole":      ("allowed", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN"),
    "deactivateUser":      ("allowed", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN"),
    "submitVersion":       ("allowed", "allowed",   "FORBIDDEN", "FORBIDDEN"),
    "approveVersion":      ("allowed", "FORBIDDEN", "allowed",   "FORBIDDEN"),
    "rejectVersion":       ("allowed", "FORBIDDEN", "allowed",   "FORBIDDEN"),
    "createChangeRequest": ("allowed", "allowed",   "FORBIDDEN", "FORBIDDEN"),
    "reviewChangeRequest": ("allowed", "FORBIDDEN", "allowed",   "FORBIDDEN"),
    "updateTenantPolicy":  ("allowed", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN"),
    "createApiKey":        ("allowed", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN"),
    "apiKeys":             ("allowed", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN"),
    "revokeApiKey":        ("allowed", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN"),
    "restrictAsset":       ("allowed", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN"),
    "grantAssetAccess":    ("allowed", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN"),
    "revokeAssetGrant":    ("allowed", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN"),
    "auditEvents":         ("allowed", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN"),
    "createWebhook":       ("allowed", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN"),
    "webhooks":            ("allowed", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN"),
    "deleteWebhook":       ("allowed", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN"),
    "jobs":                ("allowed", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN"),
    "recordExecution":     ("allowed", "allowed",   "FORBIDDEN", "FORBIDDEN"),
    "providerConnections": ("allowed", "allowed",   "FORBIDDEN", "FORBIDDEN"),
    "createProviderConnection":              ("allowed", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN"),
    "createProviderConnection(scope: USER)": ("allowed", "allowed",   "FORBIDDEN", "FORBIDDEN"),
    "updateProviderConnection":              ("allowed", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN"),
    "deleteProviderConnection":              ("allowed", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN"),
    "testProviderConnection":                ("allowed", "allowed",   "FORBIDDEN", "FORBIDDEN"),
    "runPrompt":           ("allowed", "allowed",   "FORBIDDEN", "FORBIDDEN"),
    "promptRun":           ("allowed", "allowed",   "allowed",   "FORBIDDEN"),
    "promptRuns":          ("allowed", "allowed",   "allowed",   "FORBIDDEN"),
    "cancelPromptRun":     ("allowed", "allowed",   "FORBIDDEN", "FORBIDDEN"),
    "modelPrices":         ("allowed", "allowed",   "allowed",   "FORBIDDEN"),
    "setModelPrice":       ("allowed", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN"),
    "deleteModelPrice":    ("allowed", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN"),
    "enhanceVersion":      ("allowed", "allowed",   "FORBIDDEN", "FORBIDDEN"),
    "assets":              ("allowed", "allowed",   "allowed",   "allowed"),
    "asset":               ("allowed", "allowed",   "allowed",   "allowed"),
    "version":             ("allowed", "allowed",   "allowed",   "allowed"),
    "diffVersions":        ("allowed", "allowed",   "allowed",   "allowed"),
    "activationHistory":   ("allowed", "allowed",   "allowed",   "allowed"),
    "resolvePrompt":       ("allowed", "allowed",   "allowed",   "allowed"),
    "users":               ("allowed", "allowed",   "allowed",   "allowed"),
    "tenant":              ("allowed", "allowed",   "allowed",   "allowed"),
    "me":                  ("allowed", "allowed",   "allowed",   "allowed"),
    "changeRequests":      ("allowed", "allowed",   "allowed",   "allowed"),
    "reviewQueue":         ("allowed", "allowed",   "allowed",   "allowed"),
    "gateCheck":           ("allowed", "allowed",   "allowed",   "allowed"),
    "tenants":             ("FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN"),
    "platformUsers":       ("FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN"),
    "platformStats":       ("FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN"),
    "createTenant":        ("FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN"),
    "updateTenantSso":     ("allowed", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN"),
    "tenant.sso":          ("allowed", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN"),
}
# fmt: on

UPDATE_ASSET = """
mutation UpdateAsset($id: ID!, $title: String!) {
  updateAsset(id: $id, input: {title: $title}) { title }
}
"""
ARCHIVE_ASSET = "mutation ArchiveAsset($id: ID!) { archiveAsset(id: $id) { archived } }"
CREATE_USER = """
mutation CreateUser($input: CreateUserInput!) { createUser(input: $input) { id email role } }
"""
UPDATE_USER_ROLE = """
mutation UpdateUserRole($userId: ID!) { updateUserRole(userId: $userId, role: DEVELOPER) { role } }
"""
DEACTIVATE_USER = """
mutation DeactivateUser($userId: ID!) { deactivateUser(userId: $userId) { isActive } }
"""
ASSETS = "query Assets { assets { edges { node { name } } } }"
ASSET = "query Asset($id: ID!) { asset(id: $id) { title } }"
VERSION = "query Version($id: ID!) { version(id: $id) { body } }"
DIFF = """
query Diff($fromId: ID!, $toId: ID!) { diffVersions(fromId: $fromId, toId: $toId) { unified } }
"""
HISTORY = """
query History($assetId: ID!) { activationHistory(assetId: $assetId) { edges { node { id } } } }
"""
RESOLVE = """
query Resolve($name: String!, $environment: String!) {
  resolvePrompt(name: $name, environment: $environment) { version { number } }
}
"""
USERS = "query Users { users { email } }"
TENANT = "query Tenant { tenant { slug } }"
ME = "query Me { me { id role } }"
CHANGE_REQUESTS = "query ChangeRequests { changeRequests { edges { node { id status } } } }"
REVIEW_QUEUE = "query ReviewQueue { reviewQueue { edges { node { id } } } }"
RECORD_EXECUTION = """
mutation RecordExecution($versionId: ID!) {
  recordExecution(input: {versionId: $versionId, latencyMs: 80}) { id }
}
"""


Variables = Callable[[World], dict[str, Any]]
# What an allowed call must show: in its answer and in the tenant's state afterwards.
Effect = Callable[[World, Result, State, State], None]


def _staging(state: State) -> list[dict[str, Any]]:
    active: list[dict[str, Any]] = state["asset"]["activeVersions"]
    return active


def _user(state: State, user_id: str) -> dict[str, Any]:
    return next(user for user in state["users"] if user["id"] == user_id)


def _names(state: State) -> list[str]:
    return [edge["node"]["name"] for edge in state["assets"]["edges"]]


def _created_asset(world: World, result: Result, before: State, after: State) -> None:
    assert result.ok()["createAsset"]["name"] == world.new_name
    assert sorted(_names(after)) == sorted([*_names(before), world.new_name])


def _updated_asset(world: World, result: Result, before: State, after: State) -> None:
    assert after["asset"]["title"] == "Renamed" != before["asset"]["title"]


def _archived_asset(world: World, result: Result, before: State, after: State) -> None:
    assert (before["asset"]["archived"], after["asset"]["archived"]) == (False, True)


def _created_version(world: World, result: Result, before: State, after: State) -> None:
    assert result.ok()["createVersion"]["number"] == 5
    assert len(after["asset"]["versions"]["edges"]) == 5


def _activated_v1(world: World, result: Result, before: State, after: State) -> None:
    assert _staging(before) == [{"environment": ENVIRONMENT, "version": {"number": 2}}]
    assert _staging(after) == [{"environment": ENVIRONMENT, "version": {"number": 1}}]
    assert len(after["activationHistory"]["edges"]) == 3


def _created_user(world: World, result: Result, before: State, after: State) -> None:
    assert world.new_email in [user["email"] for user in after["users"]]
    assert len(after["users"]) == len(before["users"]) + 1


def _changed_role(world: World, result: Result, before: State, after: State) -> None:
    assert _user(before, world.target_id)["role"] == "VIEWER"
    assert _user(after, world.target_id)["role"] == "DEVELOPER"


def _deactivated(world: World, result: Result, before: State, after: State) -> None:
    assert _user(before, world.target_id)["isActive"] is True
    assert _user(after, world.target_id)["isActive"] is False


def _status_change(field: str, old: str, new: str) -> Effect:
    def effect(world: World, result: Result, before: State, after: State) -> None:
        assert (before[field]["status"], after[field]["status"]) == (old, new)

    return effect


def _statuses(state: State) -> dict[str, str]:
    return {edge["node"]["id"]: edge["node"]["status"] for edge in state["changeRequests"]["edges"]}


def _opened_change_request(world: World, result: Result, before: State, after: State) -> None:
    opened = result.ok()["createChangeRequest"]["id"]
    assert _statuses(after) == {**_statuses(before), opened: "OPEN"}


def _approved_change_request(world: World, result: Result, before: State, after: State) -> None:
    assert _statuses(before)[world.change_request_id] == "OPEN"
    assert _statuses(after)[world.change_request_id] == "APPROVED"


def _recorded_log(world: World, result: Result, before: State, after: State) -> None:
    logs = [edge["node"]["id"] for edge in after["executionLogs"]["edges"]]
    assert logs == [result.ok()["recordExecution"]["id"]]
    assert before["executionLogs"]["edges"] == []


def _protected_staging(world: World, result: Result, before: State, after: State) -> None:
    assert before["tenant"]["policy"]["protectedEnvironments"] == ["production"]
    assert after["tenant"]["policy"]["protectedEnvironments"] == ["production", "staging"]


def _answered(check: Callable[[World, dict[str, Any]], bool]) -> Effect:
    """A read: it answers what the tenant holds and writes nothing."""

    def effect(world: World, result: Result, before: State, after: State) -> None:
        assert check(world, result.ok()), result.data
        assert after == before

    return effect


# operation -> (document, variables, what an allowed call must show)
OPERATIONS: dict[str, tuple[str, Variables, Effect]] = {
    "createAsset": (
        CREATE_ASSET,
        lambda w: {"input": {"name": w.new_name, "title": "A new asset"}},
        _created_asset,
    ),
    "updateAsset": (UPDATE_ASSET, lambda w: {"id": w.asset_id, "title": "Renamed"}, _updated_asset),
    "archiveAsset": (ARCHIVE_ASSET, lambda w: {"id": w.asset_id}, _archived_asset),
    "createVersion": (
        CREATE_VERSION,
        lambda w: {"assetId": w.asset_id, "input": {"body": "Version three"}},
        _created_version,
    ),
    "activateVersion": (
        ACTIVATE,
        lambda w: {"versionId": w.v1_id, "environment": ENVIRONMENT},
        _activated_v1,
    ),
    "rollback": (
        ROLLBACK,
        lambda w: {"assetId": w.asset_id, "environment": ENVIRONMENT},
        _activated_v1,
    ),
    "createUser": (
        CREATE_USER,
        lambda w: {"input": {"email": w.new_email, "password": PASSWORD, "role": "VIEWER"}},
        _created_user,
    ),
    "updateUserRole": (UPDATE_USER_ROLE, lambda w: {"userId": w.target_id}, _changed_role),
    "deactivateUser": (DEACTIVATE_USER, lambda w: {"userId": w.target_id}, _deactivated),
    "submitVersion": (
        SUBMIT,
        lambda w: {"id": w.draft_id},
        _status_change("draft", "DRAFT", "IN_REVIEW"),
    ),
    "approveVersion": (
        APPROVE,
        lambda w: {"id": w.in_review_id},
        _status_change("inReview", "IN_REVIEW", "APPROVED"),
    ),
    "rejectVersion": (
        REJECT,
        lambda w: {"id": w.in_review_id, "comment": "Too long"},
        _status_change("inReview", "IN_REVIEW", "REJECTED"),
    ),
    "createChangeRequest": (
        CREATE_CHANGE_REQUEST,
        lambda w: {
            "input": {
                "title": "Another change",
                "repository": REPOSITORY,
                "commitSha": "abcdef1234",
                "risk": "LOW",
                "versionIds": [w.v2_id],
            }
        },
        _opened_change_request,
    ),
    "reviewChangeRequest": (
        REVIEW_CHANGE_REQUEST,
        lambda w: {"id": w.change_request_id, "decision": "APPROVE"},
        _approved_change_request,
    ),
    "recordExecution": (RECORD_EXECUTION, lambda w: {"versionId": w.v2_id}, _recorded_log),
    "updateTenantPolicy": (
        UPDATE_POLICY,
        lambda w: {"input": {"protectedEnvironments": ["production", "staging"]}},
        _protected_staging,
    ),
    "assets": (
        ASSETS,
        lambda w: {},
        _answered(
            lambda w, d: (
                sorted(e["node"]["name"] for e in d["assets"]["edges"])
                == sorted([w.asset_name, w.enhancer_name])
            )
        ),
    ),
    "asset": (
        ASSET,
        lambda w: {"id": w.asset_id},
        _answered(lambda w, d: d["asset"]["title"] == f"Title of {w.asset_name}"),
    ),
    "version": (
        VERSION,
        lambda w: {"id": w.v2_id},
        _answered(lambda w, d: d["version"]["body"].startswith("Body 2")),
    ),
    "diffVersions": (
        DIFF,
        lambda w: {"fromId": w.v1_id, "toId": w.v2_id},
        _answered(lambda w, d: "+Body 2" in d["diffVersions"]["unified"]),
    ),
    "activationHistory": (
        HISTORY,
        lambda w: {"assetId": w.asset_id},
        _answered(lambda w, d: len(d["activationHistory"]["edges"]) == 2),
    ),
    "resolvePrompt": (
        RESOLVE,
        lambda w: {"name": w.asset_name, "environment": ENVIRONMENT},
        _answered(lambda w, d: d["resolvePrompt"]["version"]["number"] == 2),
    ),
    "users": (
        USERS,
        lambda w: {},
        _answered(lambda w, d: w.target_email in [user["email"] for user in d["users"]]),
    ),
    "tenant": (TENANT, lambda w: {}, _answered(lambda w, d: d["tenant"]["slug"] == w.tenant.slug)),
    "me": (
        ME,
        lambda w: {},
        _answered(lambda w, d: d["me"] == {"id": w.actor_id, "role": w.role}),
    ),
    "changeRequests": (
        CHANGE_REQUESTS,
        lambda w: {},
        _answered(
            lambda w, d: (
                [edge["node"]["id"] for edge in d["changeRequests"]["edges"]]
                == [w.change_request_id]
            )
        ),
    ),
    "reviewQueue": (
        REVIEW_QUEUE,
        lambda w: {},
        _answered(
            lambda w, d: (
                [edge["node"]["id"] for edge in d["reviewQueue"]["edges"]] == [w.in_review_id]
            )
        ),
    ),
    "gateCheck": (
        GATE_CHECK,
        lambda w: {"commitSha": w.commit_sha, "repository": REPOSITORY},
        _answered(lambda w, d: d["gateCheck"]["outcome"] == "FAIL"),
    ),
}

OPERATIONS.update(ADMIN_OPERATIONS)
OPERATIONS.update(PROVIDER_OPERATIONS)
OPERATIONS.update(RUN_OPERATIONS)
OPERATIONS.update(PLATFORM_OPERATIONS)
OPERATIONS.update(SSO_OPERATIONS)

assert set(OPERATIONS) == set(PERMISSIONS), "every operation in the table needs a case"

CASES = [
    pytest.param(operation, role, outcome, id=f"{role}-{operation}")
    for operation, outcomes in PERMISSIONS.items()
    for role, outcome in zip(ROLES, outcomes, strict=True)
]


@pytest.mark.parametrize(("operation", "role", "outcome"), CASES)
async def test_each_role_may_do_what_the_table_says_and_nothing_more(
    operation: str, role: str, outcome: str, tenant: TenantHandle
) -> None:
    document, variables, effect = OPERATIONS[operation]
    world = await build_world(tenant, role)
    before = await state_of(world)

    result = await tenant.gql(document, variables(world), role=role)

    after = await state_of(world)
    if outcome == "FORBIDDEN":
        assert result.codes == ["FORBIDDEN"], result.errors
        assert after == before
    else:
        assert outcome == "allowed"
        assert not result.errors, result.errors
        effect(world, result, before, after)


@pytest.mark.parametrize("operation", list(PLATFORM_OPERATIONS))
async def test_a_platform_superadmin_may_do_what_no_tenant_role_may(
    operation: str, api: GraphQLClient, tenant: TenantHandle
) -> None:
    document, variables, effect = OPERATIONS[operation]
    world = await build_world(tenant, "ADMIN")
    token = await superadmin_token(api, tenant, f"super-{world.new_name}@example.com")
    before = await state_of(world)

    result = await api(document, variables(world), token=token)

    assert not result.errors, result.errors
    effect(world, result, before, await state_of(world))
