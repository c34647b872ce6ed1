"""What admins see of the job queue: their tenant's jobs, newest first."""

from __future__ import annotations

from app.core.actor import Actor
from app.core.pagination import Page, paginate
from app.core.permissions import Permission, require
from app.jobs.models import Job, JobStatus


async def list_jobs(
    actor: Actor, *, first: int | None, after: str | None, status: JobStatus | None = None
) -> Page[Job]:
    require(actor, Permission.READ_JOBS)
    jobs = Job.scoped(actor)
    if status is not None:
        jobs = jobs.filter(status=status)
    return await paginate(jobs, order=("-created_at", "-id"), first=first, after=after)
