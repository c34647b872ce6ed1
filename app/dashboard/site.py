"""The dashboard's shared parts, built once by create_app: the schema it runs operations on, the
settings, the loaded operations and the templates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import pass_context
from jinja2.runtime import Context as TemplateContext
from starlette.requests import HTTPConnection
from starlette.templating import Jinja2Templates
from strawberry import Schema

from app.dashboard.operations import Operation, load_operations
from app.settings import Settings

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "web" / "templates"


@pass_context
def _path_for(context: TemplateContext, name: str, /, **path_params: object) -> str:
    """url_for in templates gives the path alone: links stay right behind any proxy."""
    request: HTTPConnection = context["request"]
    return str(request.app.url_path_for(name, **path_params))


def _timestamp(value: str) -> str:
    """A GraphQL DateTime as people read it: 2026-11-22 14:03 UTC."""
    return datetime.fromisoformat(value).astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


@dataclass(frozen=True)
class Dashboard:
    schema: Schema
    settings: Settings
    operations: dict[str, Operation]
    templates: Jinja2Templates

    @classmethod
    def create(cls, schema: Schema, settings: Settings) -> Dashboard:
        templates = Jinja2Templates(directory=TEMPLATES_DIR)
        templates.env.globals["url_for"] = _path_for
        templates.env.filters["timestamp"] = _timestamp
        return cls(
            schema=schema,
            settings=settings,
            operations=load_operations(schema._schema),
            templates=templates,
        )


def dashboard_of(connection: HTTPConnection) -> Dashboard:
    dashboard: Dashboard = connection.app.state.dashboard
    return dashboard
