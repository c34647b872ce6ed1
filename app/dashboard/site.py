"""The dashboard's shared parts, built once by create_app: the schema it runs operations on, the
builder of the GraphQL context they run with, the settings, the loaded operations and the
templates.

The dashboard is a client of the GraphQL schema, and api (which owns the context) is its
neighbour: neither imports the other. create_app hands both the schema and api's context builder
over when it creates the Dashboard, and the dashboard knows of the context only the little it
uses (OperationContext)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from jinja2 import pass_context
from jinja2.runtime import Context as TemplateContext
from starlette.requests import HTTPConnection
from starlette.templating import Jinja2Templates
from strawberry import Schema

from app.core.actor import Actor
from app.dashboard.operations import Operation, load_operations
from app.settings import Settings

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "web" / "templates"


@pass_context
def _path_for(context: TemplateContext, name: str, /, **path_params: object) -> str:
    """url_for in templates gives the path alone: links stay right behind any proxy."""
    request: HTTPConnection = context["request"]
    return str(request.app.url_path_for(name, **path_params))


def _pretty_json(value: object) -> str:
    """JSON as people read it, a key a line; the template escapes it as any text."""
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)


def _timestamp(value: str) -> str:
    """A GraphQL DateTime as people read it: 2026-11-22 14:03 UTC."""
    return datetime.fromisoformat(value).astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


class OperationContext(Protocol):
    """The GraphQL context of the operations the dashboard runs (app/api/context.py's Context)."""

    signed_in_actor: Actor | None

    def clear_loaders(self) -> None: ...


# The context of a request's operations, signed in with the session token of its cookie, if any.
ContextBuilder = Callable[[HTTPConnection, Settings, str | None], Awaitable[OperationContext]]


@dataclass(frozen=True)
class Dashboard:
    schema: Schema
    build_context: ContextBuilder
    settings: Settings
    operations: dict[str, Operation]
    templates: Jinja2Templates

    @classmethod
    def create(cls, schema: Schema, build_context: ContextBuilder, settings: Settings) -> Dashboard:
        templates = Jinja2Templates(directory=TEMPLATES_DIR)
        templates.env.globals["url_for"] = _path_for
        templates.env.filters["timestamp"] = _timestamp
        templates.env.filters["pretty_json"] = _pretty_json
        return cls(
            schema=schema,
            build_context=build_context,
            settings=settings,
            operations=load_operations(schema._schema),
            templates=templates,
        )


def dashboard_of(connection: HTTPConnection) -> Dashboard:
    dashboard: Dashboard = connection.app.state.dashboard
    return dashboard
