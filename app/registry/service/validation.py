"""Checks on what users type into the registry, each naming the field it refuses: names, tags,
bodies, a chat version's messages and a version's model configuration."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from promptvault_sdk import schema_checks
from promptvault_sdk.rendering import Message

from app.core.errors import BadUserInput
from app.registry.models import MessageRole, PromptFormat

ASSET_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")
SEMVER = re.compile(r"^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$")
MAX_BODY_CHARS = 200_000
MAX_TAGS = 20
MAX_TAG_CHARS = 50
MAX_JSON_CHARS = 50_000
MAX_MESSAGES = 100
PLACEHOLDER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
MAX_STOP_SEQUENCES = 4
MAX_TOOLS = 128
TOOL_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def asset_name(name: str) -> str:
    name = name.strip()
    if not ASSET_NAME.match(name):
        raise BadUserInput(
            "name must be 1 to 100 lowercase letters, digits, '.', '_' or '-', "
            "starting with a letter or digit",
            field="name",
        )
    return name


def tags(values: list[str]) -> list[str]:
    cleaned = sorted({value.strip().lower() for value in values if value.strip()})
    if len(cleaned) > MAX_TAGS:
        raise BadUserInput(f"an asset takes at most {MAX_TAGS} tags", field="tags")
    for tag in cleaned:
        if len(tag) > MAX_TAG_CHARS:
            raise BadUserInput(f"a tag must be at most {MAX_TAG_CHARS} characters", field="tags")
    return cleaned


def body(value: str) -> str:
    if not value.strip():
        raise BadUserInput("body must not be empty", field="body")
    if len(value) > MAX_BODY_CHARS:
        raise BadUserInput(f"body must be at most {MAX_BODY_CHARS} characters", field="body")
    return value


def json_object(value: Any, *, field: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise BadUserInput(f"{field} must be a JSON object", field=field)
    if len(repr(value)) > MAX_JSON_CHARS:
        raise BadUserInput(f"{field} must be at most {MAX_JSON_CHARS} characters", field=field)
    return value


def semver(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    if not SEMVER.match(value.strip()):
        raise BadUserInput("semver must look like 1.2.3", field="semver")
    return value.strip()


def messages(
    format: PromptFormat, given: Sequence[Mapping[str, Any]] | None
) -> list[Message] | None:
    """A chat version's messages, checked (None for a text version): at least one; a role each;
    a placeholder message names its variable and has no content; any other message has content."""
    if format == PromptFormat.TEXT:
        if given:
            raise BadUserInput(
                "messages are for CHAT versions: give format CHAT, or a body without messages",
                field="messages",
            )
        return None
    if not given:
        raise BadUserInput("a CHAT version needs messages: at least one", field="messages")
    if len(given) > MAX_MESSAGES:
        raise BadUserInput(f"a version takes at most {MAX_MESSAGES} messages", field="messages")
    checked: list[Message] = []
    for index, message in enumerate(given):
        checked.append(_message(index, message, seen=[m.placeholder for m in checked]))
    if sum(len(message.content) for message in checked) > MAX_BODY_CHARS:
        raise BadUserInput(
            f"messages must hold at most {MAX_BODY_CHARS} characters in all", field="messages"
        )
    return checked


def _message(index: int, given: Mapping[str, Any], *, seen: list[str | None]) -> Message:
    def refusal(problem: str) -> BadUserInput:
        return BadUserInput(f"message {index + 1}: {problem}", field="messages", index=index)

    role = str(given.get("role") or "").lower()
    if role not in set(MessageRole):
        roles = ", ".join(role.name for role in MessageRole)
        raise refusal(f"role must be one of {roles}")
    content = given.get("content") or ""
    if not isinstance(content, str):
        raise refusal("content must be text")
    placeholder = (given.get("placeholder") or "").strip() or None
    if placeholder is None:
        if not content.strip():
            raise refusal("content must not be empty (or give a placeholder name)")
        return Message(role=role, content=content)
    if not PLACEHOLDER.match(placeholder):
        raise refusal(
            f"placeholder '{placeholder}' must be a variable name: a letter or '_', then"
            " letters, digits or '_' (at most 64)"
        )
    if content.strip():
        raise refusal(
            f"a placeholder message has no content: its messages come from '{placeholder}'"
            " at render time"
        )
    if placeholder in seen:
        raise refusal(f"placeholder '{placeholder}' is already used by an earlier message")
    return Message(role=role, content="", placeholder=placeholder)


def chat_body(body: str, transcript: str) -> str:
    """A chat version's body is its messages' transcript: a body given must be empty or that."""
    if body.strip() and body != transcript:
        raise BadUserInput(
            "a CHAT version keeps its content in messages: leave body empty", field="body"
        )
    return transcript


def model_config(value: Any) -> dict[str, Any]:
    """A version's model configuration, each key checked by MODEL_SETTINGS; a refusal names the
    key (`modelConfig.temperature must be between 0 and 2`)."""
    config = json_object(value, field="modelConfig")
    for key, setting in config.items():
        check = MODEL_SETTINGS.get(key)
        if check is None:
            known = ", ".join(MODEL_SETTINGS)
            raise BadUserInput(
                f"modelConfig.{key} is not a setting: use {known}", field=f"modelConfig.{key}"
            )
        if problem := check(setting):
            raise BadUserInput(f"modelConfig.{key} {problem}", field=f"modelConfig.{key}")
    return config


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _name(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "must be a non-empty string"
    return "must be at most 200 characters" if len(value) > 200 else None


def _between(low: float, high: float) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if not _is_number(value) or not low <= value <= high:
            return f"must be between {low:g} and {high:g}"
        return None

    return check


def _max_tokens(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return "must be a whole number of at least 1"
    return None


def _stop(value: Any) -> str | None:
    if not isinstance(value, list) or len(value) > MAX_STOP_SEQUENCES:
        return f"must be a list of at most {MAX_STOP_SEQUENCES} strings"
    if not all(isinstance(item, str) and item for item in value):
        return "must hold non-empty strings only"
    return None


def _json_schema(value: Any) -> str | None:
    """Why a value is not a JSON Schema object (the same checks as a variables schema), or None."""
    if not isinstance(value, dict):
        return "must be a JSON Schema (an object)"
    try:
        problem = schema_checks.schema_problem(value)
    except schema_checks.TooCostly:
        problem = f"it takes too long to check (over {schema_checks.CHECK_SECONDS:g} s)"
    return None if problem is None else f"must be a valid JSON Schema: {problem}"


def _tools(value: Any) -> str | None:
    if not isinstance(value, list) or len(value) > MAX_TOOLS:
        return f"must be a list of at most {MAX_TOOLS} function definitions"
    names: set[str] = set()
    for index, tool in enumerate(value):
        if problem := _tool(tool, names):
            return f"[{index}] {problem}"
    return None


def _tool(tool: Any, names: set[str]) -> str | None:
    shape = '{"type": "function", "function": {"name", "description", "parameters"}}'
    is_function = isinstance(tool, dict) and tool.get("type") == "function"
    if not is_function or set(tool) != {"type", "function"}:
        return f"must be {shape}"
    function = tool["function"]
    if not isinstance(function, dict):
        return f"must be {shape}"
    if unknown := sorted(set(function) - {"name", "description", "parameters"}):
        return f"function has an unknown key '{unknown[0]}'"
    name = function.get("name")
    if not isinstance(name, str) or not TOOL_NAME.match(name):
        return "function.name must be 1 to 64 letters, digits, '_' or '-'"
    if name in names:
        return f"function.name '{name}' is used by an earlier tool"
    names.add(name)
    if not isinstance(function.get("description", ""), str):
        return "function.description must be a string"
    if "parameters" in function and (problem := _json_schema(function["parameters"])):
        return f"function.parameters {problem}"
    return None


# Each setting a version's modelConfig may hold, and its check (what is wrong, or None).
MODEL_SETTINGS: dict[str, Callable[[Any], str | None]] = {
    "provider": _name,  # a provider connection's name
    "model": _name,
    "temperature": _between(0, 2),
    "maxTokens": _max_tokens,
    "topP": _between(0, 1),
    "stop": _stop,
    "tools": _tools,
    "responseFormat": _json_schema,
}
