r"""Strict rendering of prompt bodies, the one implementation that the server and the SDK share.
Pure: no I/O, so the SDK renders offline as the server does; refusals raise RenderError, which
the server turns into its own errors.

- `{{ name }}` (whitespace inside the braces optional) is the value of the variable `name`: a
  string as it is, any other JSON value as JSON.
- `{{> asset-name }}` is the body of that asset, rendered with the same values.
- `\{{` is a literal `{{`: `\{{ name }}` renders as the text `{{ name }}`. Any other `{{` (one
  that opens neither a placeholder nor an include) is text as it is.

A version declares its variables as a JSON Schema whose `properties` name them; a version whose
schema has no `properties` declares the variables its body uses. Rendering refuses, naming the
variable: a value that no rendered version declares, a value its schema refuses, and a variable a
body uses that has neither a value nor a `default` in its schema.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from jsonschema.exceptions import SchemaError, ValidationError
from referencing.exceptions import Unresolvable

from promptvault_sdk import schema_checks
from promptvault_sdk.errors import IncludeNotFound, RenderError

MAX_INCLUDE_DEPTH = 10
MAX_RENDERED_CHARS = 1_000_000

_TAG = re.compile(
    r"\\(?P<escaped>\{\{)"
    r"|\{\{\s*(?:"
    r"(?P<variable>[A-Za-z_][A-Za-z0-9_]*)"
    r"|>\s*(?P<include>[a-z0-9][a-z0-9._-]{0,99})"
    r")\s*\}\}"
)


@dataclass(frozen=True)
class Template:
    """What rendering needs of one version: its asset's name, its body and its variables schema."""

    name: str
    body: str
    variables: Mapping[str, Any]


def _tags(body: str, group: str) -> list[str]:
    found = (match.group(group) for match in _TAG.finditer(body))
    return list(dict.fromkeys(name for name in found if name))


def placeholders(body: str) -> list[str]:
    """The variables a body uses, in order of first use."""
    return _tags(body, "variable")


def includes(body: str) -> list[str]:
    """The asset names a body includes, in order of first use."""
    return _tags(body, "include")


def _outside_refs(node: Any) -> Iterator[str]:
    if isinstance(node, Mapping):
        ref = node.get("$ref")
        if isinstance(ref, str) and not ref.startswith("#"):
            yield ref
        for value in node.values():
            yield from _outside_refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _outside_refs(value)


def check_variables_schema(schema: Mapping[str, Any]) -> None:
    try:
        problem = schema_checks.schema_problem(schema)
    except schema_checks.TooCostly:
        problem = f"it takes too long to check (over {schema_checks.CHECK_SECONDS:g} s)"
    if problem is not None:
        raise RenderError(f"variables must be a valid JSON Schema: {problem}", field="variables")
    if ref := next(_outside_refs(schema), None):
        raise RenderError(
            f"variables may $ref only within the schema ('#/…'), not '{ref}'", field="variables"
        )


def _properties(schema: Mapping[str, Any]) -> Mapping[str, Any] | None:
    properties = schema.get("properties")
    return properties if isinstance(properties, Mapping) else None


def declared_variables(template: Template) -> set[str]:
    properties = _properties(template.variables)
    return set(properties) if properties is not None else set(placeholders(template.body))


def _defaults(template: Template) -> dict[str, Any]:
    properties = _properties(template.variables) or {}
    return {
        name: spec["default"]
        for name, spec in properties.items()
        if isinstance(spec, Mapping) and "default" in spec
    }


def _refusal(template: Template, error: ValidationError) -> RenderError:
    if error.validator == "required" and not error.path:
        missing = next(name for name in error.validator_value if name not in error.instance)
        return _missing(template, missing)
    if error.path:
        name = str(error.path[0])
        return RenderError(
            f"variable '{name}' of '{template.name}': {error.message}",
            field="variables",
            variable=name,
        )
    return RenderError(f"variables of '{template.name}': {error.message}", field="variables")


