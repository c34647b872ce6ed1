"""Per-request DataLoaders of access, scoped to the actor's tenant."""

from __future__ import annotations

from app.access.models import AssetGrant
from app.access.service import list_grants
from app.core.actor import Actor
from app.core.loaders import ListsByKey


class AccessLoaders:
    def __init__(self, actor: Actor) -> None:
        self.grants: ListsByKey[AssetGrant] = ListsByKey(actor, list_grants)
