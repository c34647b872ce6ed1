"""Every GraphQL error leaves with extensions.code; anything unexpected leaves masked."""

from __future__ import annotations

import logging

from graphql.error import GraphQLError
from strawberry.extensions import MaskErrors

from app.core.errors import PromptvaultError

logger = logging.getLogger("promptvault.graphql")

INTERNAL_ERROR_MESSAGE = "Unexpected error; it has been logged."


def is_unexpected(error: GraphQLError) -> bool:
    """A failure inside a resolver that no domain error explains: a bug, never shown to clients."""
    original = error.original_error
    return (
        error.path is not None
        and original is not None
        and not isinstance(original, (PromptvaultError, GraphQLError))
        and not (error.extensions or {}).get("code")
    )


def _with_code(error: GraphQLError, code: str, message: str | None = None) -> GraphQLError:
    return GraphQLError(
        message=message or error.message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions={**(error.extensions or {}), "code": code},
    )


class ErrorCodes(MaskErrors):
    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        return [self._classify(error) for error in errors]

    def _classify(self, error: GraphQLError) -> GraphQLError:
        if is_unexpected(error):
            return _with_code(error, "INTERNAL_SERVER_ERROR", INTERNAL_ERROR_MESSAGE)
        if (error.extensions or {}).get("code"):
            return error
        # No code and not a bug: the document or its variables were refused before execution.
        return _with_code(error, "BAD_USER_INPUT")


def rate_limited(retry_after: int) -> GraphQLError:
    return GraphQLError(
        f"the tenant's GraphQL rate limit is reached; retry in {retry_after} s",
        extensions={"code": "RATE_LIMITED", "retryAfter": retry_after},
    )


def log_unexpected_errors(errors: list[GraphQLError]) -> None:
    for error in errors:
        if is_unexpected(error):
            logger.error("unexpected error at %s", error.path, exc_info=error.original_error)
