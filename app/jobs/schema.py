"""GraphQL of background jobs: the JobQuery that api/schema.py merges (admins only)."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from app.core.field_permissions import IsAuthenticated
from app.core.relay import Connection
from app.jobs import service
from app.jobs.models import JobStatus
from app.jobs.types import JobType


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
