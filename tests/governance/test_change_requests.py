"""Change requests: the versions a commit brings, approved by as many people other than the
author as the tenant's policy asks for the request's risk."""

from __future__ import annotations

from typing import Any

from tests.support.governance import (
    CREATE_CHANGE_REQUEST,
    GATE_CHECK,
    REPOSITORY,
    REVIEW_CHANGE_REQUEST,
    UPDATE_POLICY,
    open_change_request,
)
from tests.support.graphql import TenantHandle
from tests.support.registry import make_asset

CHANGE_REQUESTS = """
query ChangeRequests($first: Int, $after: String, $status: ChangeRequestStatus) {
  changeRequests(first: $first, after: $after, status: $status) {
    edges { node { id title status } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
CHANGE_REQUEST = """
query ChangeRequest($id: ID!) {
  node(id: $id) {
    ... on ChangeRequest {
      title repository commitSha branch risk status author { id }
      versions { number asset { name } }
      reviews { decision comment reviewer { id } createdAt }
    }
  }
}
"""


async def _review(
    tenant: TenantHandle,
    id: str,
    decision: str,
    *,
    token: str,
    comment: str | None = None,
) -> dict[str, Any]:
    result = await tenant.api(
        REVIEW_CHANGE_REQUEST, {"id": id, "decision": decision, "comment": comment}, token=token
    )
    reviewed: dict[str, Any] = result.ok()["reviewChangeRequest"]
    return reviewed


async def _status(tenant: TenantHandle, id: str) -> str:
    status: str = (await tenant.gql(CHANGE_REQUEST, {"id": id})).ok()["node"]["status"]
    return status


async def test_a_developer_opens_a_change_request_for_a_commit(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant, versions=2, name="support-reply")
    developer_id, _ = await tenant.user("DEVELOPER")
    opened = await open_change_request(tenant, asset.version_ids, risk="HIGH")

    found = (await tenant.gql(CHANGE_REQUEST, {"id": opened["id"]})).ok()["node"]
    assert found == {
        "title": "Tighten tone",
        "repository": REPOSITORY,
        "commitSha": opened["commitSha"],
        "branch": "feature/tone",
        "risk": "HIGH",
        "status": "OPEN",
        "author": {"id": developer_id},
        "versions": [
            {"number": 1, "asset": {"name": "support-reply"}},
            {"number": 2, "asset": {"name": "support-reply"}},
        ],
        "reviews": [],
    }


async def test_approvals_by_the_same_person_count_once(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant)
    opened = await open_change_request(tenant, asset.version_ids, risk="HIGH")  # 2 approvals
    reviewer = await tenant.token_for("REVIEWER")

    first = await _review(tenant, opened["id"], "APPROVE", token=reviewer)
    second = await _review(tenant, opened["id"], "APPROVE", token=reviewer, comment="again")

    assert first["status"] == second["status"] == "OPEN"
    assert [review["decision"] for review in second["reviews"]] == ["APPROVE", "APPROVE"]
    by_admin = await _review(tenant, opened["id"], "APPROVE", token=tenant.token)
    assert by_admin["status"] == "APPROVED"


async def test_author_cannot_review_own_change_request(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant)
    opened = await open_change_request(tenant, asset.version_ids, role="ADMIN")

    for decision in ["APPROVE", "REJECT"]:
        refused = await tenant.gql(
            REVIEW_CHANGE_REQUEST, {"id": opened["id"], "decision": decision}
        )
        assert refused.code == "FORBIDDEN"
        assert "author may not" in refused.errors[0]["message"]
    assert await _status(tenant, opened["id"]) == "OPEN"


async def test_thresholds_per_risk_come_from_the_policy(tenant: TenantHandle) -> None:
    (
        await tenant.gql(
            UPDATE_POLICY,
            {
                "input": {
                    "approvalsRequired": [
                        {"risk": "LOW", "approvals": 0},
                        {"risk": "MEDIUM", "approvals": 1},
                        {"risk": "CRITICAL", "approvals": 3},
                    ]
                }
            },
        )
    ).ok()
    asset = await make_asset(tenant)
    reviewers = [await tenant.token_for("REVIEWER"), tenant.token]
    reviewers.append((await tenant.new_user("REVIEWER"))[1])

    low = await open_change_request(tenant, asset.version_ids, risk="LOW")
    assert low["status"] == "APPROVED"

    medium = await open_change_request(tenant, asset.version_ids, risk="MEDIUM")
    assert (await _review(tenant, medium["id"], "APPROVE", token=reviewers[0]))["status"] == (
        "APPROVED"
    )

    critical = await open_change_request(tenant, asset.version_ids, risk="CRITICAL")
    statuses = [
        (await _review(tenant, critical["id"], "APPROVE", token=token))["status"]
        for token in reviewers
    ]
    assert statuses == ["OPEN", "OPEN", "APPROVED"]


async def test_any_rejection_rejects_the_request_and_closes_it(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant)
    opened = await open_change_request(tenant, asset.version_ids, risk="MEDIUM")
    reviewer = await tenant.token_for("REVIEWER")
    assert (await _review(tenant, opened["id"], "APPROVE", token=tenant.token))["status"] == (
        "APPROVED"
    )

    rejected = await _review(
        tenant, opened["id"], "REJECT", token=reviewer, comment="Breaks the refund rule"
    )

    assert rejected["status"] == "REJECTED"
    assert rejected["reviews"][-1]["comment"] == "Breaks the refund rule"
    closed = await tenant.api(
        REVIEW_CHANGE_REQUEST, {"id": opened["id"], "decision": "APPROVE"}, token=reviewer
    )
    assert closed.code == "CONFLICT"


async def test_only_admins_and_developers_open_and_only_reviewers_and_admins_review(
    tenant: TenantHandle,
) -> None:
    asset = await make_asset(tenant)
    for role in ["REVIEWER", "VIEWER"]:
        refused = await tenant.gql(
            CREATE_CHANGE_REQUEST,
            {
                "input": {
                    "title": "x",
                    "repository": REPOSITORY,
                    "commitSha": "abcdef1",
                    "risk": "LOW",
                    "versionIds": asset.version_ids,
                }
            },
            role=role,
        )
        assert refused.code == "FORBIDDEN"
    opened = await open_change_request(tenant, asset.version_ids, role="ADMIN")
    for role in ["DEVELOPER", "VIEWER"]:
        refused = await tenant.gql(
            REVIEW_CHANGE_REQUEST, {"id": opened["id"], "decision": "APPROVE"}, role=role
        )
        assert refused.code == "FORBIDDEN"
    assert await _status(tenant, opened["id"]) == "OPEN"


async def test_a_change_request_is_checked_before_it_is_opened(
    tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    asset = await make_asset(tenant)
    foreign = await make_asset(other_tenant)
    valid = {
        "title": "Tighten tone",
        "repository": REPOSITORY,
        "commitSha": "0123abc",
        "risk": "LOW",
        "versionIds": asset.version_ids,
    }
    for change, code in [
        ({"commitSha": "0123ab"}, "BAD_USER_INPUT"),
        ({"commitSha": "not-a-sha"}, "BAD_USER_INPUT"),
        ({"commitSha": "a" * 65}, "BAD_USER_INPUT"),
        ({"repository": "  "}, "BAD_USER_INPUT"),
        ({"title": ""}, "BAD_USER_INPUT"),
        ({"versionIds": []}, "BAD_USER_INPUT"),
        ({"versionIds": [*asset.version_ids, *foreign.version_ids]}, "NOT_FOUND"),
    ]:
        refused = await tenant.gql(CREATE_CHANGE_REQUEST, {"input": {**valid, **change}})
        assert refused.code == code, change
    page = (await tenant.gql(CHANGE_REQUESTS)).ok()["changeRequests"]
    assert page["edges"] == []

    created = await tenant.gql(CREATE_CHANGE_REQUEST, {"input": {**valid, "commitSha": "0123ABC"}})
    assert created.ok()["createChangeRequest"]["commitSha"] == "0123abc"


async def test_change_requests_list_newest_first_by_status_in_pages(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant)
    titles = [f"Change {index}" for index in range(3)]
    opened = [
        await open_change_request(tenant, asset.version_ids, risk="MEDIUM", title=title)
        for title in titles
    ]
    await _review(tenant, opened[1]["id"], "APPROVE", token=tenant.token)

    first = (await tenant.gql(CHANGE_REQUESTS, {"first": 2})).ok()["changeRequests"]
    assert [edge["node"]["title"] for edge in first["edges"]] == ["Change 2", "Change 1"]
    rest = await tenant.gql(CHANGE_REQUESTS, {"first": 2, "after": first["pageInfo"]["endCursor"]})
    assert [edge["node"]["title"] for edge in rest.ok()["changeRequests"]["edges"]] == ["Change 0"]
    approved = (await tenant.gql(CHANGE_REQUESTS, {"status": "APPROVED"})).ok()
    assert [edge["node"]["title"] for edge in approved["changeRequests"]["edges"]] == ["Change 1"]


RESTRICT = "mutation Restrict($id: ID!) { restrictAsset(id: $id, restricted: true) { restricted } }"
GRANT_REVIEW = """
mutation Grant($assetId: ID!, $userId: ID!, $effect: GrantEffect!) {
  grantAssetAccess(assetId: $assetId, userId: $userId, actions: [REVIEW], effect: $effect) { id }
}
"""


async def _gate_outcome(tenant: TenantHandle, commit_sha: str) -> str:
    result = await tenant.gql(GATE_CHECK, {"commitSha": commit_sha, "repository": REPOSITORY})
    outcome: str = result.ok()["gateCheck"]["outcome"]
    return outcome


async def _change_request_with_a_restricted_asset(
    tenant: TenantHandle, reviewer_grant: str
) -> tuple[dict[str, str], str]:
    """A low-risk request (one approval) holding versions of an open asset and of a restricted
    one on which the reviewer holds a REVIEW grant of the effect given; the latter's name."""
    open_asset = await make_asset(tenant)
    restricted = await make_asset(tenant)
    reviewer_id, _ = await tenant.user("REVIEWER")
    (await tenant.gql(RESTRICT, {"id": restricted.id})).ok()
    grant = {"assetId": restricted.id, "userId": reviewer_id, "effect": reviewer_grant}
    (await tenant.gql(GRANT_REVIEW, grant)).ok()
    opened = await open_change_request(
        tenant, [*open_asset.version_ids, *restricted.version_ids], risk="LOW"
    )
    return opened, restricted.name


