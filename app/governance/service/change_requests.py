"""Change requests: the versions a commit brings, approved by as many people other than the
author as the tenant's policy asks for the request's risk."""

from __future__ import annotations

import re
from uuid import UUID

from tortoise.query_utils import Prefetch

from app.access.models import AssetAction
from app.access.service import policy_of, require_action_on_assets
from app.core.actor import Actor
from app.core.audit import record_audit
from app.core.errors import BadUserInput, Conflict, Forbidden, NotFound
from app.core.pagination import Page, paginate
from app.core.permissions import Permission, require
from app.core.transactions import atomic
from app.core.validation import bounded_text, optional_text
from app.governance.events import announce_change_request_decision
from app.governance.models import (
    ChangeRequest,
    ChangeRequestStatus,
    Review,
    ReviewDecision,
)
from app.governance.service.reviews import (
    ensure_approver_independent_of,
    review_comment,
    reviewer_id,
)
from app.identity.tenant_policy import Risk
from app.registry.models import Asset, AssetVersion

COMMIT_SHA = re.compile(r"^[0-9a-f]{7,64}$")
MAX_VERSIONS = 200
# Reviews still count while a request is open or approved; a rejected or merged one is closed.
REVIEWABLE = (ChangeRequestStatus.OPEN, ChangeRequestStatus.APPROVED)


def normalized_commit_sha(value: str) -> str:
    sha = value.strip().lower()
    if not COMMIT_SHA.match(sha):
        raise BadUserInput("commitSha must be 7 to 64 hexadecimal characters", field="commitSha")
    return sha


def distinct_approvers(reviews: list[Review]) -> set[UUID]:
    """The people who approved: a second approval by the same person counts once."""
    return {review.reviewer_id for review in reviews if review.decision == ReviewDecision.APPROVE}


async def create_change_request(
    actor: Actor,
    *,
    title: str,
    repository: str,
    commit_sha: str,
    branch: str | None,
    risk: Risk,
    version_ids: list[UUID],
) -> ChangeRequest:
    require(actor, Permission.PROPOSE_CHANGES)
    if actor.user_id is None:
        raise BadUserInput("a change request needs a user as its author")
    title = bounded_text(title, field="title", max_chars=200, required=True)
    repository = bounded_text(repository, field="repository", max_chars=200, required=True)
    sha = normalized_commit_sha(commit_sha)
    branch = optional_text(branch, field="branch", max_chars=200)
    wanted = list(dict.fromkeys(version_ids))
    if not wanted:
        raise BadUserInput("a change request brings at least one version", field="versionIds")
    if len(wanted) > MAX_VERSIONS:
        raise BadUserInput(
            f"a change request brings at most {MAX_VERSIONS} versions", field="versionIds"
        )
    async with atomic():
        versions = await AssetVersion.scoped(actor).filter(id__in=wanted)
        if len(versions) != len(wanted):
            raise NotFound("AssetVersion not found")
        # With no approvals required for its risk, a request is approved as soon as it exists.
        required = (await policy_of(actor)).approvals_required[risk]
        change_request = await ChangeRequest.create(
            tenant_id=actor.tenant_id,
            title=title,
            repository=repository,
            commit_sha=sha,
            branch=branch,
            risk=risk,
            status=ChangeRequestStatus.APPROVED if required == 0 else ChangeRequestStatus.OPEN,
            author_id=actor.user_id,
        )
        await change_request.versions.add(*versions)
        await record_audit(
            actor,
            "change_request.create",
            target_type="ChangeRequest",
            target_id=change_request.id,
            diff={
                "after": {
                    "title": title,
                    "repository": repository,
                    "commit_sha": sha,
                    "risk": risk.value,
                    "versions": [str(version.id) for version in versions],
                    "status": change_request.status.value,
                }
            },
        )
    return change_request


async def list_change_requests(
    actor: Actor, *, status: ChangeRequestStatus | None, first: int | None, after: str | None
) -> Page[ChangeRequest]:
    """The tenant's change requests, newest first."""
    requests = ChangeRequest.scoped(actor)
    if status:
        requests = requests.filter(status=status)
    return await paginate(requests, order=("-created_at", "-id"), first=first, after=after)


