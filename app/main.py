"""create_app(): routes, middleware and lifespan; and the wiring of what flows up without an
import: each domain event to its subscribers, each kind of job to its handler."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, nullcontext
from datetime import timedelta
from functools import partial
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from app.api.context import build_session_context
from app.api.graphql_app import PromptvaultGraphQL
from app.api.schema import build_schema
from app.core.body_limit import BodyLimitMiddleware
from app.core.database import open_database
from app.core.events import CATALOGUE, WEBHOOK_EVENTS, RunFinished, subscribe
from app.core.nul_urls import RefuseNulInUrlMiddleware
from app.dashboard.middleware import UnframeableAnswers
from app.dashboard.routes import dashboard_routes
from app.dashboard.site import Dashboard
from app.identity.service import pruning_login_failures
from app.jobs.worker import Handler, Worker, running_worker
from app.providers.service import RUN_JOB, execute_run
from app.realtime.credentials import watching_credentials
from app.realtime.publisher import publish, running_bus
from app.realtime.replay import pruning_replay_buffer
from app.realtime.state import RealtimeState
from app.realtime.stream import activation_stream
from app.registry.service import GUARD_JOB
from app.runtime import ops
from app.runtime.executions import execution_ingest
from app.runtime.limits import Surface
from app.runtime.metrics import MetricsMiddleware
from app.runtime.prompts import prompt_endpoint
from app.runtime.state import RuntimeState
from app.search.engine import search_engine
from app.search.indexing import index_asset
from app.search.outbox import INDEX_JOB, INDEXED_CHANGES, enqueue_indexing
from app.settings import Settings, get_settings
from app.telemetry.rollout_guard import guard_rollout
from app.telemetry.run_logs import record_run_log
from app.telemetry.service import pruning_batch_keys
from app.webhooks.delivery import deliver_webhook
from app.webhooks.outbox import DELIVER_JOB, enqueue_deliveries

WEB_DIR = Path(__file__).resolve().parents[1] / "web"

JOB_HANDLERS: dict[str, Handler] = {
    DELIVER_JOB: deliver_webhook,
    GUARD_JOB: guard_rollout,
    INDEX_JOB: index_asset,
}
# Prompt runs wait on a model for seconds or minutes: a lane of their own, so that they never
# hold the slots of the jobs above (PROMPTVAULT_RUN_CONCURRENCY runs at once per worker, at most
# PROMPTVAULT_RUNS_PER_TENANT of one tenant).
RUN_HANDLERS: dict[str, Handler] = {RUN_JOB: execute_run}


def job_workers(settings: Settings) -> list[Worker]:
    """The workers of a process that runs jobs: one for the jobs above, one for prompt runs."""
    runs = Worker(
        RUN_HANDLERS,
        concurrency=settings.run_concurrency,
        tenant_concurrency=settings.runs_per_tenant,
        visibility_timeout=timedelta(seconds=settings.job_visibility_seconds),
    )
    return [Worker.for_settings(JOB_HANDLERS, settings), runs]


def wire_events() -> None:
    """Every process that changes data wires its events once: the server, the worker, the demo
    seeder."""
    subscribe(publish, to=CATALOGUE)
    subscribe(enqueue_deliveries, to=tuple(e for e in CATALOGUE if e.name in WEBHOOK_EVENTS))
    subscribe(enqueue_indexing, to=INDEXED_CHANGES)
    subscribe(record_run_log, to=(RunFinished,))


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or get_settings()
    wire_events()
    templates = Jinja2Templates(directory=WEB_DIR / "templates")
    schema = build_schema(settings)
    runtime = RuntimeState.for_settings(settings)
    graphql = PromptvaultGraphQL(
        schema,
        settings=settings,
        templates=templates,
        rate_limit=partial(runtime.limits.admit, surface=Surface.GRAPHQL),
    )
    dashboard = Dashboard.create(schema, build_session_context, settings)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with (
            open_database(settings.database_url),
            running_bus(settings) as bus,
            runtime.listening(bus),
            watching_credentials(settings) as credentials,
            pruning_replay_buffer(settings),
            pruning_batch_keys(settings),
            pruning_login_failures(settings),
        ):
            app.state.realtime = RealtimeState.started(bus, credentials, settings)
            app.state.runtime = runtime
            if settings.search_warm_up:
                # In a thread of its own: neither startup nor /health waits for the model.
                search_engine(settings).embedder.warm_up()
            worker = (
                running_worker(*job_workers(settings)) if settings.run_worker else nullcontext()
            )
            async with worker:
                yield

    app = Starlette(
        routes=[
            Route("/health", ops.health),
            Route("/ready", ops.readiness(settings.ready_timeout_seconds)),
            Route("/metrics", ops.metrics),
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            Route("/v1/stream", activation_stream(settings)),
            Route("/v1/prompts/{name}", prompt_endpoint(runtime), methods=["GET"]),
            Route("/v1/executions", execution_ingest(runtime), methods=["POST"]),
            Mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static"),
            dashboard_routes(),
        ],
        middleware=[
            # Outermost: every layer below sees the client that a trusted proxy names.
            Middleware(ProxyHeadersMiddleware, trusted_hosts=list(settings.trusted_proxies)),
            Middleware(MetricsMiddleware),
            Middleware(UnframeableAnswers),
            Middleware(BodyLimitMiddleware, max_bytes=settings.max_request_bytes),
            Middleware(RefuseNulInUrlMiddleware),
        ],
        lifespan=lifespan,
    )
    app.state.dashboard = dashboard
    return app
