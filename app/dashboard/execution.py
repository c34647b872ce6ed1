"""Runs a named operation through the GraphQL schema in-process, as the user of the session
cookie, with the context that api builds for it (handed over by create_app: see site.py)."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError
from starlette.requests import Request

from app.core.actor import Actor
from app.dashboard.site import OperationContext, dashboard_of
from app.identity.service import session_token

_CONTEXT = "promptvault.dashboard.context"


class OperationFailed(Exception):
    """GraphQL refused the operation; `code` is the first error's extensions.code."""

    def __init__(self, operation: str, errors: list[GraphQLError]) -> None:
        first = errors[0]
        super().__init__(f"{operation}: {first.message}")
        self.code: str = (first.extensions or {}).get("code") or "INTERNAL_SERVER_ERROR"
        self.message = first.message
        self.errors = errors

    @property
    def field_errors(self) -> dict[str, str]:
        """The messages of errors that name the input field they refuse, by field."""
        found: dict[str, str] = {}
        for error in self.errors:
            field = (error.extensions or {}).get("field")
            if isinstance(field, str):
                found.setdefault(field, error.message)
        return found


async def _context(request: Request) -> OperationContext:
    """One context per request: the session is checked once, however many operations run."""
    context: OperationContext | None = request.scope.get(_CONTEXT)
    if context is None:
        dashboard = dashboard_of(request)
        context = await dashboard.build_context(request, dashboard.settings, session_token(request))
        request.scope[_CONTEXT] = context
    # What an earlier operation of this request loaded may have changed since.
    context.clear_loaders()
    return context


async def signed_in_actor(request: Request) -> Actor | None:
    """Who the session cookie signs in, if anyone: checked as for the request's operations."""
    return (await _context(request)).signed_in_actor


def acting_superadmin(request: Request) -> bool:
    """Whether the operations this request already ran were a platform superadmin's."""
    context: OperationContext | None = request.scope.get(_CONTEXT)
    return bool(context and context.signed_in_actor and context.signed_in_actor.is_superadmin)


async def run_operation(
    request: Request, name: str, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The operation's data; raises OperationFailed with GraphQL's errors."""
    dashboard = dashboard_of(request)
    result = await dashboard.schema.execute(
        dashboard.operations[name].document,
        variable_values=variables,
        context_value=await _context(request),
        operation_name=name,
    )
    if result.errors:
        raise OperationFailed(name, result.errors)
    assert result.data is not None
    return result.data
