"""GraphQL types and queries of background jobs (admins only)."""

from __future__ import annotations

from datetime import datetime
from typing import Self

import strawberry
from strawberry.types import Info

from app.core.field_permissions import IsAuthenticated
from app.core.ids import encode_id
from app.core.relay import Connection, Node
from app.jobs import models, service
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


@strawberry.type
class JobQuery:
    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description="The tenant's jobs, newest first. Admins only.",
    )
    async def jobs(
        self,
        info: Info,
        first: int | None = 20,
        after: str | None = None,
        status: JobStatus | None = None,
    ) -> Connection[JobType]:
        page = await service.list_jobs(info.context.actor, first=first, after=after, status=status)
        return Connection.from_page(page, JobType.from_model)
