"""Prompt references: which versions include which assets (`{{> name}}`), and so what a change to
an asset affects."""

from __future__ import annotations

from uuid import UUID

from promptvault_sdk.rendering import includes_of
from tortoise.functions import Max

from app.core.actor import Actor
from app.core.errors import BadUserInput
from app.registry.models import Asset, AssetReference, AssetVersion
from app.registry.rendering import version_template


async def record_references(asset: Asset, version: AssetVersion) -> None:
    """Write the version's includes (of its body, or of its messages' contents). Call in the
    transaction that creates the version."""
    names = includes_of(version_template(asset.name, version))
    if asset.name in names:
        raise BadUserInput(
            f"'{asset.name}' cannot include itself",
            field="body" if version.messages is None else "messages",
        )
    await AssetReference.bulk_create(
        [
            AssetReference(
                tenant_id=version.tenant_id,
                version_id=version.id,
                asset_id=asset.id,
                referenced_name=name,
            )
            for name in names
        ]
    )


async def dependents(actor: Actor, *, asset_id: UUID) -> list[Asset]:
    """The tenant's live assets whose latest version includes this asset."""
    asset = await Asset.get_scoped(actor, asset_id)
    including = (
        await AssetReference.scoped(actor)
        .filter(referenced_name=asset.name)
        .values_list("asset_id", "version__number")
    )
    if not including:
        return []
    newest = dict(
        await AssetVersion.scoped(actor)
        .filter(asset_id__in={asset_id for asset_id, _ in including})
        .group_by("asset_id")
        .annotate(newest=Max("number"))
        .values_list("asset_id", "newest")
    )
    wanted = {asset_id for asset_id, number in including if newest[asset_id] == number}
    return await Asset.scoped(actor).filter(id__in=wanted, archived=False).order_by("name")
