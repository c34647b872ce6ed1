"""How far an API key's operation reaches. The root field names the scope it needs
(permissions.py); below it a key reads the leaf fields of what the operation answers, and follows
only the object fields that are part of that answer. Any other object field (a version's asset or
author, an asset's versions, grants, users) needs a signed-in user however it is reached, through
fragments or aliases included: the whole operation is refused with FORBIDDEN before it runs, so a
refused mutation changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import (
    BREAK,
    SKIP,
    DocumentNode,
    FieldNode,
    GraphQLError,
    GraphQLSchema,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    get_named_type,
    is_leaf_type,
    visit,
)
from strawberry.extensions import SchemaExtension

# (type, field): the objects that an answer to a key holds. The rest of the graph is for users.
API_KEY_EDGES = frozenset(
    {
        ("ResolvedPrompt", "version"),
        ("RenderedPrompt", "version"),
        ("ActivationEvent", "asset"),
        ("ActivationEvent", "version"),
        ("ActivationEvent", "previousVersion"),
        # The runtime's event stream names who activated, as this event does.
        ("ActivationEvent", "actor"),
    }
)


class _FirstFieldBeyondReach(Visitor):
    def __init__(self, schema: GraphQLSchema, type_info: TypeInfo) -> None:
        super().__init__()
        self.type_info = type_info
        self.roots = {schema.query_type, schema.mutation_type, schema.subscription_type}
        self.found: tuple[str, FieldNode] | None = None

    def enter_field(self, node: FieldNode, *_: Any) -> Any:
        name = node.name.value
        if name.startswith("__"):
            return SKIP  # __typename, and introspection, which reads no data
        parent = self.type_info.get_parent_type()
        definition = self.type_info.get_field_def()
        if parent is None or definition is None or parent in self.roots:
            return None  # a root field: its permission class decides
        if is_leaf_type(get_named_type(definition.type)) or (parent.name, name) in API_KEY_EDGES:
            return None
        self.found = (f"{parent.name}.{name}", node)
        return BREAK


def refuse_beyond_reach(schema: GraphQLSchema, document: DocumentNode) -> None:
    type_info = TypeInfo(schema)
    visitor = _FirstFieldBeyondReach(schema, type_info)
    visit(document, TypeInfoVisitor(type_info, visitor))
    if visitor.found is not None:
        field, node = visitor.found
        raise GraphQLError(
            f"API keys read only what their operation answers: {field} needs a signed-in user",
            nodes=node,
            extensions={"code": "FORBIDDEN"},
        )


class ApiKeyReach(SchemaExtension):
    """Checks an API key's document before it runs; users' documents are not walked."""

    def on_execute(self) -> Iterator[None]:
        actor = getattr(self.execution_context.context, "signed_in_actor", None)
        document = self.execution_context.graphql_document
        if actor is not None and actor.is_api_key and document is not None:
            refuse_beyond_reach(self.execution_context.schema._schema, document)
        yield
