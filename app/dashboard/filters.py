"""Pages that list with filters the user chose: when GraphQL refuses a filter (a bad cursor, a
status that does not exist), the page shows the filters with the reason beside them, and no
rows."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from app.dashboard.execution import run_operation
from app.dashboard.forms import Form

# A filter naming nothing that exists (an unknown actor id) is refused as NOT_FOUND.
FILTER_REFUSALS = frozenset({"BAD_USER_INPUT", "NOT_FOUND"})


async def filtered(
    request: Request, operation: str, variables: dict[str, Any], filters: Form
) -> dict[str, Any]:
    """The operation's data, or, when GraphQL refuses the filters, the signed-in user alone (the
    layout needs them) and the refusal set on `filters`."""
    data = await filters.submit(request, operation, variables, inline=FILTER_REFUSALS)
    return data if data is not None else await run_operation(request, "SignedInUser")


def edges(data: dict[str, Any], field: str) -> list[dict[str, Any]]:
    """The nodes of the connection `field`, none when it was not fetched."""
    connection = data.get(field) or {"edges": []}
    return [edge["node"] for edge in connection["edges"]]
