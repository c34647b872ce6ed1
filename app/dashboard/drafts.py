"""A prompt being written, as the new-version form and the playground hold it: a format, a body
or message rows, a variables schema and a model configuration as JSON (fields `format`, `body`,
`messages-<n>-…`, `variables`, `modelConfig`)."""

from __future__ import annotations

import json
from typing import Any

from app.dashboard.forms import Form
from app.dashboard.message_rows import read_rows, rows_of, write_rows

JSON_FIELDS = ("variables", "modelConfig")


def pretty(value: Any) -> str:
    return json.dumps(value, indent=2, sort_keys=True) if value else ""


def json_fields(form: Form) -> dict[str, Any]:
    """The JSON text areas parsed; those that do not parse are refused beside their field."""
    parsed: dict[str, Any] = {}
    for name in JSON_FIELDS:
        text = form.value(name)
        try:
            parsed[name] = json.loads(text) if text else None
        except json.JSONDecodeError as error:
            form.refuse(name, f"{name} is not valid JSON: {error.msg} (line {error.lineno})")
    return parsed


def write_draft(form: Form, version: dict[str, Any] | None) -> None:
    """Fills the draft's fields from a version (GraphQL's AssetVersion), or empties them."""
    version = version or {}
    chat = version.get("format") == "CHAT"
    form.values.update(
        {
            "format": version.get("format", "TEXT"),
            "body": "" if chat else version.get("body", ""),
            "variables": pretty(version.get("variables")),
            "modelConfig": pretty(version.get("modelConfig")),
        }
    )
    write_rows(form, rows_of(version.get("messages")))


def draft_messages(form: Form) -> list[dict[str, Any]] | None:
    """The message rows as PromptMessageInput; rows left blank are no messages."""
    return [row.as_input() for row in read_rows(form) if not row.blank] or None


def draft_input(form: Form) -> dict[str, Any]:
    """The draft as GraphQL's DraftInput; JSON that does not parse is refused on `form`."""
    parsed = json_fields(form)
    return {
        "format": form.value("format") or "TEXT",
        "body": form.value("body"),
        "messages": draft_messages(form),
        "variables": parsed.get("variables"),
        "modelConfig": parsed.get("modelConfig"),
    }


def draft_version(form: Form) -> dict[str, Any]:
    """The draft in the shape of a version, as far as what its variables are goes (bad JSON in
    the variables counts as no schema: it is refused when the draft is sent)."""
    try:
        variables = json.loads(form.value("variables") or "null")
    except json.JSONDecodeError:
        variables = None
    chat = form.value("format") == "CHAT"
    return {
        "format": "CHAT" if chat else "TEXT",
        "body": "" if chat else form.value("body"),
        "messages": draft_messages(form) if chat else None,
        "variables": variables if isinstance(variables, dict) else {},
    }


def move_model_config_errors(form: Form) -> None:
    """A refused setting (`modelConfig.temperature`) shows beside the JSON it is part of."""
    for name in [name for name in form.errors if name.startswith("modelConfig.")]:
        form.errors.setdefault("modelConfig", form.errors.pop(name))
