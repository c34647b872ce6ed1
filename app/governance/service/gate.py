"""The gate a CI pipeline asks before it ships a commit: it passes only when change requests
cover the commit, each of them is approved, and every version they bring is approved."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from uuid import UUID

from app.access.service import policy_of
from app.core.actor import Actor
from app.governance.models import ChangeRequest, ChangeRequestStatus, Review, ReviewDecision
from app.governance.service.change_requests import (
    by_asset_and_number,
    distinct_approvers,
    normalized_commit_sha,
    reviews_of,
    versions_with_assets,
)
from app.registry.models import AssetVersion, VersionStatus

PASSING = (ChangeRequestStatus.APPROVED, ChangeRequestStatus.MERGED)
# Short and full SHAs of one commit share their first 7 characters.
SHORT_SHA = 7


class GateOutcome(enum.StrEnum):
    PASS = "pass"
    FAIL = "fail"


@dataclass(frozen=True)
class GateResult:
    outcome: GateOutcome
    commit_sha: str
    reasons: list[str]


def _same_commit(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)


def _rejection(reviews: list[Review]) -> str:
    rejected = [review for review in reviews if review.decision == ReviewDecision.REJECT]
    if not rejected:
        return "rejected"
    last = rejected[-1]
    return f"rejected by {last.reviewer.email}: {last.comment or 'no comment'}"


def _request_reason(
    request: ChangeRequest, reviews: list[Review], required: int
) -> tuple[bool, str]:
    name = f"change request '{request.title}' ({request.risk.value} risk)"
    approvals = f"{len(distinct_approvers(reviews))} of {required} approvals"
    if request.status == ChangeRequestStatus.REJECTED:
        return False, f"{name}: {_rejection(reviews)}"
    if request.status in PASSING:
        return True, f"{name}: {request.status.value}, {approvals}"
    return False, f"{name}: {approvals}"


def _version_reason(version: AssetVersion, reviews: list[Review]) -> tuple[bool, str]:
    name = f"version {version.asset.name}@v{version.number}"
    match version.status:
        case VersionStatus.APPROVED:
            return True, f"{name}: approved"
        case VersionStatus.DRAFT:
            return False, f"{name}: DRAFT, not reviewed"
        case VersionStatus.IN_REVIEW:
            return False, f"{name}: IN_REVIEW, waiting for a reviewer"
        case VersionStatus.REJECTED:
            return False, f"{name}: {_rejection(reviews)}"
        case _:
            return False, f"{name}: {version.status.name}, not servable"


async def _rejections(actor: Actor, versions: list[AssetVersion]) -> dict[UUID, list[Review]]:
    """The rejections of the rejected versions, to say who rejected them and why."""
    rejected = [version.id for version in versions if version.status == VersionStatus.REJECTED]
    found: dict[UUID, list[Review]] = {version.id: [] for version in versions}
    if not rejected:
        return found
    reviews = (
        await Review.scoped(actor)
        .filter(version_id__in=rejected, decision=ReviewDecision.REJECT)
        .select_related("reviewer")
        .order_by("created_at", "id")
    )
    for review in reviews:
        if review.version_id is not None:
            found[review.version_id].append(review)
    return found


async def gate_check(actor: Actor, *, commit_sha: str, repository: str | None) -> GateResult:
    """PASS or FAIL with one line per change request and per version. The queries are the same
    few whatever the number of requests and versions."""
    sha = normalized_commit_sha(commit_sha)
    candidates = ChangeRequest.scoped(actor).filter(commit_sha__startswith=sha[:SHORT_SHA])
    if repository:
        candidates = candidates.filter(repository=repository.strip())
    requests = [
        request
        for request in await candidates.order_by("created_at", "id").prefetch_related(
            versions_with_assets(actor)
        )
        if _same_commit(request.commit_sha, sha)
    ]
    if not requests:
        where = f" in {repository}" if repository else ""
        return GateResult(
            outcome=GateOutcome.FAIL,
            commit_sha=sha,
            reasons=[f"no change request covers commit {sha}{where}"],
        )
    policy = await policy_of(actor)
    versions = by_asset_and_number(
        list({version.id: version for request in requests for version in request.versions}.values())
    )
    reviews = await reviews_of(actor, [request.id for request in requests])
    rejections = await _rejections(actor, versions)
    verdicts = [
        _request_reason(request, reviews[request.id], policy.approvals_required[request.risk])
        for request in requests
    ]
    verdicts += [_version_reason(version, rejections[version.id]) for version in versions]
    passed = all(ok for ok, _ in verdicts)
    return GateResult(
        outcome=GateOutcome.PASS if passed else GateOutcome.FAIL,
        commit_sha=sha,
        reasons=[reason for _, reason in verdicts],
    )
