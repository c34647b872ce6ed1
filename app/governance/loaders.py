"""Per-request DataLoaders of governance, scoped to the actor's tenant."""

from __future__ import annotations

from app.core.actor import Actor
from app.core.loaders import ListsByKey
from app.governance.models import Review
from app.governance.service import reviews_of, versions_of
from app.registry.models import AssetVersion


class GovernanceLoaders:
    def __init__(self, actor: Actor) -> None:
        self.change_request_reviews: ListsByKey[Review] = ListsByKey(actor, reviews_of)
        self.change_request_versions: ListsByKey[AssetVersion] = ListsByKey(actor, versions_of)
