"""Prompt runs: a saved version, or an unsaved draft, rendered with variables and sent to a model
through a connection. runPrompt checks and renders, keeps the run (RUNNING) and queues the call
as a job (execution.py), then answers at once; the answer streams to subscribers
and the run ends SUCCEEDED or FAILED.

Admins and developers run (a call costs the tenant money); admins, developers and reviewers read
the tenant's runs; viewers and API keys neither. A tenant has at most PROMPTVAULT_RUNS_PER_TENANT
runs going at once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

from app.core.actor import Actor
from app.core.audit import record_audit
from app.core.errors import BadUserInput, NotFound, RateLimited
from app.core.ids import encode_id
from app.core.pagination import Page, paginate
from app.core.permissions import Permission, require
from app.core.transactions import atomic
from app.identity.service.tenants import lock_tenant
from app.jobs.queue import enqueue
from app.providers.models import PromptRun, ProviderConnection, RunStatus
from app.providers.service.connections import resolve_connection
from app.registry.models import AssetVersion, PromptFormat
from app.registry.service import (
    RenderedTrial,
    check_draft,
    check_model_config,
    get_version,
    render_trial,
    template_of,
)
from app.settings import Settings

RUN_JOB = "prompt_run.execute"
CANCELLED = "cancelled"
WATCH_MARGIN_SECONDS = 30.0
MAX_MODEL_CHARS = 200


@dataclass(frozen=True)
class DraftPrompt:
    """An unsaved version as the playground edits it; checked as createVersion checks one."""

    format: PromptFormat = PromptFormat.TEXT
    body: str = ""
    messages: Sequence[Mapping[str, Any]] | None = None
    variables: Any = None
    model_config: Any = None


@dataclass(frozen=True)
class RunRequest:
    """What to run: a saved version (`version_id`) or a `draft`, with `variables`; the connection
    (else the modelConfig's provider, by name), the model (else the modelConfig's, else the
    connection's default) and settings over the version's modelConfig, key by key."""

    version_id: UUID | None = None
    draft: DraftPrompt | None = None
    variables: Any = None
    connection_id: UUID | None = None
    model: str | None = None
    model_config: Any = None


@dataclass(frozen=True)
class PreparedRun:
    """A run checked and rendered, not yet kept."""

    version: AssetVersion | None
    connection: ProviderConnection
    model: str
    variables: dict[str, Any]
    messages: list[dict[str, str]]
    model_settings: dict[str, Any]


def chat_messages(rendered: RenderedTrial) -> list[dict[str, str]]:
    """What a model is sent: a chat prompt's messages; a text prompt is one user message."""
    if rendered.messages is not None:
        return rendered.messages
    return [{"role": "user", "content": rendered.text}]


def _variables(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise BadUserInput("variables must be a JSON object", field="variables")
    return value


async def prepare_run(actor: Actor, request: RunRequest) -> PreparedRun:
    """Checks the request, renders the prompt and finds the connection and model."""
    require(actor, Permission.USE_MODEL_CONNECTIONS)
    if (request.version_id is None) == (request.draft is None):
        raise BadUserInput("give either versionId or draft", field="versionId")
    variables = _variables(request.variables)
    version = None
    if request.version_id is not None:
        version = await get_version(actor, request.version_id)
        template = await template_of(actor, version)
        base_settings = version.model_settings
    else:
        assert request.draft is not None
        draft = check_draft(
            format=request.draft.format,
            body=request.draft.body,
            messages=request.draft.messages,
            variables=request.draft.variables,
            model_settings=request.draft.model_config,
        )
        template = draft.template()
        base_settings = draft.model_settings
    settings = {**base_settings, **check_model_config(request.model_config)}
    rendered = await render_trial(actor, template, variables)
    connection = await resolve_connection(
        actor, connection_id=request.connection_id, provider_name=settings.get("provider")
    )
    model = (request.model or "").strip() or settings.get("model") or connection.default_model
    if not model:
        raise BadUserInput(
            f"name a model: give model, or a model in the modelConfig; the connection"
            f" '{connection.name}' has no default model",
            field="model",
        )
    if len(model) > MAX_MODEL_CHARS:
        raise BadUserInput(f"model must be at most {MAX_MODEL_CHARS} characters", field="model")
    return PreparedRun(
        version=version,
        connection=connection,
        model=model,
        variables=variables,
        messages=chat_messages(rendered),
        model_settings=settings,
    )


async def keep_run(
    actor: Actor, prepared: PreparedRun, *, settings: Settings, inline_seconds: float | None = None
) -> PromptRun:
    """Keeps the run, RUNNING, within the tenant's limit on runs going at once, audited; and its
    job. A run that the caller makes itself within `inline_seconds` (enhanceVersion) has a job
    only to watch: due after that time, it ends the run FAILED if it is still RUNNING then (the
    caller's process died)."""
    async with atomic():
        await lock_tenant(actor.tenant_id)  # the count and the new run, one request at a time
        going = await PromptRun.scoped(actor).filter(status=RunStatus.RUNNING).count()
        if going >= settings.runs_per_tenant:
            raise RateLimited(
                f"the tenant has {going} prompt runs going, its limit"
                f" (PROMPTVAULT_RUNS_PER_TENANT={settings.runs_per_tenant}): wait for one to end"
                " or cancel one"
            )
        run = await PromptRun.create(
            tenant_id=actor.tenant_id,
            version_id=prepared.version.id if prepared.version else None,
            connection_id=prepared.connection.id,
            model=prepared.model,
            variables=prepared.variables,
            messages=prepared.messages,
            model_settings=prepared.model_settings,
            actor_id=actor.user_id,
        )
        payload: dict[str, Any] = {"run_id": str(run.id)}
        delay = timedelta(0)
        if inline_seconds is not None:
            payload["watch_only"] = True
            delay = timedelta(seconds=inline_seconds + WATCH_MARGIN_SECONDS)
        await enqueue(
            tenant_id=actor.tenant_id, kind=RUN_JOB, payload=payload, max_attempts=1, delay=delay
        )
        await record_audit(
            actor,
            "prompt_run.create",
            target_type="PromptRun",
            target_id=run.id,
            diff={
                "after": {
                    "version": encode_id("AssetVersion", run.version_id)
                    if run.version_id
                    else None,
                    "connection": prepared.connection.name,
                    "model": run.model,
                    "variables": run.variables,
                }
            },
        )
    return run


async def start_run(actor: Actor, request: RunRequest, *, settings: Settings) -> PromptRun:
    """runPrompt: the run, RUNNING, its call queued."""
    prepared = await prepare_run(actor, request)
    return await keep_run(actor, prepared, settings=settings)


def _readable(actor: Actor) -> Any:
    require(actor, Permission.READ_PROMPT_RUNS)
    return PromptRun.scoped(actor)


async def get_run(actor: Actor, id: UUID) -> PromptRun:
    found: PromptRun | None = await _readable(actor).filter(id=id).first()
    if found is None:
        raise NotFound("PromptRun not found")
    return found


async def list_runs(
    actor: Actor, *, version_id: UUID | None, first: int | None, after: str | None
) -> Page[PromptRun]:
    """The tenant's runs, newest first; of one version when asked."""
    runs = _readable(actor)
    if version_id is not None:
        await get_version(actor, version_id)
        runs = runs.filter(version_id=version_id)
    page: Page[PromptRun] = await paginate(
        runs, order=("-created_at", "-id"), first=first, after=after
    )
    return page


async def cancel_run(actor: Actor, id: UUID) -> PromptRun:
    """Asks the run's worker to stop: it ends the run FAILED, "cancelled", at its next look (a
    fraction of a second). A run that has ended already is answered as it is."""
    require(actor, Permission.USE_MODEL_CONNECTIONS)
    async with atomic():
        run = await PromptRun.get_scoped(actor, id, for_update=True)
        if run.status != RunStatus.RUNNING or run.cancel_requested:
            return run
        run.cancel_requested = True
        await run.save(update_fields=["cancel_requested"])
        await record_audit(
            actor,
            "prompt_run.cancel",
            target_type="PromptRun",
            target_id=run.id,
            diff={"after": {"cancelRequested": True}},
        )
    return run
