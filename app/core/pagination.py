"""Keyset pagination behind Relay connections: opaque cursors, stable under inserts."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from tortoise.exceptions import ValidationError
from tortoise.expressions import Q
from tortoise.fields import Field
from tortoise.models import Model
from tortoise.queryset import QuerySet

from app.core.errors import BadUserInput

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Page(Generic[M]):
    items: list[M]
    cursors: list[str]
    has_next_page: bool

    @property
    def end_cursor(self) -> str | None:
        return self.cursors[-1] if self.cursors else None


def _encode(values: list[Any]) -> str:
    raw = json.dumps([str(value) if not isinstance(value, int) else value for value in values])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str, arity: int) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded))
    except (ValueError, TypeError) as error:
        raise BadUserInput("after is not a valid cursor") from error
    if not isinstance(values, list) or len(values) != arity:
        raise BadUserInput("after is not a valid cursor")
    return values


def _cursor_value(field: Field[Any], raw: Any) -> Any:
    """A cursor value as the field's type; a cursor that was tampered with is refused."""
    try:
        value = field.to_python_value(raw)
    except (ValueError, TypeError, ValidationError) as error:
        raise BadUserInput("after is not a valid cursor") from error
    if value is None:
        raise BadUserInput("after is not a valid cursor")
    return value


def _after_filter(model: type[Model], order: tuple[str, ...], values: list[Any]) -> Q:
    """(a, b) after (x, y) in the given order: a > x OR (a = x AND b > y), per direction."""
    fields_map = model._meta.fields_map
    condition: Q | None = None
    for position in reversed(range(len(order))):
        name = order[position].lstrip("-")
        operator = "lt" if order[position].startswith("-") else "gt"
        value = _cursor_value(fields_map[name], values[position])
        step = Q(**{f"{name}__{operator}": value})
        if condition is not None:
            step = step | Q(Q(**{name: value}), condition)
        condition = step
    assert condition is not None
    return condition


async def paginate(
    query: QuerySet[M], *, order: tuple[str, ...], first: int | None, after: str | None
) -> Page[M]:
    """One page of `query` sorted by `order`, whose last field must be unique."""
    first = DEFAULT_PAGE_SIZE if first is None else first
    if not 0 < first <= MAX_PAGE_SIZE:
        raise BadUserInput(f"first must be between 1 and {MAX_PAGE_SIZE}")
    if after:
        query = query.filter(_after_filter(query.model, order, _decode(after, len(order))))
    rows = await query.order_by(*order).limit(first + 1)
    items = rows[:first]
    cursors = [_encode([getattr(row, name.lstrip("-")) for name in order]) for row in items]
    return Page(items=items, cursors=cursors, has_next_page=len(rows) > first)
