"""The promptvault command: serve, migrate, makemigrations, create-tenant, create-admin,
seed-demo, worker, audit verify, gate, export-schema, reindex."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from collections.abc import Callable, Coroutine
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from app.core.database import open_database
from app.core.errors import PromptvaultError
from app.core.migrations import apply_migrations, generate_migrations
from app.settings import Settings, get_settings

# On SIGTERM uvicorn waits for open responses to end, and an event stream (/v1/stream, held by
# every SDK) never does: past this grace the server cancels what is still open and stops; SSE
# clients reconnect elsewhere and resume with Last-Event-ID.
SHUTDOWN_GRACE_SECONDS = 3


def serve(args: argparse.Namespace, settings: Settings) -> None:
    import uvicorn

    from app.runtime.metrics import metrics_shared_by_workers

    workers = args.workers or settings.workers
    if workers > 1 and settings.dialect == "sqlite":
        sys.exit("serve: several workers need PostgreSQL; SQLite serves one process")
    print(f"Promptvault on http://{settings.host}:{settings.port} (GraphiQL at /graphql)")
    with metrics_shared_by_workers() if workers > 1 else nullcontext():
        uvicorn.run(
            "app.main:create_app",
            factory=True,
            host=settings.host,
            port=settings.port,
            workers=workers,
            log_level="info",
            proxy_headers=False,
            timeout_graceful_shutdown=SHUTDOWN_GRACE_SECONDS,
            # A websocket message is bounded as a request body is (BodyLimitMiddleware).
            ws_max_size=settings.max_request_bytes,
        )


async def migrate(args: argparse.Namespace, settings: Settings) -> None:
    applied = await apply_migrations(settings.database_url)
    print(f"applied {len(applied)} migration(s)" + (": " + ", ".join(applied) if applied else ""))


def makemigrations(args: argparse.Namespace, settings: Settings) -> None:
    for dialect, written in generate_migrations(args.name).items():
        print(f"{dialect}: {written or 'no changes'}")


async def create_tenant(args: argparse.Namespace, settings: Settings) -> None:
    from app.identity.service import create_tenant as create

    async with open_database(settings.database_url):
        tenant = await create(name=args.name, slug=args.slug)
    print(f"created tenant {tenant.name} (slug {tenant.slug})")


async def create_admin(args: argparse.Namespace, settings: Settings) -> None:
    from app.identity.service import create_admin as create

    password = args.password or getpass.getpass("Password: ")
    async with open_database(settings.database_url):
        user = await create(
            tenant_slug=args.tenant,
            email=args.email,
            password=password,
            settings=settings,
            superadmin=args.superadmin,
        )
    kind = "superadmin" if user.is_superadmin else "admin"
    print(f"created {kind} {user.email} in tenant {args.tenant}")


async def seed_demo(args: argparse.Namespace, settings: Settings) -> None:
    from app.demo import seed_demo as seed
    from app.main import wire_events

    if settings.is_production:
        sys.exit("seed-demo: refused when PROMPTVAULT_ENV=production")
    wire_events()
    async with open_database(settings.database_url):
        login = await seed(settings)
    if login is None:
        print("The demo tenant exists already; its admin password was printed when it was made.")
        return
    print("Demo tenant created. Sign in with (shown once, keep it):")
    print(f"  tenant:   {login.tenant}\n  email:    {login.email}\n  password: {login.password}")


async def worker(args: argparse.Namespace, settings: Settings) -> None:
    from app.main import job_workers, wire_events
    from app.realtime.publisher import running_bus
    from app.search.engine import search_engine

    if settings.dialect == "sqlite":
        sys.exit("worker: separate workers need PostgreSQL; on SQLite the server runs the jobs")
    wire_events()
    # The bus: what jobs emit (a prompt run's pieces, a rollback) reaches every server's
    # subscribers.
    async with open_database(settings.database_url), running_bus(settings):
        # A worker is there to run jobs, index jobs among them: it is running once it can.
        await search_engine(settings).embedder.load()
        print("Promptvault job worker running (Ctrl-C stops it)")
        await asyncio.gather(*(worker.run_forever() for worker in job_workers(settings)))


async def audit_verify(args: argparse.Namespace, settings: Settings) -> None:
    from app.governance.service import verify_audit_chains

    async with open_database(settings.database_url):
        reports = await verify_audit_chains(args.tenant)
    for report in reports:
        if report.broken is None:
            print(f"{report.tenant.slug}: {report.events} events, chain intact")
        else:
            print(
                f"{report.tenant.slug}: BROKEN at event {report.broken.seq}: {report.broken.reason}"
            )
    if any(report.broken for report in reports):
        sys.exit(1)


def gate(args: argparse.Namespace, settings: Settings | None) -> None:
    from app.governance.gate_client import EXIT_UNAVAILABLE, run_gate

    code, report = run_gate(commit_sha=args.commit, repository=args.repository)
    print(report, file=sys.stderr if code == EXIT_UNAVAILABLE else sys.stdout)
    sys.exit(code)


async def reindex(args: argparse.Namespace, settings: Settings) -> None:
    from app.search.reindex import reindex as rebuild

    async with open_database(settings.database_url):
        indexed = await rebuild(settings, tenant_slug=args.tenant)
    print(f"reindexed {indexed} asset(s)")


def export_schema(args: argparse.Namespace, settings: Settings) -> None:
    from app.api.schema import build_schema

    Path(args.path).write_text(build_schema(settings).as_str() + "\n")
    print(f"wrote {args.path}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="promptvault", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve_parser = commands.add_parser("serve", help="serve the API, GraphiQL and dashboard")
    serve_parser.add_argument("--workers", type=int, default=None)
    serve_parser.set_defaults(handler=serve)
    commands.add_parser("worker", help="run background jobs (PostgreSQL)").set_defaults(
        handler=worker
    )
    commands.add_parser("migrate", help="apply database migrations").set_defaults(handler=migrate)
    make = commands.add_parser("makemigrations", help="generate migrations for every dialect")
    make.add_argument("name")
    make.set_defaults(handler=makemigrations)
    tenant = commands.add_parser("create-tenant", help="create a tenant")
    tenant.add_argument("name")
    tenant.add_argument("--slug")
    tenant.set_defaults(handler=create_tenant)
    admin = commands.add_parser("create-admin", help="create an admin user in a tenant")
    admin.add_argument("--tenant", required=True, help="the tenant's slug")
    admin.add_argument("--email", required=True)
    admin.add_argument("--password", help="prompted for when omitted")
    admin.add_argument("--superadmin", action="store_true", help="may manage every tenant")
    admin.set_defaults(handler=create_admin)
    commands.add_parser("seed-demo", help="create the demo tenant once").set_defaults(
        handler=seed_demo
    )
    audit = commands.add_parser("audit", help="the audit trail").add_subparsers(
        dest="audit_command", required=True
    )
    verify = audit.add_parser("verify", help="check every hash chain; exit 1 if one is broken")
    verify.add_argument("--tenant", help="only this tenant's slug")
    verify.set_defaults(handler=audit_verify)
    gate_parser = commands.add_parser(
        "gate",
        help="ask the server at PROMPTVAULT_URL whether a commit may ship (API key with "
        "gate:read in PROMPTVAULT_API_KEY); exit 0 pass, 1 fail, 2 no answer",
    )
    gate_parser.add_argument("--commit", required=True, help="the commit SHA")
    gate_parser.add_argument("--repository", help="only change requests of this repository")
    # A CI runner has the server's URL and a key, and no settings or data directory of its own.
    gate_parser.set_defaults(handler=gate, needs_settings=False)
    rebuild = commands.add_parser("reindex", help="rebuild the search index from the database")
    rebuild.add_argument("--tenant", help="only this tenant's slug")
    rebuild.set_defaults(handler=reindex)
    export = commands.add_parser("export-schema", help="write the GraphQL SDL")
    export.add_argument("--path", default="graphql/schema.graphql")
    export.set_defaults(handler=export_schema)
    return parser


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    settings = get_settings() if getattr(args, "needs_settings", True) else None
    handler: Callable[..., Coroutine[Any, Any, None] | None] = args.handler
    try:
        outcome = handler(args, settings)
        if asyncio.iscoroutine(outcome):
            asyncio.run(outcome)
    except PromptvaultError as error:
        sys.exit(f"{args.command}: {error.message} ({error.code})")


if __name__ == "__main__":
    main()
