"""Issue 3's figure: `promptvault audit verify` time for a tenant with 10,000 audit events, on
SQLite and PostgreSQL. The events are written by the application's own record_audit.

Run: .venv/bin/python bench/audit.py [--events N]
"""

from __future__ import annotations

import argparse
import time

from _dialects import run_for_each_dialect  # noqa: I001

from app.core.actor import Actor
from app.core.audit import record_audit
from app.core.database import open_database
from app.governance.service import verify_audit_chains
from app.identity.service import create_tenant


async def _measure(dialect: str, database_url: str, args: argparse.Namespace) -> None:
    events = args.events
    async with open_database(database_url):
        tenant = await create_tenant(name="Audit bench")
        actor = Actor.system(tenant.id)
        started = time.perf_counter()
        for index in range(events - 1):  # create_tenant wrote the first event
            diff = {"before": {"title": f"v{index}"}, "after": {"title": f"v{index + 1}"}}
            await record_audit(
                actor, "asset.update", target_type="Asset", target_id=tenant.id, diff=diff
            )
        written = time.perf_counter() - started
        started = time.perf_counter()
        [report] = await verify_audit_chains(tenant.slug)
        verified = time.perf_counter() - started
    assert report.broken is None and report.events == events
    print(
        f"[{dialect}] audit verify of {report.events} events: {verified:.2f} s "
        f"({report.events / verified:,.0f} events/s); writing them took {written:.1f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=10_000)
    run_for_each_dialect(parser, _measure)


if __name__ == "__main__":
    main()
