"""Per-request DataLoaders for webhooks, scoped to the actor's tenant: a page of deliveries
loads its jobs (their status and attempts) and webhooks in one query each."""

from __future__ import annotations

from typing import Generic, TypeVar
from uuid import UUID

from aiodataloader import DataLoader

from app.core.actor import Actor
from app.core.models import TenantScoped
from app.jobs.models import Job
from app.webhooks.models import Webhook

M = TypeVar("M", bound=TenantScoped)


class ScopedById(DataLoader[UUID, M | None], Generic[M]):
    def __init__(self, model: type[M], actor: Actor) -> None:
        super().__init__()
        self.model = model
        self.actor = actor

    async def batch_load_fn(self, keys: list[UUID]) -> list[M | None]:
        found = {row.id: row for row in await self.model.scoped(self.actor).filter(id__in=keys)}
        return [found.get(key) for key in keys]


class WebhookLoaders:
    def __init__(self, actor: Actor) -> None:
        self.webhook = ScopedById(Webhook, actor)
        self.job = ScopedById(Job, actor)
