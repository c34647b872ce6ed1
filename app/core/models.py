"""Bases shared by every domain's models."""

from __future__ import annotations

import re
from typing import Any, Self
from uuid import UUID

from tortoise import fields
from tortoise.models import Model
from tortoise.queryset import QuerySet

from app.core.actor import Actor
from app.core.errors import BadUserInput, NotFound


class TimestampedModel(Model):
    id = fields.UUIDField(primary_key=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        abstract = True

    async def save(self, *args: Any, **kwargs: Any) -> None:
        _refuse_text_longer_than_its_column(self)
        await super().save(*args, **kwargs)


def _refuse_text_longer_than_its_column(row: Model) -> None:
    """The safety net under every service's own checks: too long a text is the client's error
    naming the field, not a failed INSERT."""
    for field in row._meta.fields_map.values():
        if not isinstance(field, fields.CharField):
            continue
        value = getattr(row, field.model_field_name, None)
        if isinstance(value, str) and len(value) > field.max_length:
            name = re.sub(r"_([a-z])", lambda match: match.group(1).upper(), field.model_field_name)
            raise BadUserInput(f"{name} must be at most {field.max_length} characters", field=name)


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
