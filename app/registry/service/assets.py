"""Assets: create, find, update and archive the things a tenant versions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from app.access.models import AssetAction
from app.access.service import require_asset_action
from app.core.actor import Actor
from app.core.audit import changes, record_audit
from app.core.errors import BadUserInput, Conflict, NotFound
from app.core.events import AssetArchived, AssetCreated, AssetUpdated, emit
from app.core.ids import encode_id
from app.core.pagination import Page, paginate
from app.core.permissions import Permission, require
from app.core.transactions import atomic
from app.core.validation import bounded_text, optional_text
from app.registry.models import Asset, AssetKind, AssetTag
from app.registry.service import validation


@dataclass(frozen=True)
class AssetQuery:
    text: str | None = None
    kind: AssetKind | None = None
    tag: str | None = None
    owner_id: UUID | None = None
    category: str | None = None
    archived: bool = False


async def list_assets(
    actor: Actor, query: AssetQuery, *, first: int | None, after: str | None
) -> Page[Asset]:
    assets = Asset.scoped(actor).filter(archived=query.archived)
    if query.text:
        text = query.text.strip()
        assets = assets.filter(
            Q(name__icontains=text) | Q(title__icontains=text) | Q(description__icontains=text)
        )
    if query.kind:
        assets = assets.filter(kind=query.kind)
    if query.tag:
        assets = assets.filter(tags__tag=query.tag.strip().lower())
    if query.owner_id:
        assets = assets.filter(owner_id=query.owner_id)
    if query.category:
        assets = assets.filter(category=query.category)
    return await paginate(assets, order=("name", "id"), first=first, after=after)


async def get_asset(actor: Actor, *, id: UUID | None = None, name: str | None = None) -> Asset:
    if (id is None) == (name is None):
        raise BadUserInput("give exactly one of id and name")
    if id is not None:
        return await Asset.get_scoped(actor, id)
    found = await Asset.scoped(actor).filter(name=name).first()
    if found is None:
        raise NotFound(f"no asset named '{name}'")
    return found


async def tags_of(actor: Actor, asset_ids: list[UUID]) -> dict[UUID, list[str]]:
    found: dict[UUID, list[str]] = {asset_id: [] for asset_id in asset_ids}
    for row in await AssetTag.scoped(actor).filter(asset_id__in=asset_ids).order_by("tag"):
        found[row.asset_id].append(row.tag)
    return found


async def _replace_tags(asset: Asset, tags: list[str]) -> None:
    await AssetTag.filter(asset_id=asset.id).delete()
    await AssetTag.bulk_create(
        [AssetTag(tenant_id=asset.tenant_id, asset_id=asset.id, tag=tag) for tag in tags]
    )


def _snapshot(asset: Asset, tags: list[str]) -> dict[str, Any]:
    return {
        "name": asset.name,
        "kind": asset.kind.value,
        "title": asset.title,
        "description": asset.description,
        "category": asset.category,
        "tags": tags,
        "archived": asset.archived,
        "enhancement": asset.enhancement,
    }


async def create_asset(
    actor: Actor,
    *,
    name: str,
    kind: AssetKind,
    title: str,
    description: str = "",
    category: str | None = None,
    tags: list[str] | None = None,
    template: Asset | None = None,
    enhancement: bool = False,
) -> Asset:
    """A new asset; `enhancement` marks a prompt that rewrites other prompts (enhanceVersion)."""
    require(actor, Permission.EDIT_ASSETS)
    if actor.user_id is None:
        raise BadUserInput("an asset needs a user as its owner")
    name = validation.asset_name(name)
    clean_tags = validation.tags(tags or [])
    title = bounded_text(title, field="title", max_chars=200, required=True)
    description = bounded_text(description, field="description", max_chars=5000)
    category = optional_text(category, field="category", max_chars=64)
    async with atomic():
        if await Asset.scoped(actor).filter(name=name).exists():
            raise Conflict(f"an asset named '{name}' already exists")
        try:
            asset = await Asset.create(
                tenant_id=actor.tenant_id,
                name=name,
                kind=kind,
                title=title,
                description=description,
                category=category,
                owner_id=actor.user_id,
                template_id=template.id if template else None,
                enhancement=enhancement,
            )
        except IntegrityError as error:
            raise Conflict(f"an asset named '{name}' already exists") from error
        await _replace_tags(asset, clean_tags)
        created = _snapshot(asset, clean_tags)
        if template:
            created["template"] = template.name
        await record_audit(
            actor, "asset.create", target_type="Asset", target_id=asset.id, diff={"after": created}
        )
        await emit(
            actor,
            AssetCreated(
                asset_id=encode_id("Asset", asset.id),
                asset_name=asset.name,
                kind=asset.kind.value,
            ),
        )
    return asset


async def update_asset(
    actor: Actor,
    *,
    id: UUID,
    title: str | None = None,
    description: str | None = None,
    category: str | None = None,
    tags: list[str] | None = None,
    enhancement: bool | None = None,
) -> Asset:
    require(actor, Permission.EDIT_ASSETS)
    async with atomic():
        asset = await Asset.get_scoped(actor, id, for_update=True)
        await require_asset_action(actor, asset, AssetAction.EDIT)
        old_tags = (await tags_of(actor, [asset.id]))[asset.id]
        before = _snapshot(asset, old_tags)
        if title is not None:
            asset.title = bounded_text(title, field="title", max_chars=200, required=True)
        if description is not None:
            asset.description = bounded_text(description, field="description", max_chars=5000)
        if category is not None:
            asset.category = optional_text(category, field="category", max_chars=64)
        if enhancement is not None:
            asset.enhancement = enhancement
        new_tags = validation.tags(tags) if tags is not None else old_tags
        await asset.save()
        if new_tags != old_tags:
            await _replace_tags(asset, new_tags)
        await record_audit(
            actor,
            "asset.update",
            target_type="Asset",
            target_id=asset.id,
            diff=changes(before, _snapshot(asset, new_tags)),
        )
        await emit(actor, AssetUpdated(asset_id=encode_id("Asset", asset.id)))
    return asset


async def archive_asset(actor: Actor, *, id: UUID) -> Asset:
    require(actor, Permission.EDIT_ASSETS)
    async with atomic():
        asset = await Asset.get_scoped(actor, id, for_update=True)
        await require_asset_action(actor, asset, AssetAction.EDIT)
        if asset.archived:
            raise Conflict(f"asset '{asset.name}' is already archived")
        asset.archived = True
        await asset.save(update_fields=["archived", "updated_at"])
        await record_audit(
            actor,
            "asset.archive",
            target_type="Asset",
            target_id=asset.id,
            diff=changes({"archived": False}, {"archived": True}),
        )
        await emit(actor, AssetArchived(asset_id=encode_id("Asset", asset.id)))
    return asset


async def restrict_asset(actor: Actor, *, asset_id: UUID, restricted: bool) -> Asset:
    """Open the asset's actions only to admins and to ALLOW grants (access/), or to every role."""
    require(actor, Permission.MANAGE_GRANTS)
    async with atomic():
        asset = await Asset.get_scoped(actor, asset_id, for_update=True)
        before = asset.restricted
        asset.restricted = restricted
        await asset.save(update_fields=["restricted", "updated_at"])
        await record_audit(
            actor,
            "asset.restrict",
            target_type="Asset",
            target_id=asset.id,
            diff={"before": {"restricted": before}, "after": {"restricted": restricted}},
        )
    return asset


async def lock_asset(actor: Actor, asset_id: UUID) -> Asset:
    """The asset, locked until the enclosing transaction ends (access's AssetLocker)."""
    return await Asset.get_scoped(actor, asset_id, for_update=True)
