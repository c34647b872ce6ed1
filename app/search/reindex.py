"""`promptvault reindex`: rebuilds the search index of one tenant, or of all, from the database,
drawing a progress bar on stderr."""

from __future__ import annotations

import sys
from typing import TextIO

from app.core.errors import NotFound
from app.identity.models import Tenant
from app.search.engine import search_engine
from app.search.indexing import reindex_tenant
from app.settings import Settings

BAR_WIDTH = 30


class ProgressBar:
    def __init__(self, label: str, out: TextIO) -> None:
        self.label = label
        self.out = out

    def __call__(self, done: int, total: int) -> None:
        filled = BAR_WIDTH * done // total if total else BAR_WIDTH
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        self.out.write(f"\r{self.label} [{bar}] {done}/{total} assets")
        if done == total:
            self.out.write("\n")
        self.out.flush()


async def reindex(settings: Settings, *, tenant_slug: str | None, out: TextIO = sys.stderr) -> int:
    """Returns how many assets the rebuilt index holds."""
    tenants = Tenant.all().order_by("slug")
    if tenant_slug is not None:
        tenants = tenants.filter(slug=tenant_slug)
    found = await tenants
    if tenant_slug is not None and not found:
        raise NotFound(f"no tenant with slug '{tenant_slug}'")
    engine = search_engine(settings)
    indexed = 0
    for tenant in found:
        indexed += await reindex_tenant(engine, tenant.id, progress=ProgressBar(tenant.slug, out))
    return indexed
