"""The named operations of graphql/operations, loaded, parsed and validated once at start.

The dashboard runs nothing else: every page reads and changes through the GraphQL schema, so it
can show or change no more than GraphQL's permissions allow."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graphql import GraphQLSchema, OperationDefinitionNode, parse, validate

OPERATIONS_DIR = Path(__file__).resolve().parents[2] / "graphql" / "operations"


class OperationFileError(RuntimeError):
    pass


@dataclass(frozen=True)
class Operation:
    name: str
    # The whole file the operation is defined in, sent with the operation's name: the schema's
    # parser and validation caches then hold one entry per file.
    document: str
    path: Path


def operation_files(directory: Path = OPERATIONS_DIR) -> list[Path]:
    return sorted(directory.rglob("*.graphql"))


def validation_errors(schema: GraphQLSchema, path: Path) -> list[str]:
    return [error.message for error in validate(schema, parse(path.read_text()))]


def load_operations(
    schema: GraphQLSchema, directory: Path = OPERATIONS_DIR
) -> dict[str, Operation]:
    """Every named operation by name; a file that does not validate stops the start."""
    operations: dict[str, Operation] = {}
    for path in operation_files(directory):
        if errors := validation_errors(schema, path):
            raise OperationFileError(f"{path} does not validate: {'; '.join(errors)}")
        source = path.read_text()
        for definition in parse(source).definitions:
            if not isinstance(definition, OperationDefinitionNode):
                continue
            if definition.name is None:
                raise OperationFileError(f"{path}: every operation needs a name")
            name = definition.name.value
            if name in operations:
                raise OperationFileError(f"{path}: {name} is also in {operations[name].path}")
            operations[name] = Operation(name=name, document=source, path=path)
    return operations
