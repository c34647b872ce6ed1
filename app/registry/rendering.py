"""Rendering on the server: the SDK's strict renderer (promptvault_sdk.rendering, the one
implementation that the server and the SDK share), its refusals raised as the server's errors."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from promptvault_sdk import rendering as strict
from promptvault_sdk.errors import IncludeNotFound, RenderError
from promptvault_sdk.rendering import Message, Template

from app.core.errors import BadUserInput, NotFound
from app.registry.models import AssetVersion


def version_template(name: str, version: AssetVersion) -> Template:
    """What rendering needs of a version of the asset `name`."""
    messages = None
    if version.messages is not None:
        messages = [Message.from_json(message) for message in version.messages]
    return Template(name=name, body=version.body, variables=version.variables, messages=messages)


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


def render_messages(
    root: Template,
    values: Mapping[str, Any],
    templates: Mapping[str, Template] | None = None,
) -> list[dict[str, str]]:
    """A chat prompt's messages rendered, each `{"role", "content"}` (roles lowercase)."""
    with _as_server_errors():
        return strict.render_messages(root, values, templates)
