"""The event catalogue and emit(): what happened in a domain, announced without an import of
whoever listens.

Every event the house emits is a class below, with its payload's fields (the JSON that
subscriptions, SSE clients and webhooks receive, keys in camelCase) and its traits. A domain emits
inside the change's atomic() transaction; the subscribers that main.py wires (the replay buffer
and the bus, webhook deliveries, search index jobs) run right there, so what they write commits or
rolls back with the change, and whatever they hand on leaves only after the commit (on_commit).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import Any, ClassVar

from app.core.actor import Actor
from app.core.transactions import in_atomic

Subscriber = Callable[[Actor, "DomainEvent", datetime], Awaitable[None]]


@dataclass(frozen=True, kw_only=True)
class DomainEvent:
    name: ClassVar[str]
    # SSE clients resume it by Last-Event-ID, so the replay buffer keeps it.
    streamed: ClassVar[bool] = False
    # Users receive it as a notification.
    notifies: ClassVar[bool] = False
    # Webhooks may subscribe to it.
    webhook: ClassVar[bool] = False
    # It changes what an environment serves: runtime caches drop their entry.
    changes_serving: ClassVar[bool] = False

    def payload(self) -> dict[str, Any]:
        return {_camel_case(field.name): getattr(self, field.name) for field in fields(self)}


def _camel_case(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(word.capitalize() for word in rest)


@dataclass(frozen=True, kw_only=True)
class AssetCreated(DomainEvent):
    name = "asset.created"
    webhook = True
    asset_id: str
    asset_name: str
    kind: str

    def payload(self) -> dict[str, Any]:
        # Its payload names the asset "name", as webhook receivers have read it since the start.
        return {"assetId": self.asset_id, "name": self.asset_name, "kind": self.kind}


@dataclass(frozen=True, kw_only=True)
class AssetUpdated(DomainEvent):
    name = "asset.updated"
    asset_id: str


@dataclass(frozen=True, kw_only=True)
class AssetArchived(DomainEvent):
    name = "asset.archived"
    asset_id: str


@dataclass(frozen=True, kw_only=True)
class VersionCreated(DomainEvent):
    name = "version.created"
    asset_id: str
    version_id: str
    version: int


@dataclass(frozen=True, kw_only=True)
class Notification(DomainEvent):
    """An event users read: `message` says what happened, `targetId` names what it happened to."""

    message: str
    target_id: str


@dataclass(frozen=True, kw_only=True)
class VersionReviewed(Notification):
    asset_name: str
    version: int
    version_id: str
    actor: str | None
    comment: str | None


@dataclass(frozen=True, kw_only=True)
class VersionSubmitted(VersionReviewed):
    name = "version.submitted"
    notifies = True


@dataclass(frozen=True, kw_only=True)
class VersionApproved(VersionReviewed):
    name = "version.approved"
    notifies = True
    webhook = True


@dataclass(frozen=True, kw_only=True)
class VersionRejected(VersionReviewed):
    name = "version.rejected"
    notifies = True
    webhook = True


@dataclass(frozen=True, kw_only=True)
class VersionActivated(DomainEvent):
    name = "version.activated"
    streamed = True
    webhook = True
    changes_serving = True
    asset_name: str
    environment: str
    version: int
    version_id: str
    previous_version: int | None
    actor: str | None
    at: str
    asset_id: str
    previous_version_id: str | None
    # The canary running beside the version: version, versionId, share, state, reason.
    rollout: dict[str, Any] | None


@dataclass(frozen=True, kw_only=True)
class ChangeRequestDecided(Notification):
    name = "change_request.decided"
    notifies = True
    webhook = True
    title: str
    repository: str
    commit_sha: str
    status: str
    actor: str | None
    comment: str | None


@dataclass(frozen=True, kw_only=True)
class RolloutChanged(Notification):
    changes_serving = True
    asset_name: str
    asset_id: str
    environment: str
    version: int
    version_id: str
    baseline_version: int
    baseline_version_id: str
    share: float
    state: str
    reason: str | None
    activation_id: str
    actor: str | None
    at: str


@dataclass(frozen=True, kw_only=True)
class RolloutStarted(RolloutChanged):
    name = "rollout.started"


@dataclass(frozen=True, kw_only=True)
class RolloutPromoted(RolloutChanged):
    name = "rollout.promoted"


@dataclass(frozen=True, kw_only=True)
class RolloutRolledBack(RolloutChanged):
    name = "rollout.rolled_back"
    notifies = True
    webhook = True


@dataclass(frozen=True, kw_only=True)
class RunPieceProduced(DomainEvent):
    """Text a prompt run's model produced since the last piece: `seq` counts the run's pieces
    from 1, and the run's row keeps the output up to its last piece. Subscribers of the run
    hear it; it is neither kept for replay nor sent to webhooks (the run's row is the record)."""

    name = "prompt_run.piece"
    run_id: str
    seq: int
    delta: str


@dataclass(frozen=True, kw_only=True)
class RunFinished(DomainEvent):
    """A prompt run ended: SUCCEEDED, or FAILED with its error. Telemetry records an execution
    log of the run's version (none for a draft, `version_id` None)."""

    name = "prompt_run.finished"
    run_id: str
    version_id: str | None
    status: str
    model: str
    input_tokens: int
    output_tokens: int
    cost: float
    latency_ms: float
    error: str | None


# Every event, in the order webhook forms and their validation list them.
CATALOGUE: tuple[type[DomainEvent], ...] = (
    AssetCreated,
    AssetUpdated,
    AssetArchived,
    VersionCreated,
    VersionSubmitted,
    VersionApproved,
    VersionRejected,
    VersionActivated,
    ChangeRequestDecided,
    RolloutStarted,
    RolloutPromoted,
    RolloutRolledBack,
    RunPieceProduced,
    RunFinished,
)


def names_where(trait: str) -> frozenset[str]:
    """The names of the events with a trait, e.g. names_where("notifies")."""
    return frozenset(event.name for event in CATALOGUE if getattr(event, trait))


WEBHOOK_EVENTS = tuple(event.name for event in CATALOGUE if event.webhook)

_subscribers: dict[Subscriber, tuple[type[DomainEvent], ...]] = {}


def subscribe(subscriber: Subscriber, *, to: tuple[type[DomainEvent], ...]) -> None:
    """Wiring, once per process (main.py): the subscriber runs for each event of these types,
    inside the transaction that emits it."""
    _subscribers[subscriber] = to


async def emit(actor: Actor, event: DomainEvent) -> None:
    """Announce `event` from inside the change's atomic() transaction."""
    if not in_atomic():
        raise RuntimeError(f"emit({event.name}) needs an enclosing atomic() transaction")
    at = datetime.now(UTC)
    for subscriber, kinds in _subscribers.items():
        if isinstance(event, kinds):
            await subscriber(actor, event, at)
