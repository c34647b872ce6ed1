"""What an activation event names (asset, versions, actor), loaded once per event in a process
however many of its subscribers receive it: a thousand subscribers cost three queries, not three
thousand."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from dataclasses import dataclass
from uuid import UUID

from app.core.actor import Actor
from app.core.ids import decode_id
from app.identity.models import User
from app.realtime.events import Event
from app.registry.models import Asset, AssetVersion

CACHED_EVENTS = 256


@dataclass(frozen=True)
class ActivationSnapshot:
    asset: Asset
    version: AssetVersion
    previous_version: AssetVersion | None
    actor: User | None


async def _load(actor: Actor, event: Event) -> ActivationSnapshot:
    data = event.data
    version_id = decode_id(data["versionId"], "AssetVersion")
    previous_id = (
        decode_id(data["previousVersionId"], "AssetVersion") if data["previousVersionId"] else None
    )
    wanted = [version_id, previous_id] if previous_id else [version_id]
    versions = {
        version.id: version for version in await AssetVersion.scoped(actor).filter(id__in=wanted)
    }
    return ActivationSnapshot(
        asset=await Asset.get_scoped(actor, decode_id(data["assetId"], "Asset")),
        version=versions[version_id],
        previous_version=versions.get(previous_id) if previous_id else None,
        actor=await User.scoped(actor).get_or_none(id=event.actor_id) if event.actor_id else None,
    )


class ActivationSnapshots:
    def __init__(self) -> None:
        self._loads: OrderedDict[tuple[UUID, int], asyncio.Task[ActivationSnapshot]] = OrderedDict()

    async def load(self, actor: Actor, event: Event) -> ActivationSnapshot:
        """The event's snapshot. Every subscriber of a process gets the same Event object from
        the bus; they are all of the event's tenant, which is all the loads are scoped by."""
        if event.stream_id is None:  # not a streamed event: nothing to key it by
            return await _load(actor, event)
        key = (event.tenant_id, event.stream_id)
        load = self._loads.get(key)
        if load is None:
            load = asyncio.ensure_future(_load(actor, event))
            self._loads[key] = load
            if len(self._loads) > CACHED_EVENTS:
                self._loads.popitem(last=False)
        # Shielded: one subscriber leaving must not cancel the load that the others await.
        return await asyncio.shield(load)
