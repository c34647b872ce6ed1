"""Versions: immutable snapshots of an asset's body, variables and model settings."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any
from uuid import UUID

from tortoise.expressions import Q
from tortoise.functions import Max

from app.access.models import AssetAction
from app.access.service import require_asset_action
from app.core.actor import Actor
from app.core.audit import record_audit
from app.core.errors import Conflict
from app.core.events import VersionCreated, emit
from app.core.ids import encode_id
from app.core.pagination import Page, paginate
from app.core.permissions import Permission, require
from app.core.transactions import atomic
from app.core.validation import bounded_text
from app.registry import line_diff
from app.registry.models import Asset, AssetVersion
from app.registry.rendering import check_variables_schema
from app.registry.service import validation
from app.registry.service.references import record_references


@dataclass(frozen=True)
class VersionDiff:
    source: AssetVersion
    target: AssetVersion
    unified: str


def content_hash(body: str, variables: dict[str, Any], model_settings: dict[str, Any]) -> str:
    canonical = json.dumps(
        {"body": body, "variables": variables, "model_config": model_settings},
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _types(spec: Any) -> set[str] | None:
    """The JSON types a property accepts; None for any."""
    kind = spec.get("type") if isinstance(spec, dict) else None
    if kind is None:
        return None
    return {kind} if isinstance(kind, str) else set(kind)


def _properties(schema: dict[str, Any]) -> dict[str, Any]:
    properties = schema.get("properties")
    return properties if isinstance(properties, dict) else {}


def _accepts(new: set[str] | None, old: set[str] | None) -> bool:
    if new is None:
        return True
    if old is None:
        return False
    return all(kind in new or (kind == "integer" and "number" in new) for kind in old)


def breaks_callers(previous: dict[str, Any], current: dict[str, Any]) -> bool:
    """True when `current` drops or retypes a variable that `previous` required: a caller that
    rendered the previous version would be refused. Widening a type breaks nothing."""
    old_properties = _properties(previous)
    new_properties = _properties(current)
    required = previous.get("required")
    for name in required if isinstance(required, list) else []:
        if name not in new_properties:
            return True
        if not _accepts(_types(new_properties[name]), _types(old_properties.get(name))):
            return True
    return False


async def create_version(
    actor: Actor,
    *,
    asset_id: UUID,
    body: str,
    variables: Any = None,
    model_settings: Any = None,
    message: str = "",
    semver: str | None = None,
) -> AssetVersion:
    require(actor, Permission.EDIT_ASSETS)
    body = validation.body(body)
    clean_variables = validation.json_object(variables, field="variables")
    check_variables_schema(clean_variables)
    clean_settings = validation.json_object(model_settings, field="modelConfig")
    message = bounded_text(message, field="message", max_chars=2000)
    semver = validation.semver(semver)
    async with atomic():
        # The asset row lock orders concurrent createVersion calls, so numbers never collide.
        asset = await Asset.get_scoped(actor, asset_id, for_update=True)
        await require_asset_action(actor, asset, AssetAction.EDIT)
        if asset.archived:
            raise Conflict(f"asset '{asset.name}' is archived")
        latest = await AssetVersion.filter(asset_id=asset.id).order_by("-number").first()
        version = await AssetVersion.create(
            tenant_id=actor.tenant_id,
            asset_id=asset.id,
            number=latest.number + 1 if latest else 1,
            body=body,
            variables=clean_variables,
            model_settings=clean_settings,
            author_id=actor.user_id,
            message=message,
            semver=semver,
            content_hash=content_hash(body, clean_variables, clean_settings),
            breaking=latest is not None and breaks_callers(latest.variables, clean_variables),
        )
        await record_references(asset, version)
        await asset.save(update_fields=["updated_at"])
        await record_audit(
            actor,
            "version.create",
            target_type="AssetVersion",
            target_id=version.id,
            diff={
                "after": {
                    "asset": asset.name,
                    "number": version.number,
                    "content_hash": version.content_hash,
                    "breaking": version.breaking,
                }
            },
        )
        await emit(
            actor,
            VersionCreated(
                asset_id=encode_id("Asset", asset.id),
                version_id=encode_id("AssetVersion", version.id),
                version=version.number,
            ),
        )
    return version


async def get_version(actor: Actor, id: UUID) -> AssetVersion:
    return await AssetVersion.get_scoped(actor, id)


async def latest_versions(actor: Actor, asset_ids: list[UUID]) -> dict[UUID, AssetVersion]:
    """The newest version of each asset that has one."""
    newest = (
        await AssetVersion.scoped(actor)
        .filter(asset_id__in=asset_ids)
        .group_by("asset_id")
        .annotate(newest=Max("number"))
        .values("asset_id", "newest")
    )
    if not newest:
        return {}
    wanted = reduce(or_, (Q(asset_id=row["asset_id"], number=row["newest"]) for row in newest))
    versions = await AssetVersion.scoped(actor).filter(wanted)
    return {version.asset_id: version for version in versions}


async def list_versions(
    actor: Actor, *, asset_id: UUID, first: int | None, after: str | None
) -> Page[AssetVersion]:
    versions = AssetVersion.scoped(actor).filter(asset_id=asset_id)
    return await paginate(versions, order=("-number",), first=first, after=after)


async def diff_versions(actor: Actor, *, from_id: UUID, to_id: UUID) -> VersionDiff:
    source = await AssetVersion.get_scoped(actor, from_id)
    target = await AssetVersion.get_scoped(actor, to_id)
    assets = {
        a.id: a.name
        for a in await Asset.scoped(actor).filter(id__in=[source.asset_id, target.asset_id])
    }
    lines = line_diff.unified_diff(
        source.body.splitlines(keepends=True),
        target.body.splitlines(keepends=True),
        fromfile=f"{assets[source.asset_id]}@v{source.number}",
        tofile=f"{assets[target.asset_id]}@v{target.number}",
    )
    unified = "".join(line if line.endswith("\n") else line + "\n" for line in lines)
    return VersionDiff(source=source, target=target, unified=unified)