async def test_a_reviewer_denied_review_of_an_asset_cannot_review_a_request_holding_it(
    tenant: TenantHandle,
) -> None:
    opened, restricted_name = await _change_request_with_a_restricted_asset(tenant, "DENY")
    reviewer = await tenant.token_for("REVIEWER")

    for decision in ["APPROVE", "REJECT"]:
        refused = await tenant.api(
            REVIEW_CHANGE_REQUEST, {"id": opened["id"], "decision": decision}, token=reviewer
        )
        assert refused.code == "FORBIDDEN", refused.errors
        assert f"review asset '{restricted_name}'" in refused.errors[0]["message"]

    assert await _status(tenant, opened["id"]) == "OPEN"
    assert await _gate_outcome(tenant, opened["commitSha"]) == "FAIL"
    by_admin = await _review(tenant, opened["id"], "APPROVE", token=tenant.token)
    assert by_admin["status"] == "APPROVED"
    assert await _gate_outcome(tenant, opened["commitSha"]) == "PASS"


async def test_a_reviewer_allowed_to_review_a_restricted_asset_approves_a_request_holding_it(
    tenant: TenantHandle,
) -> None:
    opened, _ = await _change_request_with_a_restricted_asset(tenant, "ALLOW")
    reviewer = await tenant.token_for("REVIEWER")

    approved = await _review(tenant, opened["id"], "APPROVE", token=reviewer)

    assert approved["status"] == "APPROVED"
    assert await _gate_outcome(tenant, opened["commitSha"]) == "PASS"


INDEPENDENT_REVIEWERS = """
mutation IndependentReviewers { updateTenantPolicy(input: {
  refuseApprovalsFromAuthorCreatedAccounts: true
}) { id } }
"""


async def test_a_policy_refuses_approving_a_request_from_an_account_its_author_created(
    tenant: TenantHandle,
) -> None:
    """The policy that keeps an admin from approving their own version through an account they
    created holds for their change requests too; a rejection is still welcome."""
    asset = await make_asset(tenant)
    opened = await open_change_request(tenant, asset.version_ids, role="ADMIN")
    (await tenant.gql(INDEPENDENT_REVIEWERS)).ok()
    created_by_the_author = await tenant.token_for("REVIEWER")

    refused = await tenant.api(
        REVIEW_CHANGE_REQUEST,
        {"id": opened["id"], "decision": "APPROVE"},
        token=created_by_the_author,
    )

    assert refused.code == "FORBIDDEN", refused.errors
    assert "created your account" in refused.errors[0]["message"]
    assert await _status(tenant, opened["id"]) == "OPEN"
    rejected = await _review(tenant, opened["id"], "REJECT", token=created_by_the_author)
    assert rejected["status"] == "REJECTED"
