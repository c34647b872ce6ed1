"""What one GraphQL operation may ask of the server, over HTTP and websockets alike.

Before it runs: its document holds at most `max_query_tokens` tokens (the parser stops there);
its fields, with fragments expanded, and their nesting are bounded before validation, whose cost
grows with them; its cost (app/api/query_weight.py) is bounded. After it ran, an answer larger
than `max_response_bytes` is replaced by an error, before it is encoded. Every refusal is a
GraphQL error with the code BAD_USER_INPUT. The extension also caches parsed documents and
validation results, which dominate the time of small queries.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from graphql import DocumentNode, ExecutionResult, GraphQLError, parse
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

from app.api.query_weight import NestedTooDeeply, weigh
from app.core.pagination import DEFAULT_PAGE_SIZE
from app.settings import Settings

# Selections and fragment spreads nest at most this deep. Clients meet the depth limit (fields
# only) long before; this bound keeps the recursive validation rules far from Python's limit.
MAX_NESTING = 64
CACHE_SIZE = 256
# Longer documents are parsed each time: a cache of a few hundred megabyte-long strings would
# hold memory that nothing bounds.
CACHED_QUERY_CHARS = 16_384
# What JSON spends on a value other than a string beside its text, roughly.
JSON_VALUE_BYTES = 8


@lru_cache(maxsize=CACHE_SIZE)
def _parsed(query: str, max_tokens: int) -> DocumentNode | None:
    """None when the document does not parse: strawberry parses it again and answers the
    syntax error as a GraphQL error (an error raised from here would leave without its code)."""
    try:
        return parse(query, max_tokens=max_tokens)
    except GraphQLError:
        return None


_validated = lru_cache(maxsize=CACHE_SIZE)(validate_document)


def refused(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": "BAD_USER_INPUT"})


class OperationLimits(SchemaExtension):
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        context.parse_options["max_tokens"] = self.settings.max_query_tokens
        if isinstance(context.query, str) and len(context.query) <= CACHED_QUERY_CHARS:
            context.graphql_document = _parsed(context.query, self.settings.max_query_tokens)
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        assert context.graphql_document is not None
        refusal = self._over_weight(context.graphql_document)
        context.pre_execution_errors = (
            [refusal]
            if refusal
            else list(
                _validated(
                    context.schema._schema, context.graphql_document, context.validation_rules
                )
            )
        )
        yield

    def on_execute(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        limit = self.settings.max_response_bytes
        if isinstance(result, ExecutionResult) and _exceeds(result.data, limit):
            result.data = None
            result.errors = [
                refused(f"the answer would exceed {limit} bytes: ask for fewer items or fields")
            ]

    def _over_weight(self, document: DocumentNode) -> GraphQLError | None:
        context = self.execution_context
        settings = self.settings
        try:
            weight = weigh(
                document,
                context.schema._schema,
                operation_name=context.operation_name,
                # Over a websocket nothing has checked the variables' shape yet.
                variables=context.variables if isinstance(context.variables, dict) else None,
                list_size=DEFAULT_PAGE_SIZE,
                max_nesting=MAX_NESTING,
            )
        except NestedTooDeeply:
            return refused(f"selections and fragments nest more than {MAX_NESTING} deep")
        if weight.fields > settings.max_query_fields:
            return refused(
                f"the query selects {weight.fields} fields once its fragments are expanded; "
                f"at most {settings.max_query_fields} are allowed"
            )
        if weight.cost > settings.max_query_cost:
            return refused(
                f"the query's cost is {weight.cost}, over the limit of {settings.max_query_cost}: "
                "each page multiplies the cost of what it selects; ask for smaller pages, "
                "fewer nested pages or fewer fields"
            )
        return None


def _exceeds(data: object, limit: int) -> bool:
    """Whether the JSON of `data` would be longer than `limit`, estimated without encoding it
    and given up as soon as it is."""
    size = 0
    waiting = [data]
    while waiting:
        value = waiting.pop()
        if isinstance(value, str):
            size += len(value) + 2
        elif isinstance(value, dict):
            size += sum(len(key) + 3 for key in value)
            waiting.extend(value.values())
        elif isinstance(value, list):
            size += len(value) + 1
            waiting.extend(value)
        else:
            size += JSON_VALUE_BYTES
        if size > limit:
            return True
    return False
