"""The CI gate: a commit passes only when approved change requests cover it and every version
they bring is approved; `promptvault gate` turns the answer into an exit code."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from app.core.query_counter import count_queries
from tests.support.cli import run_cli
from tests.support.databases import ThrowawayDatabase
from tests.support.governance import (
    GATE_CHECK,
    REPOSITORY,
    REVIEW_CHANGE_REQUEST,
    new_commit_sha,
    open_change_request,
)
from tests.support.graphql import TenantHandle
from tests.support.registry import REJECT, SUBMIT, approve_versions, make_asset
from tests.support.server import free_port, running_server, sharing_session_database

CREATE_KEY = """
mutation CreateKey($scopes: [ApiKeyScope!]!) {
  createApiKey(name: "ci", scopes: $scopes) { secret }
}
"""


async def _gate(
    tenant: TenantHandle, commit_sha: str, repository: str | None = REPOSITORY
) -> dict[str, Any]:
    result = await tenant.gql(GATE_CHECK, {"commitSha": commit_sha, "repository": repository})
    answer: dict[str, Any] = result.ok()["gateCheck"]
    return answer


async def _approve(tenant: TenantHandle, change_request_id: str, *, token: str) -> None:
    result = await tenant.api(
        REVIEW_CHANGE_REQUEST, {"id": change_request_id, "decision": "APPROVE"}, token=token
    )
    result.ok()


async def _api_key(tenant: TenantHandle, *scopes: str) -> str:
    created = await tenant.gql(CREATE_KEY, {"scopes": list(scopes)})
    secret: str = created.ok()["createApiKey"]["secret"]
    return secret


async def _approved_commit(tenant: TenantHandle, *, versions: int = 1) -> str:
    asset = await make_asset(tenant, versions=versions)
    opened = await open_change_request(tenant, asset.version_ids, risk="LOW")
    await _approve(tenant, opened["id"], token=await tenant.token_for("REVIEWER"))
    return opened["commitSha"]


async def test_a_commit_with_an_unapproved_high_risk_change_fails_then_passes_once_approved(
    tenant: TenantHandle,
) -> None:
    asset = await make_asset(tenant, versions=1, name="support-reply", approved=False)
    opened = await open_change_request(tenant, asset.version_ids, risk="HIGH")
    sha = opened["commitSha"]

    assert await _gate(tenant, sha) == {
        "outcome": "FAIL",
        "commitSha": sha,
        "reasons": [
            "change request 'Tighten tone' (high risk): 0 of 2 approvals",
            "version support-reply@v1: DRAFT, not reviewed",
        ],
    }

    await approve_versions(tenant, *asset.version_ids)
    await _approve(tenant, opened["id"], token=await tenant.token_for("REVIEWER"))
    halfway = await _gate(tenant, sha)
    assert halfway["outcome"] == "FAIL"
    assert halfway["reasons"] == [
        "change request 'Tighten tone' (high risk): 1 of 2 approvals",
        "version support-reply@v1: approved",
    ]

    await _approve(tenant, opened["id"], token=tenant.token)
    assert await _gate(tenant, sha) == {
        "outcome": "PASS",
        "commitSha": sha,
        "reasons": [
            "change request 'Tighten tone' (high risk): approved, 2 of 2 approvals",
            "version support-reply@v1: approved",
        ],
    }


async def test_an_unknown_commit_fails(tenant: TenantHandle) -> None:
    sha = new_commit_sha()
    answer = await _gate(tenant, sha)
    assert answer == {
        "outcome": "FAIL",
        "commitSha": sha,
        "reasons": [f"no change request covers commit {sha} in {REPOSITORY}"],
    }


async def test_a_commit_of_another_repository_or_tenant_is_unknown(
    tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    sha = await _approved_commit(tenant)
    assert (await _gate(tenant, sha))["outcome"] == "PASS"
    assert (await _gate(tenant, sha, repository=None))["outcome"] == "PASS"
    assert (await _gate(tenant, sha, repository="acme/other"))["outcome"] == "FAIL"
    assert (await _gate(other_tenant, sha))["outcome"] == "FAIL"


async def test_a_short_sha_and_the_full_sha_name_the_same_commit(tenant: TenantHandle) -> None:
    full = await _approved_commit(tenant)
    assert (await _gate(tenant, full[:7]))["outcome"] == "PASS"
    assert (await _gate(tenant, full[:7] + "0" * 33))["outcome"] == "FAIL"


async def test_rejections_say_who_rejected_and_why(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant, versions=2, name="refund-policy", approved=False)
    reviewer_id, reviewer = await tenant.user("REVIEWER")
    reviewer_email = next(
        user["email"]
        for user in (await tenant.gql("{ users { id email } }")).ok()["users"]
        if user["id"] == reviewer_id
    )
    await approve_versions(tenant, asset.version_ids[0])
    (await tenant.gql(SUBMIT, {"id": asset.version_ids[1]})).ok()
    rejected = await tenant.api(
        REJECT, {"id": asset.version_ids[1], "comment": "Promises refunds"}, token=reviewer
    )
    rejected.ok()
    opened = await open_change_request(tenant, asset.version_ids, risk="LOW", title="Refunds")
    await tenant.api(
        REVIEW_CHANGE_REQUEST,
        {"id": opened["id"], "decision": "REJECT", "comment": "Not this quarter"},
        token=reviewer,
    )

    answer = await _gate(tenant, opened["commitSha"])
    assert answer["outcome"] == "FAIL"
    assert answer["reasons"] == [
        f"change request 'Refunds' (low risk): rejected by {reviewer_email}: Not this quarter",
        "version refund-policy@v1: approved",
        f"version refund-policy@v2: rejected by {reviewer_email}: Promises refunds",
    ]


async def test_every_change_request_of_the_commit_must_be_approved(tenant: TenantHandle) -> None:
    sha = await _approved_commit(tenant)
    asset = await make_asset(tenant)
    await open_change_request(tenant, asset.version_ids, commit_sha=sha, title="Second")

    answer = await _gate(tenant, sha)
    assert answer["outcome"] == "FAIL"
    assert "change request 'Second' (low risk): 0 of 1 approvals" in answer["reasons"]


async def test_the_gate_costs_the_same_queries_for_2_and_20_versions(tenant: TenantHandle) -> None:
    counts = []
    for versions in (2, 20):
        sha = await _approved_commit(tenant, versions=versions)
        with count_queries() as statements:
            answer = await _gate(tenant, sha)
        assert len(answer["reasons"]) == versions + 1
        counts.append(len(statements))
    assert counts[0] == counts[1]


async def test_an_api_key_with_gate_read_can_call_it_and_one_without_cannot(
    tenant: TenantHandle,
) -> None:
    sha = await _approved_commit(tenant)
    with_scope = await _api_key(tenant, "GATE_READ")
    without_scope = await _api_key(tenant, "RUNTIME_READ", "LOGS_WRITE")
    variables = {"commitSha": sha, "repository": REPOSITORY}

    allowed = await tenant.api(GATE_CHECK, variables, token=with_scope)
    assert allowed.ok()["gateCheck"]["outcome"] == "PASS"
    refused = await tenant.api(GATE_CHECK, variables, token=without_scope)
    assert refused.code == "FORBIDDEN"
    assert "gate:read" in refused.errors[0]["message"]


async def test_a_malformed_commit_sha_is_bad_input(tenant: TenantHandle) -> None:
    result = await tenant.gql(GATE_CHECK, {"commitSha": "HEAD", "repository": REPOSITORY})
    assert result.code == "BAD_USER_INPUT"


@pytest.fixture(scope="module")
def server(database: ThrowawayDatabase) -> Iterator[str]:
    with running_server(sharing_session_database()) as url:
        yield url


def _gate_cli(url: str, api_key: str, sha: str) -> tuple[int, str, str]:
    done = run_cli(
        "gate",
        "--commit",
        sha,
        "--repository",
        REPOSITORY,
        env={"PROMPTVAULT_URL": url, "PROMPTVAULT_API_KEY": api_key},
    )
    return done.returncode, done.stdout, done.stderr


async def test_the_cli_exits_0_on_pass_and_prints_the_reasons(
    server: str, tenant: TenantHandle
) -> None:
    sha = await _approved_commit(tenant)
    code, out, _ = _gate_cli(server, await _api_key(tenant, "GATE_READ"), sha)
    assert code == 0
    assert out.splitlines()[0] == f"Promptvault gate: PASS for commit {sha} in {REPOSITORY}"
    assert "  - change request 'Tighten tone' (low risk): approved, 1 of 1 approvals" in out


async def test_the_cli_exits_1_on_fail_with_a_reason_per_line(
    server: str, tenant: TenantHandle
) -> None:
    asset = await make_asset(tenant, name="ticket-summary", approved=False)
    opened = await open_change_request(tenant, asset.version_ids, risk="HIGH")
    code, out, _ = _gate_cli(server, await _api_key(tenant, "GATE_READ"), opened["commitSha"])
    assert code == 1
    assert out.splitlines() == [
        f"Promptvault gate: FAIL for commit {opened['commitSha']} in {REPOSITORY}",
        "  - change request 'Tighten tone' (high risk): 0 of 2 approvals",
        "  - version ticket-summary@v1: DRAFT, not reviewed",
    ]


async def test_the_cli_exits_2_when_it_gets_no_answer(server: str, tenant: TenantHandle) -> None:
    sha = new_commit_sha()
    closed = f"http://127.0.0.1:{free_port()}"
    code, out, err = _gate_cli(closed, await _api_key(tenant, "GATE_READ"), sha)
    assert (code, out) == (2, "")
    assert f"cannot reach Promptvault at {closed}" in err

    code, _, err = _gate_cli(server, await _api_key(tenant, "RUNTIME_READ"), sha)
    assert code == 2
    assert "FORBIDDEN" in err and "gate:read" in err
    code, _, err = _gate_cli(server, "pv_00000000_revoked", sha)
    assert code == 2
    assert "UNAUTHENTICATED" in err
