"""Rendering on the server: the SDK's strict renderer (promptvault_sdk.rendering, the one
implementation that the server and the SDK share), its refusals raised as the server's errors."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from promptvault_sdk import rendering as strict
from promptvault_sdk.errors import IncludeNotFound, RenderError
from promptvault_sdk.rendering import Template

from app.core.errors import BadUserInput, NotFound


@contextmanager
def _as_server_errors() -> Iterator[None]:
    try:
        yield
    except IncludeNotFound as error:
        raise NotFound(error.message) from error
    except RenderError as error:
        details = {"field": error.field}
        if error.variable is not None:
            details["variable"] = error.variable
        raise BadUserInput(error.message, **details) from error


def check_variables_schema(schema: Mapping[str, Any]) -> None:
    with _as_server_errors():
        strict.check_variables_schema(schema)


def render(
    root: Template,
    values: Mapping[str, Any],
    templates: Mapping[str, Template] | None = None,
) -> str:
    """The root's body with its placeholders and includes filled; `templates` holds the
    templates it includes, at any depth, by asset name."""
    with _as_server_errors():
        return strict.render(root, values, templates)
