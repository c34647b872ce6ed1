"""Checks on what users type into the registry, each naming the field it refuses."""

from __future__ import annotations

import re
from typing import Any

from app.core.errors import BadUserInput

ASSET_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")
SEMVER = re.compile(r"^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$")
MAX_BODY_CHARS = 200_000
MAX_TAGS = 20
MAX_TAG_CHARS = 50
MAX_JSON_CHARS = 50_000


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
