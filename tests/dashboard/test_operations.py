"""The dashboard runs named operations from graphql/operations: every file validates against the
schema, and every operation has a name of its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.api.schema import build_schema
from app.dashboard.operations import (
    OperationFileError,
    load_operations,
    operation_files,
    validation_errors,
)
from app.settings import load_settings

SCHEMA = build_schema(load_settings())._schema


@pytest.mark.parametrize("path", operation_files(), ids=lambda path: path.name)
def test_every_operation_file_validates_against_the_schema(path: Path) -> None:
    assert validation_errors(SCHEMA, path) == []


def test_the_operations_load_by_name() -> None:
    operations = load_operations(SCHEMA)
    assert {"AssetList", "AssetPage", "CreateVersion", "ActivateVersion", "SignIn"} <= set(
        operations
    )
    assert all(name in operations[name].document for name in operations)


def test_an_operation_that_does_not_validate_stops_the_start(tmp_path: Path) -> None:
    (tmp_path / "broken.graphql").write_text("query Broken { assets { noSuchField } }")
    with pytest.raises(OperationFileError, match="noSuchField"):
        load_operations(SCHEMA, tmp_path)


def test_an_operation_needs_a_name_of_its_own(tmp_path: Path) -> None:
    (tmp_path / "a.graphql").write_text("query Me { me { email } }")
    (tmp_path / "b.graphql").write_text("query Me { me { role } }")
    with pytest.raises(OperationFileError, match="Me is also in"):
        load_operations(SCHEMA, tmp_path)
    (tmp_path / "b.graphql").write_text("{ me { role } }")
    with pytest.raises(OperationFileError, match="needs a name"):
        load_operations(SCHEMA, tmp_path)
