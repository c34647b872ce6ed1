"""Which function runs each kind of job. Each domain adds its kinds here."""

from __future__ import annotations

from app.jobs.worker import Handler
from app.registry.canary import GUARD_JOB
from app.registry.rollout_guard import guard_rollout
from app.search.indexing import index_asset
from app.search.outbox import INDEX_JOB
from app.webhooks.delivery import deliver_webhook
from app.webhooks.outbox import DELIVER_JOB

JOB_HANDLERS: dict[str, Handler] = {
    DELIVER_JOB: deliver_webhook,
    GUARD_JOB: guard_rollout,
    INDEX_JOB: index_asset,
}
