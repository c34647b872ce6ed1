"""Bases shared by every domain's models."""

from __future__ import annotations

from typing import Any, Self
from uuid import UUID

from tortoise import fields
from tortoise.models import Model
from tortoise.queryset import QuerySet

from app.core.actor import Actor
from app.core.errors import NotFound


class TimestampedModel(Model):
    id = fields.UUIDField(primary_key=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        abstract = True


class TenantScoped(TimestampedModel):
    """A row owned by one tenant. Query it only through `scoped` and `get_scoped`."""

    tenant_id: UUID
    tenant: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "models.Tenant", related_name=False, on_delete=fields.CASCADE, db_index=True
    )

    class Meta:
        abstract = True

    @classmethod
    def scoped(cls, actor: Actor) -> QuerySet[Self]:
        return cls.filter(tenant_id=actor.tenant_id)

    @classmethod
    async def get_scoped(cls, actor: Actor, id: UUID, *, for_update: bool = False) -> Self:
        """The row of the actor's tenant with this id; another tenant's row does not exist."""
        query = cls.scoped(actor).filter(id=id)
        if for_update:
            # NO KEY: keys never change, and it leaves foreign-key inserts elsewhere unblocked.
            query = query.select_for_update(no_key=True)
        found = await query.first()
        if found is None:
            raise NotFound(f"{cls.__name__} not found")
        return found
