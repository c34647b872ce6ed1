"""Resolution: the version that serves a request (the active one, or a running canary's for its
share of keys), and the prompt rendered as it serves: the serving version of the asset and of each
asset it includes, in one environment, on the same side of every canary for one request key."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from promptvault_sdk.rendering import (
    MAX_INCLUDE_DEPTH,
    Message,
    Template,
    includes_of,
    transcript,
)

from app.core.actor import Actor
from app.core.errors import BadUserInput, NotFound
from app.registry import rendering
from app.registry.models import Asset, AssetVersion, CurrentActivation, PromptFormat, Rollout
from app.registry.service import validation
from app.registry.service.rollouts import running_canary, serving_version_id

# The most assets one render reads: a bound on the queries that a body's includes can cause.
MAX_INCLUDED_ASSETS = 100


@dataclass(frozen=True)
class ResolvedPrompt:
    asset: Asset
    environment: str
    version: AssetVersion


@dataclass(frozen=True)
class LiveVersions:
    """What an environment serves for a prompt: its active version and, while a canary runs,
    the canary's version with the rollout that splits requests between them."""

    asset: Asset
    baseline: AssetVersion
    canary: AssetVersion | None = None
    rollout: Rollout | None = None


@dataclass(frozen=True)
class RenderedPrompt:
    """A text prompt's body rendered; a chat prompt's messages rendered (`{"role", "content"}`,
    roles lowercase), with their transcript as the text."""

    asset: Asset
    environment: str
    version: AssetVersion
    text: str
    messages: list[dict[str, str]] | None = None


async def live_versions(actor: Actor, *, name: str, environment: str) -> LiveVersions:
    """One query without a canary, two with one; NOT_FOUND naming what is missing."""
    current = (
        await CurrentActivation.scoped(actor)
        .filter(asset__name=name, asset__archived=False, environment=environment)
        .select_related("asset", "version")
        .first()
    )
    if current is None:
        if not await Asset.scoped(actor).filter(name=name, archived=False).exists():
            raise NotFound(f"no asset named '{name}'")
        raise NotFound(f"no version of '{name}' is active in {environment}")
    canary = running_canary(current.rollout)
    canary_version = (
        await AssetVersion.scoped(actor).filter(id=canary.version_id).first() if canary else None
    )
    if canary_version is None:  # no canary, or its version is gone: the baseline serves all
        return LiveVersions(asset=current.asset, baseline=current.version)
    return LiveVersions(
        asset=current.asset, baseline=current.version, canary=canary_version, rollout=canary
    )


async def resolve_prompt(
    actor: Actor, *, name: str, environment: str, key: str | None = None
) -> ResolvedPrompt:
    """The version that serves this request: the active one, or a running canary's for its share
    of keys (the same key always on the same side)."""
    live = await live_versions(actor, name=name, environment=environment)
    version = live.baseline
    if live.canary and serving_version_id(live.baseline.id, live.rollout, key) == live.canary.id:
        version = live.canary
    return ResolvedPrompt(asset=live.asset, environment=environment, version=version)


def _template(resolved: ResolvedPrompt) -> Template:
    return rendering.version_template(resolved.asset.name, resolved.version)


async def _included_templates(
    actor: Actor, root: Template, *, environment: str, key: str | None
) -> dict[str, Template]:
    """The templates that the root includes, level by level down to the deepest that rendering
    allows; rendering itself refuses cycles and chains that go deeper."""
    found: dict[str, Template] = {root.name: root}
    level = [root]
    for _ in range(MAX_INCLUDE_DEPTH):
        wanted = {
            name: template.name
            for template in level
            for name in includes_of(template)
            if name not in found
        }
        if len(found) + len(wanted) > MAX_INCLUDED_ASSETS:
            raise BadUserInput(
                f"'{root.name}' includes more than {MAX_INCLUDED_ASSETS} assets", field="body"
            )
        level = []
        for name, includer in wanted.items():
            try:
                resolved = await resolve_prompt(actor, name=name, environment=environment, key=key)
            except NotFound as error:
                raise NotFound(f"'{includer}' includes '{name}': {error.message}") from error
            found[name] = _template(resolved)
            level.append(found[name])
    return found


