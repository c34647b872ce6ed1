"""Governance operations shared by tests: change requests, the tenant policy, the gate."""

from __future__ import annotations

import secrets

from tests.support.graphql import TenantHandle

CREATE_CHANGE_REQUEST = """
mutation CreateChangeRequest($input: CreateChangeRequestInput!) {
  createChangeRequest(input: $input) {
    id title repository commitSha branch risk status author { id } versions { id number }
  }
}
"""
REVIEW_CHANGE_REQUEST = """
mutation ReviewChangeRequest($id: ID!, $decision: ReviewDecision!, $comment: String) {
  reviewChangeRequest(id: $id, decision: $decision, comment: $comment) {
    id status reviews { decision comment reviewer { id } }
  }
}
"""
UPDATE_POLICY = """
mutation UpdatePolicy($input: TenantPolicyInput!) {
  updateTenantPolicy(input: $input) {
    policy { environments protectedEnvironments approvalsRequired { risk approvals } }
  }
}
"""
GATE_CHECK = """
query GateCheck($commitSha: String!, $repository: String) {
  gateCheck(commitSha: $commitSha, repository: $repository) { outcome commitSha reasons }
}
"""
REPOSITORY = "acme/support-bot"


def new_commit_sha() -> str:
    return secrets.token_hex(20)


async def open_change_request(
    tenant: TenantHandle,
    version_ids: list[str],
    *,
    risk: str = "LOW",
    commit_sha: str | None = None,
    title: str = "Tighten tone",
    role: str = "DEVELOPER",
) -> dict[str, str]:
    """A change request by `role` (a developer unless said otherwise); its id and commit."""
    sha = commit_sha or new_commit_sha()
    created = await tenant.gql(
        CREATE_CHANGE_REQUEST,
        {
            "input": {
                "title": title,
                "repository": REPOSITORY,
                "commitSha": sha,
                "branch": "feature/tone",
                "risk": risk,
                "versionIds": version_ids,
            }
        },
        role=role,
    )
    request = created.ok()["createChangeRequest"]
    return {"id": request["id"], "commitSha": sha, "status": request["status"]}
