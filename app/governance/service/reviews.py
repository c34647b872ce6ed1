"""Version review: a draft is submitted, then approved or rejected by someone other than its
author (and, if the tenant's policy says so, other than an account the author created). One
approval by a non-author approves a version; one rejection rejects it."""

from __future__ import annotations

from uuid import UUID

from app.access.models import AssetAction
from app.access.service import policy_of, require_asset_action
from app.core.actor import Actor
from app.core.audit import record_audit
from app.core.errors import BadUserInput, Conflict, Forbidden
from app.core.pagination import Page, paginate
from app.core.permissions import Permission, require
from app.core.transactions import atomic
from app.core.validation import bounded_text, optional_text
from app.governance.events import announce_version
from app.governance.models import Review, ReviewDecision
from app.identity.service import creator_of
from app.registry.models import Asset, AssetVersion, VersionStatus

MAX_COMMENT_CHARS = 5000

_OUTCOME = {
    ReviewDecision.APPROVE: VersionStatus.APPROVED,
    ReviewDecision.REJECT: VersionStatus.REJECTED,
}


def reviewer_id(actor: Actor) -> UUID:
    """The user who signs a review; the CLI and the seeder have none and cannot review."""
    if actor.user_id is None:
        raise BadUserInput("a review needs a user as its reviewer")
    return actor.user_id


async def ensure_approver_independent_of(
    actor: Actor, approver: UUID, author: UUID | None, work: str
) -> None:
    """Under the tenant policy refuse_approvals_from_author_created_accounts, an account that
    the author created may not approve the author's `work`."""
    if author is None or not (await policy_of(actor)).refuse_approvals_from_author_created_accounts:
        return
    if await creator_of(actor, approver) == author:
        raise Forbidden(
            f"the author of {work} created your account: the tenant's policy refuses your approval"
        )


def review_comment(comment: str | None, *, required: bool) -> str | None:
    if required:
        return bounded_text(
            comment or "", field="comment", max_chars=MAX_COMMENT_CHARS, required=True
        )
    return optional_text(comment, field="comment", max_chars=MAX_COMMENT_CHARS)


async def _set_status(
    actor: Actor,
    asset: Asset,
    version: AssetVersion,
    status: VersionStatus,
    *,
    action: str,
    comment: str | None,
) -> None:
    """Change the status, with its audit event and its announcement."""
    before = version.status
    version.status = status
    await version.save(update_fields=["status"])
    await record_audit(
        actor,
        action,
        target_type="AssetVersion",
        target_id=version.id,
        diff={
            "before": {"status": before.value},
            "after": {"status": status.value},
            "comment": comment,
        },
    )
    await announce_version(actor, asset=asset, version=version, comment=comment)


async def submit_version(actor: Actor, *, version_id: UUID) -> AssetVersion:
    """Send a draft to review."""
    require(actor, Permission.PROPOSE_CHANGES)
    async with atomic():
        version = await AssetVersion.get_scoped(actor, version_id, for_update=True)
        asset = await Asset.get_scoped(actor, version.asset_id)
        await require_asset_action(actor, asset, AssetAction.EDIT)
        if version.status != VersionStatus.DRAFT:
            raise Conflict(
                f"version {version.number} of '{asset.name}' is {version.status.name}; "
                "only a DRAFT can be submitted"
            )
        await _set_status(
            actor, asset, version, VersionStatus.IN_REVIEW, action="version.submit", comment=None
        )
    return version


async def review_version(
    actor: Actor, *, version_id: UUID, decision: ReviewDecision, comment: str | None
) -> AssetVersion:
    """Approve or reject a version in review; a rejection must say why."""
    require(actor, Permission.REVIEW)
    reviewer = reviewer_id(actor)
    comment = review_comment(comment, required=decision == ReviewDecision.REJECT)
    async with atomic():
        version = await AssetVersion.get_scoped(actor, version_id, for_update=True)
        asset = await Asset.get_scoped(actor, version.asset_id)
        await require_asset_action(actor, asset, AssetAction.REVIEW)
        if version.author_id == reviewer:
            raise Forbidden(
                f"you wrote version {version.number} of '{asset.name}': an author may not "
                f"{decision.value} their own version"
            )
        if version.status != VersionStatus.IN_REVIEW:
            raise Conflict(
                f"version {version.number} of '{asset.name}' is {version.status.name}; "
                "only a version IN_REVIEW can be reviewed"
            )
        if decision == ReviewDecision.APPROVE:
            await ensure_approver_independent_of(
                actor, reviewer, version.author_id, f"version {version.number} of '{asset.name}'"
            )
        await Review.create(
            tenant_id=actor.tenant_id,
            version_id=version.id,
            reviewer_id=reviewer,
            decision=decision,
            comment=comment,
        )
        await _set_status(
            actor,
            asset,
            version,
            _OUTCOME[decision],
            action=f"version.{decision.value}",
            comment=comment,
        )
    return version


async def list_review_queue(
    actor: Actor, *, first: int | None, after: str | None
) -> Page[AssetVersion]:
    """The tenant's versions waiting for a review, those waiting longest first."""
    waiting = AssetVersion.scoped(actor).filter(status=VersionStatus.IN_REVIEW)
    return await paginate(waiting, order=("created_at", "id"), first=first, after=after)
