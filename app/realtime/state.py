"""What realtime keeps for as long as the server runs: the bus, the watch on the credentials of
open subscriptions, the activation snapshots shared by all subscribers, and the count of each
user's open subscriptions. The lifespan (app/main.py) makes it once; the GraphQL context and the
SSE stream read it, typed, through realtime_of(), when they need it."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import HTTPConnection

from app.realtime.bus import EventBus
from app.realtime.credentials import CredentialWatch
from app.realtime.open_subscriptions import OpenSubscriptions
from app.realtime.snapshots import ActivationSnapshots
from app.settings import Settings


@dataclass(frozen=True)
class RealtimeState:
    bus: EventBus
    credentials: CredentialWatch
    activation_snapshots: ActivationSnapshots
    open_subscriptions: OpenSubscriptions

    @classmethod
    def started(
        cls, bus: EventBus, credentials: CredentialWatch, settings: Settings
    ) -> RealtimeState:
        return cls(
            bus=bus,
            credentials=credentials,
            activation_snapshots=ActivationSnapshots(),
            open_subscriptions=OpenSubscriptions(settings.max_subscriptions_per_user),
        )


def realtime_of(connection: HTTPConnection) -> RealtimeState:
    realtime: RealtimeState = connection.app.state.realtime
    return realtime
