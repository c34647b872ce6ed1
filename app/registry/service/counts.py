"""The registry's figures across every tenant, for the platform console's statistics."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.actor import Actor
from app.core.permissions import require_superadmin
from app.registry.models import Asset, AssetVersion


@dataclass(frozen=True)
class RegistryFigures:
    assets: int
    versions: int


async def registry_figures(actor: Actor) -> RegistryFigures:
    """Assets (archived ones too) and versions (drafts too) of every tenant: superadmins only."""
    require_superadmin(actor)
    return RegistryFigures(
        assets=await Asset.all().count(), versions=await AssetVersion.all().count()
    )
