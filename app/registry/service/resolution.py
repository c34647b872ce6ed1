"""Rendering a prompt as it serves: the active version of the asset and of each asset it includes,
in one environment, on the same side of every canary for one request key."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from app.core.actor import Actor
from app.core.errors import BadUserInput, NotFound
from app.registry import activations, rendering
from app.registry.models import Asset, AssetVersion

# The most assets one render reads: a bound on the queries that a body's includes can cause.
MAX_INCLUDED_ASSETS = 100


@dataclass(frozen=True)
class RenderedPrompt:
    asset: Asset
    environment: str
    version: AssetVersion
    text: str


def _template(resolved: activations.ResolvedPrompt) -> rendering.Template:
    return rendering.Template(
        name=resolved.asset.name, body=resolved.version.body, variables=resolved.version.variables
    )


async def _included_templates(
    actor: Actor, root: rendering.Template, *, environment: str, key: str | None
) -> dict[str, rendering.Template]:
    """The templates that the root includes, level by level down to the deepest that rendering
    allows; rendering itself refuses cycles and chains that go deeper."""
    found: dict[str, rendering.Template] = {root.name: root}
    level = [root]
    for _ in range(rendering.MAX_INCLUDE_DEPTH):
        wanted = {
            name: template.name
            for template in level
            for name in rendering.includes(template.body)
            if name not in found
        }
        if len(found) + len(wanted) > MAX_INCLUDED_ASSETS:
            raise BadUserInput(
                f"'{root.name}' includes more than {MAX_INCLUDED_ASSETS} assets", field="body"
            )
        level = []
        for name, includer in wanted.items():
            try:
                resolved = await activations.resolve_prompt(
                    actor, name=name, environment=environment, key=key
                )
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
    resolved = await activations.resolve_prompt(actor, name=name, environment=environment, key=key)
    root = _template(resolved)
    templates = await _included_templates(actor, root, environment=environment, key=key)
    # Off the event loop: checking values against a schema may take up to its deadline.
    text = await asyncio.to_thread(rendering.render, root, variables, templates)
    return RenderedPrompt(
        asset=resolved.asset, environment=environment, version=resolved.version, text=text
    )
