"""How much a GraphQL document asks for, read before it is validated: validation itself costs
time in proportion to what a document selects once its fragments are expanded, and a fragment
spread twice in each of twenty fragments expands a million times.

- `fields`: the field selections of every operation, with every fragment expanded;
- `nesting`: how deep selections and fragment spreads nest;
- `cost`: the fields that the operation to run resolves, each counted once per object it is
  resolved on: a page of `first: 100` multiplies what it selects by 100, a page inside it
  multiplies again, and an alias selects again.

Each fragment is weighed once, so weighing is linear in the document whatever it expands to.
Names that the schema does not know weigh one each: validation refuses them afterwards.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValueNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
    is_list_type,
)

PAGE_ARGUMENTS = ("first", "last", "limit")


@dataclass(frozen=True, slots=True)
class Weight:
    fields: int = 0
    cost: int = 0
    nesting: int = 0

    def __add__(self, other: Weight) -> Weight:
        return Weight(
            self.fields + other.fields, self.cost + other.cost, max(self.nesting, other.nesting)
        )


class NestedTooDeeply(Exception):
    """Selections and fragment spreads nest deeper than the weighing follows."""


def weigh(
    document: DocumentNode,
    schema: GraphQLSchema,
    *,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
    list_size: int,
    max_nesting: int,
) -> Weight:
    """`list_size` is what a page without `first` and a plain list are taken to hold. Raises
    NestedTooDeeply past `max_nesting`."""
    scales = _Scales(document, schema, variables or {}, list_size, max_nesting)
    return scales.document(operation_name)


class _Scales:
    def __init__(
        self,
        document: DocumentNode,
        schema: GraphQLSchema,
        variables: Mapping[str, Any],
        list_size: int,
        max_nesting: int,
    ) -> None:
        self.definitions = document.definitions
        self.schema = schema
        self.variables = variables
        self.list_size = list_size
        self.max_nesting = max_nesting
        self.fragments = {
            definition.name.value: definition
            for definition in self.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }
        self.weighed: dict[str, Weight] = {}
        self.weighing: set[str] = set()

    def document(self, operation_name: str | None) -> Weight:
        operations = [
            definition
            for definition in self.definitions
            if isinstance(definition, OperationDefinitionNode)
        ]
        weights = [
            self.selections(
                operation.selection_set,
                self.schema.get_root_type(operation.operation),
                depth=1,
            )
            for operation in operations
        ]
        # Fragments weighed once are not walked again, so a chain of them is measured here.
        nesting = max((weight.nesting for weight in weights), default=0)
        if nesting > self.max_nesting:
            raise NestedTooDeeply
        to_run = [
            weight
            for operation, weight in zip(operations, weights, strict=True)
            if len(operations) == 1 or (operation.name and operation.name.value == operation_name)
        ]
        # No operation of that name: it will not run, but nothing says which one was meant.
        cost = max(weight.cost for weight in to_run or weights) if weights else 0
        return Weight(sum(weight.fields for weight in weights), cost, nesting)

    def selections(
        self, selection_set: SelectionSetNode, parent: GraphQLNamedType | None, *, depth: int
    ) -> Weight:
        if depth > self.max_nesting:
            raise NestedTooDeeply
        total = Weight()
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self.field(selection, parent, depth=depth)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self.schema.get_type(condition.name.value) if condition else parent
                total += self.selections(selection.selection_set, inner, depth=depth + 1)
            elif isinstance(selection, FragmentSpreadNode):
                total += self.fragment(selection.name.value, depth=depth)
        return Weight(total.fields, total.cost, total.nesting + 1)

    def field(self, node: FieldNode, parent: GraphQLNamedType | None, *, depth: int) -> Weight:
        if node.selection_set is None:
            return Weight(1, 1, 0)
        definition = _field_definition(parent, node.name.value)
        child = get_named_type(definition.type) if definition else None
        inner = self.selections(node.selection_set, child, depth=depth + 1)
        times = self.multiplier(node, definition, parent)
        return Weight(1 + inner.fields, 1 + times * inner.cost, inner.nesting)

    def fragment(self, name: str, *, depth: int) -> Weight:
        """A spread weighs what its fragment selects; a cycle weighs nothing here (validation
        refuses it)."""
        if name in self.weighed:
            return self.weighed[name]
        definition = self.fragments.get(name)
        if definition is None or name in self.weighing:
            return Weight()
        self.weighing.add(name)
        condition = self.schema.get_type(definition.type_condition.name.value)
        weight = self.selections(definition.selection_set, condition, depth=depth + 1)
        self.weighing.discard(name)
        self.weighed[name] = weight
        return weight

    def multiplier(
        self, node: FieldNode, definition: GraphQLField | None, parent: GraphQLNamedType | None
    ) -> int:
        """How many objects a field's selections are resolved on."""
        if definition is None:
            return 1
        if any(argument in definition.args for argument in PAGE_ARGUMENTS):
            given = [
                self.integer(argument.value)
                for argument in node.arguments or ()
                if argument.name.value in PAGE_ARGUMENTS
            ]
            sizes = [size for size in given if size is not None and size > 0]
            return max(sizes) if sizes else self.declared_page_size(definition)
        if is_list_type(get_nullable_type(definition.type)) and not _is_connection(parent):
            return self.list_size
        return 1

    def declared_page_size(self, definition: GraphQLField) -> int:
        for name in PAGE_ARGUMENTS:
            argument = definition.args.get(name)
            if argument is not None and _is_count(argument.default_value):
                return int(argument.default_value)
        return self.list_size

    def integer(self, value: ValueNode) -> int | None:
        if isinstance(value, IntValueNode):
            return int(value.value)
        if isinstance(value, VariableNode):
            given = self.variables.get(value.name.value)
            return given if _is_count(given) else None
        return None


def _field_definition(parent: GraphQLNamedType | None, name: str) -> GraphQLField | None:
    if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
        field: GraphQLField | None = parent.fields.get(name)
        return field
    return None


def _is_connection(parent: GraphQLNamedType | None) -> bool:
    """A connection's edges are its page, which the field that returned it already counted."""
    return parent is not None and parent.name.endswith("Connection")


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
