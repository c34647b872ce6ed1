"""Version review: a draft is submitted, then approved or rejected by someone other than its
author; protected environments take only approved versions; the tenant policy says which."""

from tests.support.graphql import LOGIN, PASSWORD, TenantHandle
from tests.support.registry import (
    ACTIVATE,
    APPROVE,
    CREATE_VERSION,
    REJECT,
    ROLLBACK,
    SUBMIT,
    approve_versions,
    make_asset,
)

UPDATE_POLICY = """
mutation UpdatePolicy($input: TenantPolicyInput!) {
  updateTenantPolicy(input: $input) {
    policy { environments protectedEnvironments approvalsRequired { risk approvals } }
  }
}
"""
POLICY = """
query Policy {
  tenant { policy { environments protectedEnvironments approvalsRequired { risk approvals } } }
}
"""
POLICY_FLAG = "query Policy { tenant { policy { refuseApprovalsFromAuthorCreatedAccounts } } }"
DENY_REVIEW = """
mutation DenyReview($assetId: ID!, $userId: ID!) {
  grantAssetAccess(assetId: $assetId, userId: $userId, actions: [REVIEW], effect: DENY) { id }
}
"""
VERSION_STATUS = "query Version($id: ID!) { version(id: $id) { status } }"
AUDIT = """
query Audit($action: String) {
  auditEvents(first: 5, action: $action) { edges { node { targetId diff actor { id } } } }
}
"""


async def _draft(tenant: TenantHandle, *, role: str = "ADMIN") -> str:
    """A new draft, by `role`, of a new asset of the admin's."""
    asset = await make_asset(tenant, versions=0)
    created = await tenant.gql(
        CREATE_VERSION, {"assetId": asset.id, "input": {"body": "Reply to {{ ticket }}"}}, role=role
    )
    version_id: str = created.ok()["createVersion"]["id"]
    return version_id


async def _status(tenant: TenantHandle, version_id: str) -> str:
    status: str = (await tenant.gql(VERSION_STATUS, {"id": version_id})).ok()["version"]["status"]
    return status


async def test_a_submitted_draft_is_approved_by_a_reviewer(tenant: TenantHandle) -> None:
    version_id = await _draft(tenant)

    submitted = await tenant.gql(SUBMIT, {"id": version_id})
    assert submitted.ok()["submitVersion"]["status"] == "IN_REVIEW"
    approved = await tenant.gql(APPROVE, {"id": version_id, "comment": "LGTM"}, role="REVIEWER")

    assert approved.ok()["approveVersion"]["status"] == "APPROVED"
    assert await _status(tenant, version_id) == "APPROVED"
    reviewer_id, _ = await tenant.user("REVIEWER")
    event = (await tenant.gql(AUDIT, {"action": "version.approve"})).ok()["auditEvents"]
    assert event["edges"][0]["node"]["actor"]["id"] == reviewer_id
    assert event["edges"][0]["node"]["diff"] == {
        "before": {"status": "in_review"},
        "after": {"status": "approved"},
        "comment": "LGTM",
    }


async def test_a_rejection_rejects_the_version_and_must_say_why(tenant: TenantHandle) -> None:
    version_id = await _draft(tenant)
    (await tenant.gql(SUBMIT, {"id": version_id})).ok()

    silent = await tenant.gql(REJECT, {"id": version_id, "comment": "  "}, role="REVIEWER")
    assert silent.code == "BAD_USER_INPUT"
    rejected = await tenant.gql(
        REJECT, {"id": version_id, "comment": "Promises refunds"}, role="REVIEWER"
    )

    assert rejected.ok()["rejectVersion"]["status"] == "REJECTED"
    again = await tenant.gql(APPROVE, {"id": version_id}, role="REVIEWER")
    assert again.code == "CONFLICT"


async def test_only_drafts_are_submitted_and_only_versions_in_review_are_reviewed(
    tenant: TenantHandle,
) -> None:
    version_id = await _draft(tenant)
    not_submitted = await tenant.gql(APPROVE, {"id": version_id}, role="REVIEWER")
    assert not_submitted.code == "CONFLICT"
    assert "DRAFT" in not_submitted.errors[0]["message"]

    (await tenant.gql(SUBMIT, {"id": version_id})).ok()
    assert (await tenant.gql(SUBMIT, {"id": version_id})).code == "CONFLICT"
    assert await _status(tenant, version_id) == "IN_REVIEW"


async def test_reviewer_cannot_approve_own_version(tenant: TenantHandle) -> None:
    version_id = await _draft(tenant)
    (await tenant.gql(SUBMIT, {"id": version_id})).ok()

    for mutation, variables in [
        (APPROVE, {"id": version_id}),
        (REJECT, {"id": version_id, "comment": "mine anyway"}),
    ]:
        refused = await tenant.gql(mutation, variables)  # the admin wrote it
        assert refused.code == "FORBIDDEN"
        assert "author may not" in refused.errors[0]["message"]
    assert await _status(tenant, version_id) == "IN_REVIEW"


