"""Per-request DataLoaders for webhooks, scoped to the actor's tenant: a page of deliveries
loads its jobs (their status and attempts) and webhooks in one query each."""

from __future__ import annotations

from app.core.actor import Actor
from app.core.loaders import RowsById
from app.jobs.models import Job
from app.webhooks.models import Webhook


class WebhookLoaders:
    def __init__(self, actor: Actor) -> None:
        self.webhook = RowsById(actor, Webhook)
        self.job = RowsById(actor, Job)
