"""Breaking changes: whether a new version would refuse a caller that rendered the previous one.

What a caller must pass to render a version: the variables its schema requires; when the schema
declares no properties, every variable its body or messages use; and the list of each placeholder
message. A new version breaks callers when it no longer declares one of those, or accepts fewer
JSON types for it. Widening a type, or dropping an optional variable, breaks nothing."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from promptvault_sdk.rendering import Template, declared_variables, variables_used

# A JSON type set; None accepts any value.
Types = set[str] | None


def _types(spec: Any) -> Types:
    """The JSON types a property accepts; None for any."""
    kind = spec.get("type") if isinstance(spec, Mapping) else None
    if kind is None:
        return None
    return {kind} if isinstance(kind, str) else set(kind)


def _properties(schema: Mapping[str, Any]) -> Mapping[str, Any] | None:
    properties = schema.get("properties")
    return properties if isinstance(properties, Mapping) else None


def _accepted(template: Template, name: str) -> Types:
    """The types a version accepts for a variable it declares."""
    properties = _properties(template.variables) or {}
    if name in properties:
        return _types(properties[name])
    if name in template.placeholder_names:
        return {"array"}
    return None


def _needed(template: Template) -> dict[str, Types]:
    """The variables a caller must pass, each with the types it may have."""
    properties = _properties(template.variables)
    defaults = {
        name
        for name, spec in (properties or {}).items()
        if isinstance(spec, Mapping) and "default" in spec
    }
    required = template.variables.get("required")
    needed = (
        [name for name in required if isinstance(name, str)] if isinstance(required, list) else []
    )
    if properties is None:
        needed += variables_used(template)
    needed += [name for name in template.placeholder_names if name not in defaults]
    return {name: _accepted(template, name) for name in needed}


def _widens(new: Types, old: Types) -> bool:
    if new is None:
        return True
    if old is None:
        return False
    return all(kind in new or (kind == "integer" and "number" in new) for kind in old)


def breaks_callers(previous: Template, current: Template) -> bool:
    """True when `current` drops or retypes a variable (or a placeholder's list) that callers of
    `previous` had to pass."""
    declared = declared_variables(current)
    for name, old in _needed(previous).items():
        if name not in declared or not _widens(_accepted(current, name), old):
            return True
    return False