async def render_prompt(
    actor: Actor,
    *,
    name: str,
    environment: str,
    variables: dict[str, Any],
    key: str | None = None,
) -> RenderedPrompt:
    if not isinstance(variables, dict):
        raise BadUserInput("variables must be a JSON object", field="variables")
    resolved = await resolve_prompt(actor, name=name, environment=environment, key=key)
    root = _template(resolved)
    templates = await _included_templates(actor, root, environment=environment, key=key)
    # Off the event loop: checking values against a schema may take up to its deadline.
    if not root.is_chat:
        text = await asyncio.to_thread(rendering.render, root, variables, templates)
        return RenderedPrompt(
            asset=resolved.asset, environment=environment, version=resolved.version, text=text
        )
    messages = await asyncio.to_thread(rendering.render_messages, root, variables, templates)
    return RenderedPrompt(
        asset=resolved.asset,
        environment=environment,
        version=resolved.version,
        text=transcript(messages),
        messages=messages,
    )


@dataclass(frozen=True)
class Draft:
    """An unsaved version, checked as createVersion checks one: what the playground runs."""

    format: PromptFormat
    body: str
    messages: list[dict[str, Any]] | None
    variables: dict[str, Any]
    model_settings: dict[str, Any]

    def template(self) -> Template:
        messages = None
        if self.messages is not None:
            messages = [Message.from_json(message) for message in self.messages]
        return Template(
            name=DRAFT_NAME, body=self.body, variables=self.variables, messages=messages
        )


@dataclass(frozen=True)
class RenderedTrial:
    """A version or a draft rendered for a call to a model: its text, and for a chat prompt its
    messages (`{"role", "content"}`, roles lowercase)."""

    text: str
    messages: list[dict[str, str]] | None


DRAFT_NAME = "draft"


def check_draft(
    *,
    format: PromptFormat,
    body: str,
    messages: Sequence[Mapping[str, Any]] | None,
    variables: Any,
    model_settings: Any,
) -> Draft:
    """A draft checked field by field like a new version (the refusal names the field)."""
    format = PromptFormat(format)
    chat = validation.messages(format, messages)
    stored = None if chat is None else [message.to_json() for message in chat]
    body = validation.body(body) if stored is None else transcript(stored)
    schema = validation.json_object(variables, field="variables")
    rendering.check_variables_schema(schema)
    return Draft(
        format=format,
        body=body,
        messages=stored,
        variables=schema,
        model_settings=validation.model_config(model_settings),
    )


async def render_trial(
    actor: Actor,
    root: Template,
    variables: dict[str, Any],
    *,
    environment: str = "production",
) -> RenderedTrial:
    """A version's (or a draft's) template rendered strictly, as renderPrompt renders: the
    assets it includes as `environment` serves them."""
    if not isinstance(variables, dict):
        raise BadUserInput("variables must be a JSON object", field="variables")
    templates = await _included_templates(actor, root, environment=environment, key=None)
    if not root.is_chat:
        text = await asyncio.to_thread(rendering.render, root, variables, templates)
        return RenderedTrial(text=text, messages=None)
    messages = await asyncio.to_thread(rendering.render_messages, root, variables, templates)
    return RenderedTrial(text=transcript(messages), messages=messages)


async def template_of(actor: Actor, version: AssetVersion) -> Template:
    """What rendering needs of a version."""
    asset = await Asset.get_scoped(actor, version.asset_id)
    return rendering.version_template(asset.name, version)


async def enhancement_prompt(
    actor: Actor, *, asset_id: UUID | None = None, environment: str = "production"
) -> tuple[Asset, AssetVersion]:
    """The enhancement prompt that enhanceVersion runs, and its version: the asset named (which
    must be an enhancement asset), else the tenant's default, the enhancement asset activated in
    `environment` most recently. The version is the one `environment` serves, else the newest."""
    if asset_id is None:
        current = (
            await CurrentActivation.scoped(actor)
            .filter(asset__enhancement=True, asset__archived=False, environment=environment)
            .order_by("-updated_at")
            .select_related("asset", "version")
            .first()
        )
        if current is None:
            raise BadUserInput(
                f"no enhancement prompt is active in {environment}: name one"
                " (enhancementAssetId), or activate an enhancement asset there",
                field="enhancementAssetId",
            )
        return current.asset, current.version
    asset = await Asset.get_scoped(actor, asset_id)
    if not asset.enhancement or asset.archived:
        raise BadUserInput(
            f"'{asset.name}' is not an enhancement prompt", field="enhancementAssetId"
        )
    current = await CurrentActivation.filter(asset_id=asset.id, environment=environment).first()
    version = await AssetVersion.filter(id=current.version_id).first() if current else None
    version = version or await AssetVersion.filter(asset_id=asset.id).order_by("-number").first()
    if version is None:
        raise BadUserInput(
            f"the enhancement prompt '{asset.name}' has no version", field="enhancementAssetId"
        )
    return asset, version
