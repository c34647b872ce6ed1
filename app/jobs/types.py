"""GraphQL object types of background jobs."""

from __future__ import annotations

from datetime import datetime
from typing import Self

import strawberry

from app.core.ids import encode_id
from app.core.relay import Node
from app.jobs import models
from app.jobs.models import JobStatus

# strawberry.enum registers the domain enum itself as the GraphQL enum.
strawberry.enum(JobStatus, name="JobStatus")


@strawberry.type(name="Job")
class JobType(Node):
    kind: str
    status: JobStatus
    attempts: int
    error: str | None
    run_after: datetime | None
    created_at: datetime

    @classmethod
    def from_model(cls, job: models.Job) -> Self:
        return cls(
            id=encode_id("Job", job.id),
            kind=job.kind,
            status=job.status,
            attempts=job.attempts,
            error=job.error,
            run_after=job.run_after,
            created_at=job.created_at,
        )
