"""Model prices: what each model costs the tenant per million input and output tokens, set by
admins. A run's cost is its tokens times its model's prices, 0 for a model without one."""

from __future__ import annotations

import math
from uuid import UUID

from tortoise.exceptions import IntegrityError

from app.core.actor import Actor
from app.core.audit import record_audit
from app.core.errors import BadUserInput, Conflict, NotFound
from app.core.permissions import Permission, require
from app.core.transactions import atomic
from app.providers.models import ModelPrice

MAX_MODEL_CHARS = 200
MAX_PRICE = 1_000_000.0  # per million tokens: far past any real model's


async def list_prices(actor: Actor) -> list[ModelPrice]:
    require(actor, Permission.READ_PROMPT_RUNS)
    found: list[ModelPrice] = await ModelPrice.scoped(actor).order_by("model")
    return found


def _model_name(model: str) -> str:
    model = model.strip()
    if not 0 < len(model) <= MAX_MODEL_CHARS:
        raise BadUserInput(f"model must be 1 to {MAX_MODEL_CHARS} characters", field="model")
    return model


def _price(value: float, field: str) -> float:
    if not (math.isfinite(value) and 0 <= value <= MAX_PRICE):
        raise BadUserInput(f"{field} must be a number from 0 to {MAX_PRICE:.0f}", field=field)
    return value


def _snapshot(price: ModelPrice) -> dict[str, object]:
    return {
        "model": price.model,
        "inputPerMillion": price.input_per_million,
        "outputPerMillion": price.output_per_million,
    }


async def set_price(
    actor: Actor, *, model: str, input_per_million: float, output_per_million: float
) -> ModelPrice:
    """Sets the model's prices, adding the model if it had none."""
    require(actor, Permission.MANAGE_MODEL_PRICES)
    model = _model_name(model)
    input_price = _price(input_per_million, "inputPerMillion")
    output_price = _price(output_per_million, "outputPerMillion")
    async with atomic():
        current = ModelPrice.scoped(actor).filter(model=model)
        price = await current.select_for_update(no_key=True).first()
        before = _snapshot(price) if price else None
        if price is None:
            price = ModelPrice(tenant_id=actor.tenant_id, model=model)
        price.input_per_million = input_price
        price.output_per_million = output_price
        try:
            await price.save()
        except IntegrityError as error:  # the same model added at the same moment
            raise Conflict(f"the price of '{model}' changed meanwhile: try again") from error
        await record_audit(
            actor,
            "model_price.set",
            target_type="ModelPrice",
            target_id=price.id,
            diff={"before": before, "after": _snapshot(price)},
        )
    return price


async def delete_price(actor: Actor, *, model: str) -> None:
    require(actor, Permission.MANAGE_MODEL_PRICES)
    async with atomic():
        price = await ModelPrice.scoped(actor).filter(model=model.strip()).first()
        if price is None:
            raise NotFound(f"no price for the model '{model.strip()}'")
        await price.delete()
        await record_audit(
            actor,
            "model_price.delete",
            target_type="ModelPrice",
            target_id=price.id,
            diff={"before": _snapshot(price)},
        )


async def cost_of(tenant_id: UUID, model: str, *, input_tokens: int, output_tokens: int) -> float:
    """What these tokens of `model` cost the tenant: 0 when the model has no price."""
    price = await ModelPrice.filter(tenant_id=tenant_id, model=model).first()
    if price is None:
        return 0.0
    return (
        input_tokens * price.input_per_million + output_tokens * price.output_per_million
    ) / 1_000_000