async def test_a_developers_draft_is_approved_by_an_admin(tenant: TenantHandle) -> None:
    version_id = await _draft(tenant, role="DEVELOPER")
    (await tenant.gql(SUBMIT, {"id": version_id}, role="DEVELOPER")).ok()
    assert (await tenant.gql(APPROVE, {"id": version_id})).ok()["approveVersion"]["status"] == (
        "APPROVED"
    )


async def test_viewers_and_developers_cannot_approve_and_reviewers_cannot_submit(
    tenant: TenantHandle,
) -> None:
    version_id = await _draft(tenant)
    assert (await tenant.gql(SUBMIT, {"id": version_id}, role="REVIEWER")).code == "FORBIDDEN"
    assert (await tenant.gql(SUBMIT, {"id": version_id}, role="VIEWER")).code == "FORBIDDEN"
    (await tenant.gql(SUBMIT, {"id": version_id})).ok()

    for role in ["DEVELOPER", "VIEWER"]:
        assert (await tenant.gql(APPROVE, {"id": version_id}, role=role)).code == "FORBIDDEN"
        refused = await tenant.gql(REJECT, {"id": version_id, "comment": "no"}, role=role)
        assert refused.code == "FORBIDDEN"
    assert await _status(tenant, version_id) == "IN_REVIEW"


async def test_a_reviewer_denied_review_of_an_asset_cannot_approve_its_versions(
    tenant: TenantHandle,
) -> None:
    asset = await make_asset(tenant, approved=False)
    [version_id] = asset.version_ids
    (await tenant.gql(SUBMIT, {"id": version_id})).ok()
    reviewer_id, _ = await tenant.user("REVIEWER")
    (await tenant.gql(DENY_REVIEW, {"assetId": asset.id, "userId": reviewer_id})).ok()

    refused = await tenant.gql(APPROVE, {"id": version_id}, role="REVIEWER")

    assert refused.code == "FORBIDDEN"
    assert "grant denies" in refused.errors[0]["message"]
    assert await _status(tenant, version_id) == "IN_REVIEW"


