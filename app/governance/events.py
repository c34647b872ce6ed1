"""Announcing review decisions: notifications for users, deliveries for webhooks. Call inside the
decision's atomic() transaction; what is announced leaves only once it commits."""

from __future__ import annotations

from app.core.actor import Actor
from app.core.events import (
    ChangeRequestDecided,
    VersionApproved,
    VersionRejected,
    VersionReviewed,
    VersionSubmitted,
    emit,
)
from app.core.ids import encode_id
from app.governance.models import ChangeRequest
from app.identity.models import User
from app.registry.models import Asset, AssetVersion, VersionStatus

# A version's new status -> the event that announces it and the words of its message.
VERSION_EVENTS: dict[VersionStatus, tuple[type[VersionReviewed], str]] = {
    VersionStatus.IN_REVIEW: (VersionSubmitted, "was submitted for review"),
    VersionStatus.APPROVED: (VersionApproved, "was approved"),
    VersionStatus.REJECTED: (VersionRejected, "was rejected"),
}


async def _email(actor: Actor) -> str | None:
    if actor.user_id is None:
        return None
    user = await User.scoped(actor).filter(id=actor.user_id).only("email").first()
    return user.email if user else None


def _message(what_happened: str, email: str | None, comment: str | None) -> str:
    by = f" by {email}" if email else ""
    why = f": {comment}" if comment else ""
    return f"{what_happened}{by}{why}"


async def announce_version(
    actor: Actor, *, asset: Asset, version: AssetVersion, comment: str | None
) -> None:
    """Announce the version's new status."""
    event, words = VERSION_EVENTS[version.status]
    email = await _email(actor)
    message = _message(f"Version {version.number} of '{asset.name}' {words}", email, comment)
    version_id = encode_id("AssetVersion", version.id)
    await emit(
        actor,
        event(
            message=message,
            target_id=version_id,
            asset_name=asset.name,
            version=version.number,
            version_id=version_id,
            actor=email,
            comment=comment,
        ),
    )


async def announce_change_request_decision(
    actor: Actor, change_request: ChangeRequest, comment: str | None
) -> None:
    """Announce that the request became approved or rejected."""
    email = await _email(actor)
    what_happened = f"Change request '{change_request.title}' was {change_request.status.value}"
    message = _message(what_happened, email, comment)
    await emit(
        actor,
        ChangeRequestDecided(
            message=message,
            target_id=encode_id("ChangeRequest", change_request.id),
            title=change_request.title,
            repository=change_request.repository,
            commit_sha=change_request.commit_sha,
            status=change_request.status.name,
            actor=email,
            comment=comment,
        ),
    )
