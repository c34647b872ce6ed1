"""Every string of an operation, in its document or its variables, refused with BAD_USER_INPUT
when it holds a NUL: PostgreSQL refuses NUL in text, so a resolver would fail on it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import BREAK, DocumentNode, GraphQLError, StringValueNode, Visitor, visit
from strawberry.extensions import SchemaExtension

from app.core.validation import NUL, NUL_REFUSED, contains_nul


class _NulInStringLiterals(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found = False

    def enter_string_value(self, node: StringValueNode, *_: Any) -> object:
        if NUL in node.value:
            self.found = True
            return BREAK
        return None


def _document_holds_nul(query: str | None, document: DocumentNode | None) -> bool:
    # A literal holds a NUL only if the text has one or an escape (\u0000, \u{0}): most queries
    # skip the walk.
    if document is None or query is None or (NUL not in query and "\\u" not in query):
        return False
    visitor = _NulInStringLiterals()
    visit(document, visitor)
    return visitor.found


class RefuseNulBytes(SchemaExtension):
    """Runs with validation, so an operation holding a NUL never executes. List it after
    OperationLimits, which sets the validation errors that this adds to."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if contains_nul(context.variables) or _document_holds_nul(
            context.query, context.graphql_document
        ):
            refused = GraphQLError(NUL_REFUSED, extensions={"code": "BAD_USER_INPUT"})
            context.pre_execution_errors = [*(context.pre_execution_errors or []), refused]
        yield
