"""Versions: immutable snapshots of an asset's body (text) or messages (chat), variables and model
configuration; their content hash, breaking changes and diffs."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any
from uuid import UUID

from promptvault_sdk.rendering import transcript
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
from app.registry.breaking import breaks_callers
from app.registry.models import Asset, AssetVersion, PromptFormat
from app.registry.rendering import check_variables_schema, version_template
from app.registry.service import validation
from app.registry.service.references import record_references


@dataclass(frozen=True)
class VersionDiff:
    source: AssetVersion
    target: AssetVersion
    unified: str


def content_hash(
    body: str,
    variables: dict[str, Any],
    model_settings: dict[str, Any],
    *,
    format: PromptFormat = PromptFormat.TEXT,
    messages: list[dict[str, Any]] | None = None,
) -> str:
    """A digest of what a version holds. A text version's canonical form predates chat versions
    and stays as it was, so its hash does too; a chat version's adds its format and messages."""
    content: dict[str, Any] = {"body": body, "variables": variables, "model_config": model_settings}
    if format == PromptFormat.CHAT:
        content |= {"format": str(format), "messages": messages}
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


async def create_version(
    actor: Actor,
    *,
    asset_id: UUID,
    body: str,
    variables: Any = None,
    model_settings: Any = None,
    message: str = "",
    semver: str | None = None,
    format: PromptFormat = PromptFormat.TEXT,
    messages: Sequence[Mapping[str, Any]] | None = None,
) -> AssetVersion:
    """A new version of the asset: TEXT with a body, or CHAT with messages (its body is then
    their transcript); `messages` are `{"role", "content", "placeholder"}`."""
    require(actor, Permission.EDIT_ASSETS)
    format = PromptFormat(format)
    chat = validation.messages(format, messages)
    stored_messages = None if chat is None else [message.to_json() for message in chat]
    if stored_messages is None:
        body = validation.body(body)
    else:
        body = validation.chat_body(body, transcript(stored_messages))
    clean_variables = validation.json_object(variables, field="variables")
    check_variables_schema(clean_variables)
    clean_settings = validation.model_config(model_settings)
    message = bounded_text(message, field="message", max_chars=2000)
    semver = validation.semver(semver)
    async with atomic():
        # The asset row lock orders concurrent createVersion calls, so numbers never collide.
        asset = await Asset.get_scoped(actor, asset_id, for_update=True)
        await require_asset_action(actor, asset, AssetAction.EDIT)
        if asset.archived:
            raise Conflict(f"asset '{asset.name}' is archived")
        latest = await AssetVersion.filter(asset_id=asset.id).order_by("-number").first()
        version = AssetVersion(
            tenant_id=actor.tenant_id,
            asset_id=asset.id,
            number=latest.number + 1 if latest else 1,
            format=format,
            body=body,
            messages=stored_messages,
            variables=clean_variables,
            model_settings=clean_settings,
            author_id=actor.user_id,
            message=message,
            semver=semver,
            content_hash=content_hash(
                body, clean_variables, clean_settings, format=format, messages=stored_messages
            ),
        )
        version.breaking = latest is not None and breaks_callers(
            version_template(asset.name, latest), version_template(asset.name, version)
        )
        await version.save()
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
                    "format": str(version.format),
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
        _readable(source, target).splitlines(keepends=True),
        _readable(target, source).splitlines(keepends=True),
        fromfile=f"{assets[source.asset_id]}@v{source.number}",
        tofile=f"{assets[target.asset_id]}@v{target.number}",
    )
    unified = "".join(line if line.endswith("\n") else line + "\n" for line in lines)
    return VersionDiff(source=source, target=target, unified=unified)


def _readable(version: AssetVersion, other: AssetVersion) -> str:
    """What a diff compares of `version` against `other`: its body, which for a chat version is
    its messages' transcript, one block per message under its role; then, when they differ, the
    format above and the model configuration below, as JSON a key a line."""
    text = version.body
    if version.format != other.format:
        text = f"format: {version.format.name}\n\n{text}"
    if version.model_settings != other.model_settings:
        config = json.dumps(version.model_settings, indent=2, sort_keys=True, ensure_ascii=False)
        text = f"{text}\n\nmodelConfig:\n{config}"
    return text