async def get_change_request(actor: Actor, id: UUID) -> ChangeRequest:
    return await ChangeRequest.get_scoped(actor, id)


async def review_change_request(
    actor: Actor, *, id: UUID, decision: ReviewDecision, comment: str | None
) -> ChangeRequest:
    """Record a review; any rejection rejects the request, enough approvals approve it."""
    require(actor, Permission.REVIEW)
    reviewer = reviewer_id(actor)
    comment = review_comment(comment, required=False)
    async with atomic():
        change_request = await ChangeRequest.get_scoped(actor, id, for_update=True)
        if change_request.author_id == reviewer:
            raise Forbidden(
                f"you opened change request '{change_request.title}': an author may not "
                "review their own change request"
            )
        await require_action_on_assets(
            actor, await _assets_of(actor, change_request), AssetAction.REVIEW
        )
        if change_request.status not in REVIEWABLE:
            raise Conflict(
                f"change request '{change_request.title}' is {change_request.status.name} "
                "and takes no more reviews"
            )
        if decision == ReviewDecision.APPROVE:
            await ensure_approver_independent_of(
                actor,
                reviewer,
                change_request.author_id,
                f"change request '{change_request.title}'",
            )
        await Review.create(
            tenant_id=actor.tenant_id,
            change_request_id=change_request.id,
            reviewer_id=reviewer,
            decision=decision,
            comment=comment,
        )
        before = change_request.status
        if decision == ReviewDecision.REJECT:
            change_request.status = ChangeRequestStatus.REJECTED
        else:
            reviews = await Review.scoped(actor).filter(change_request_id=change_request.id)
            required = (await policy_of(actor)).approvals_required[change_request.risk]
            if len(distinct_approvers(reviews)) >= required:
                change_request.status = ChangeRequestStatus.APPROVED
        await change_request.save(update_fields=["status"])
        await record_audit(
            actor,
            f"change_request.{decision.value}",
            target_type="ChangeRequest",
            target_id=change_request.id,
            diff={
                "before": {"status": before.value},
                "after": {"status": change_request.status.value},
                "comment": comment,
            },
        )
        if change_request.status != before:
            await announce_change_request_decision(actor, change_request, comment)
    return change_request


async def _assets_of(actor: Actor, change_request: ChangeRequest) -> list[Asset]:
    """The assets whose versions the request brings, by name."""
    versions = await versions_of(actor, [change_request.id])
    assets = {version.asset.id: version.asset for version in versions[change_request.id]}
    return sorted(assets.values(), key=lambda asset: asset.name)


async def reviews_of(actor: Actor, change_request_ids: list[UUID]) -> dict[UUID, list[Review]]:
    """Each request's reviews, oldest first, with their reviewers."""
    found: dict[UUID, list[Review]] = {request_id: [] for request_id in change_request_ids}
    reviews = (
        await Review.scoped(actor)
        .filter(change_request_id__in=change_request_ids)
        .select_related("reviewer")
        .order_by("created_at", "id")
    )
    for review in reviews:
        if review.change_request_id is not None:
            found[review.change_request_id].append(review)
    return found


def versions_with_assets(actor: Actor) -> Prefetch:
    """Prefetches a request's versions with their assets."""
    return Prefetch("versions", queryset=AssetVersion.scoped(actor).select_related("asset"))


def by_asset_and_number(versions: list[AssetVersion]) -> list[AssetVersion]:
    return sorted(versions, key=lambda version: (version.asset.name, version.number))


async def versions_of(
    actor: Actor, change_request_ids: list[UUID]
) -> dict[UUID, list[AssetVersion]]:
    """Each request's versions with their assets, in three queries whatever their number."""
    requests = (
        await ChangeRequest.scoped(actor)
        .filter(id__in=change_request_ids)
        .prefetch_related(versions_with_assets(actor))
    )
    found: dict[UUID, list[AssetVersion]] = {request_id: [] for request_id in change_request_ids}
    for request in requests:
        found[request.id] = by_asset_and_number(list(request.versions))
    return found