def _missing(template: Template, name: str) -> RenderError:
    return RenderError(
        f"missing variable '{name}': '{template.name}' needs it", field="variables", variable=name
    )


def _check_values(templates: list[Template], values: Mapping[str, Any]) -> None:
    declared = [declared_variables(template) for template in templates]
    known = set().union(*declared)
    for name in values:
        if name not in known:
            listed = ", ".join(sorted(known)) or "none"
            raise RenderError(
                f"unknown variable '{name}': the prompt declares {listed}",
                field="variables",
                variable=name,
            )
    for template, names in zip(templates, declared, strict=True):
        # Each version checks the values it declares; the others belong to its includes.
        own = {name: value for name, value in values.items() if name in names}
        try:
            error = schema_checks.first_refusal(template.variables, own)
        except (SchemaError, Unresolvable) as broken:
            # Say a `$ref` that points outside the schema: rendering never fetches anything.
            raise RenderError(
                f"the variables schema of '{template.name}' cannot be used: {broken}",
                field="variables",
            ) from broken
        except schema_checks.TooCostly:
            raise RenderError(
                f"the variables of '{template.name}' take too long to check against its schema"
                f" (over {schema_checks.CHECK_SECONDS:g} s)",
                field="variables",
            ) from None
        if error is not None:
            raise _refusal(template, error)
        defaults = _defaults(template)
        for name in placeholders(template.body):
            if name not in values and name not in defaults:
                raise _missing(template, name)


def _reachable(root: Template, templates: Mapping[str, Template]) -> list[Template]:
    """The root and every template it includes at any depth, refusing cycles, chains of includes
    deeper than MAX_INCLUDE_DEPTH and includes that `templates` lacks."""
    found: list[Template] = []
    heights: dict[str, int] = {}  # the longest chain of includes below each template walked

    def walk(template: Template, trail: tuple[str, ...]) -> None:
        found.append(template)
        height = 0
        for name in includes(template.body):
            chain = " → ".join((*trail, name))
            if name in trail:
                cycle = " → ".join((*trail[trail.index(name) :], name))
                raise RenderError(f"include cycle: {cycle}", field="body")
            if name not in heights:
                if len(trail) > MAX_INCLUDE_DEPTH:
                    raise _too_deep(chain)
                included = templates.get(name)
                if included is None:
                    raise IncludeNotFound(
                        f"'{template.name}' includes '{name}', which has no active version"
                    )
                walk(included, (*trail, name))
            height = max(height, heights[name] + 1)
            if len(trail) - 1 + height > MAX_INCLUDE_DEPTH:
                raise _too_deep(chain + " → …")
        heights[template.name] = height

    walk(root, (root.name,))
    return found


def _too_deep(chain: str) -> RenderError:
    return RenderError(
        f"includes nest deeper than {MAX_INCLUDE_DEPTH} levels: {chain}", field="body"
    )


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _substitute(
    template: Template,
    values: Mapping[str, Any],
    templates: Mapping[str, Template],
    rendered: dict[str, str],
) -> str:
    if template.name in rendered:
        return rendered[template.name]
    defaults = _defaults(template)
    size = len(template.body)

    def replace(match: re.Match[str]) -> str:
        nonlocal size
        if match.group("escaped"):
            return "{{"
        if name := match.group("variable"):
            text = _text(values[name] if name in values else defaults[name])
        else:
            text = _substitute(templates[match.group("include")], values, templates, rendered)
        size += len(text)
        if size > MAX_RENDERED_CHARS:
            raise RenderError(
                f"'{template.name}' renders to more than {MAX_RENDERED_CHARS} characters",
                field="body",
            )
        return text

    rendered[template.name] = _TAG.sub(replace, template.body)
    return rendered[template.name]


def render(
    root: Template,
    values: Mapping[str, Any],
    templates: Mapping[str, Template] | None = None,
) -> str:
    """The root's body with its placeholders and includes filled; `templates` holds the
    templates it includes, at any depth, by asset name."""
    templates = templates or {}
    _check_values(_reachable(root, templates), values)
    return _substitute(root, values, templates, {})
