"""Cloning: a new asset from a template asset, with its first version taken from the template's
latest one (text or chat), body, variables and model settings each overridable; a body given
makes the clone's first version a text version."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from app.core.actor import Actor
from app.core.errors import BadUserInput
from app.core.permissions import Permission, require
from app.core.transactions import atomic
from app.registry.models import Asset, AssetVersion, PromptFormat
from app.registry.service.assets import create_asset, tags_of
from app.registry.service.versions import create_version


async def clone_asset(
    actor: Actor,
    *,
    template_id: UUID,
    name: str,
    title: str | None = None,
    body: str | None = None,
    variables: Any = None,
    model_settings: Any = None,
) -> Asset:
    require(actor, Permission.EDIT_ASSETS)
    async with atomic():
        template = await Asset.get_scoped(actor, template_id)
        latest = await AssetVersion.filter(asset_id=template.id).order_by("-number").first()
        if latest is None and body is None:
            raise BadUserInput(
                f"template '{template.name}' has no version to inherit: give a body", field="body"
            )
        asset = await create_asset(
            actor,
            name=name,
            kind=template.kind,
            title=template.title if title is None else title,
            description=template.description,
            category=template.category,
            tags=(await tags_of(actor, [template.id]))[template.id],
            template=template,
            enhancement=template.enhancement,
        )
        content: dict[str, Any] = (
            {
                "format": latest.format,
                "body": latest.body,
                "messages": latest.messages,
                "variables": latest.variables,
                "model_settings": latest.model_settings,
            }
            if latest
            else {}
        )
        if body is not None:
            content |= {"format": PromptFormat.TEXT, "messages": None}
        given = {"body": body, "variables": variables, "model_settings": model_settings}
        content.update((key, value) for key, value in given.items() if value is not None)
        source = f"{template.name} version {latest.number}" if latest else template.name
        await create_version(actor, asset_id=asset.id, message=f"cloned from {source}", **content)
    return asset