async def test_reviewer_of_another_tenant_gets_not_found(
    tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    version_id = await _draft(tenant)
    (await tenant.gql(SUBMIT, {"id": version_id})).ok()

    for role in ["REVIEWER", "ADMIN"]:
        approved = await other_tenant.gql(APPROVE, {"id": version_id}, role=role)
        assert approved.codes == ["NOT_FOUND"]
        rejected = await other_tenant.gql(REJECT, {"id": version_id, "comment": "x"}, role=role)
        assert rejected.codes == ["NOT_FOUND"]
    assert await _status(tenant, version_id) == "IN_REVIEW"


async def test_protected_production_refuses_a_draft_and_says_why(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant, approved=False)

    refused = await tenant.gql(
        ACTIVATE, {"versionId": asset.version_ids[0], "environment": "production"}
    )

    assert refused.code == "FORBIDDEN"
    assert refused.errors[0]["message"] == (
        f"production is protected: version 1 of '{asset.name}' is DRAFT, "
        "it needs an approved review"
    )


async def test_protected_production_accepts_an_approved_version(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant, approved=False)
    await approve_versions(tenant, asset.version_ids[0])

    activated = await tenant.gql(
        ACTIVATE, {"versionId": asset.version_ids[0], "environment": "production"}
    )
    assert activated.ok()["activateVersion"]["version"]["number"] == 1


async def test_rollback_in_production_refuses_to_restore_an_unapproved_version(
    tenant: TenantHandle,
) -> None:
    asset = await make_asset(tenant, versions=2, approved=False)
    v1, v2 = asset.version_ids
    for version_id in (v1, v2):
        (await tenant.gql(ACTIVATE, {"versionId": version_id, "environment": "staging"})).ok()
    await tenant.gql(UPDATE_POLICY, {"input": {"protectedEnvironments": ["staging"]}})

    refused = await tenant.gql(ROLLBACK, {"assetId": asset.id, "environment": "staging"})
    assert refused.code == "FORBIDDEN"
    assert "version 1" in refused.errors[0]["message"]

    await approve_versions(tenant, v1)
    restored = await tenant.gql(ROLLBACK, {"assetId": asset.id, "environment": "staging"})
    assert restored.ok()["rollback"]["version"]["number"] == 1


async def test_an_unprotected_environment_accepts_drafts(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant, approved=False)
    for environment in ["development", "staging"]:
        activated = await tenant.gql(
            ACTIVATE, {"versionId": asset.version_ids[0], "environment": environment}
        )
        assert activated.ok()["activateVersion"]["environment"] == environment


async def test_policy_update_changes_protection(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant, approved=False)
    updated = await tenant.gql(
        UPDATE_POLICY,
        {
            "input": {
                "environments": ["development", "staging", "production", "eu-prod"],
                "protectedEnvironments": ["staging", "eu-prod"],
                "approvalsRequired": [{"risk": "CRITICAL", "approvals": 3}],
            }
        },
    )
    assert updated.ok()["updateTenantPolicy"]["policy"] == {
        "environments": ["development", "staging", "production", "eu-prod"],
        "protectedEnvironments": ["staging", "eu-prod"],
        "approvalsRequired": [
            {"risk": "LOW", "approvals": 1},
            {"risk": "MEDIUM", "approvals": 1},
            {"risk": "HIGH", "approvals": 2},
            {"risk": "CRITICAL", "approvals": 3},
        ],
    }
    draft = asset.version_ids[0]

    production = await tenant.gql(ACTIVATE, {"versionId": draft, "environment": "production"})
    assert production.ok()["activateVersion"]["environment"] == "production"
    for environment in ["staging", "eu-prod"]:
        refused = await tenant.gql(ACTIVATE, {"versionId": draft, "environment": environment})
        assert refused.code == "FORBIDDEN"
        assert refused.errors[0]["message"].startswith(f"{environment} is protected")
    event = (await tenant.gql(AUDIT, {"action": "tenant.update_policy"})).ok()["auditEvents"]
    assert event["edges"][0]["node"]["diff"]["before"]["protected_environments"] == ["production"]


async def test_policy_updates_are_validated_and_change_nothing_when_refused(
    tenant: TenantHandle,
) -> None:
    before = (await tenant.gql(POLICY)).ok()
    for bad in [
        {"environments": []},
        {"environments": ["Production"]},
        {"environments": ["9lives"]},
        {"protectedEnvironments": ["moon"]},
        {"environments": ["development", "staging"]},  # production is still protected
        {"approvalsRequired": [{"risk": "HIGH", "approvals": 11}]},
        {"approvalsRequired": [{"risk": "HIGH", "approvals": -1}]},
        {"approvalsRequired": [{"risk": "LOW", "approvals": 1}, {"risk": "LOW", "approvals": 2}]},
    ]:
        refused = await tenant.gql(UPDATE_POLICY, {"input": bad})
        assert refused.code == "BAD_USER_INPUT", bad
    assert (await tenant.gql(POLICY)).ok() == before


async def test_only_admins_update_the_policy(tenant: TenantHandle) -> None:
    before = (await tenant.gql(POLICY)).ok()
    for role in ["DEVELOPER", "REVIEWER", "VIEWER"]:
        refused = await tenant.gql(
            UPDATE_POLICY, {"input": {"protectedEnvironments": []}}, role=role
        )
        assert refused.code == "FORBIDDEN"
    assert (await tenant.gql(POLICY)).ok() == before


INDEPENDENT_REVIEWERS = """
mutation IndependentReviewers($on: Boolean!) {
  updateTenantPolicy(input: {refuseApprovalsFromAuthorCreatedAccounts: $on}) {
    policy { refuseApprovalsFromAuthorCreatedAccounts }
  }
}
"""
CREATE_REVIEWER = """
mutation CreateReviewer($input: CreateUserInput!) { createUser(input: $input) { id } }
"""


async def test_a_policy_refuses_approvals_from_accounts_the_author_created(
    tenant: TenantHandle,
) -> None:
    """An admin could approve their own work through a second account they created: a tenant may
    refuse that (off by default)."""
    policy = (await tenant.gql(POLICY_FLAG)).ok()["tenant"]["policy"]
    assert policy == {"refuseApprovalsFromAuthorCreatedAccounts": False}
    own_second_account = await _draft(tenant)
    (await tenant.gql(SUBMIT, {"id": own_second_account})).ok()
    # Off: the reviewer that the admin created approves the admin's version.
    allowed = await tenant.gql(APPROVE, {"id": own_second_account}, role="REVIEWER")
    assert allowed.ok()["approveVersion"]["status"] == "APPROVED"

    switched = await tenant.gql(INDEPENDENT_REVIEWERS, {"on": True})
    assert switched.ok()["updateTenantPolicy"]["policy"] == {
        "refuseApprovalsFromAuthorCreatedAccounts": True
    }
    version_id = await _draft(tenant)
    (await tenant.gql(SUBMIT, {"id": version_id})).ok()
    refused = await tenant.gql(APPROVE, {"id": version_id}, role="REVIEWER")
    assert refused.code == "FORBIDDEN", refused.errors
    assert "created" in refused.errors[0]["message"]
    assert await _status(tenant, version_id) == "IN_REVIEW"
    # A rejection is still welcome from anyone.
    rejected = await tenant.gql(REJECT, {"id": version_id, "comment": "no"}, role="REVIEWER")
    assert rejected.ok()["rejectVersion"]["status"] == "REJECTED"

    # A reviewer created by another admin is independent of this author.
    _, other_admin = await tenant.new_user("ADMIN")
    email = "independent@example.com"
    await tenant.api(
        CREATE_REVIEWER,
        {"input": {"email": email, "password": PASSWORD, "role": "REVIEWER"}},
        token=other_admin,
    )
    independent = (
        await tenant.api(
            LOGIN, {"input": {"tenant": tenant.slug, "email": email, "password": PASSWORD}}
        )
    ).ok()["login"]["token"]
    third = await _draft(tenant)
    (await tenant.gql(SUBMIT, {"id": third})).ok()
    approved = await tenant.api(APPROVE, {"id": third}, token=independent)
    assert approved.ok()["approveVersion"]["status"] == "APPROVED"
