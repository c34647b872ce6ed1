r"""Strict rendering of prompts, text and chat, the one implementation that the server and the
SDK share. Pure: no I/O, so the SDK renders offline as the server does; refusals raise
RenderError, which the server turns into its own errors.

A text prompt is a body; a chat prompt is a list of messages, each with a role (system, user,
assistant, tool) and a content that renders as a body does. A placeholder message stands for the
list of `{"role", "content"}` messages given at render time under its variable name (a
conversation history, say): those are inserted as they are, never rendered.

- `{{ name }}` (whitespace inside the braces optional) is the value of the variable `name`: a
  string as it is, any other JSON value as JSON.
- `{{> asset-name }}` is the body of that asset, rendered with the same values.
- `\{{` is a literal `{{`: `\{{ name }}` renders as the text `{{ name }}`. Any other `{{` (one
  that opens neither a placeholder nor an include) is text as it is.

A version declares its variables as a JSON Schema whose `properties` name them; a version whose
schema has no `properties` declares the variables its body (or its messages) uses. A placeholder
message declares its own variable. Rendering refuses, naming the variable: a value that no
rendered version declares, a value its schema refuses, a variable a body uses that has neither a
value nor a `default` in its schema, and a placeholder whose list is missing or malformed.
Only text prompts can be included.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jsonschema.exceptions import SchemaError, ValidationError
from referencing.exceptions import Unresolvable

from promptvault_sdk import schema_checks
from promptvault_sdk.errors import IncludeNotFound, RenderError

MAX_INCLUDE_DEPTH = 10
MAX_RENDERED_CHARS = 1_000_000
ROLES = ("system", "user", "assistant", "tool")

_TAG = re.compile(
    r"\\(?P<escaped>\{\{)"
    r"|\{\{\s*(?:"
    r"(?P<variable>[A-Za-z_][A-Za-z0-9_]*)"
    r"|>\s*(?P<include>[a-z0-9][a-z0-9._-]{0,99})"
    r")\s*\}\}"
)


@dataclass(frozen=True)
class Message:
    """A chat message template: `content` renders as a body does; with a `placeholder`, the
    message stands for the list given at render time under that variable name (content unused).
    Roles are lowercase, as in ROLES."""

    role: str
    content: str = ""
    placeholder: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"role": self.role, "content": self.content, "placeholder": self.placeholder}

    @classmethod
    def from_json(cls, stored: Mapping[str, Any]) -> Message:
        return cls(
            role=str(stored["role"]).lower(),
            content=stored.get("content") or "",
            placeholder=stored.get("placeholder"),
        )


@dataclass(frozen=True)
class Template:
    """What rendering needs of one version: its asset's name, its body and its variables schema;
    for a chat prompt, its messages (None for a text prompt, whose body is what renders)."""

    name: str
    body: str
    variables: Mapping[str, Any]
    messages: Sequence[Message] | None = None

    @property
    def is_chat(self) -> bool:
        return self.messages is not None

    @property
    def texts(self) -> list[str]:
        """What renders: the body of a text prompt, the contents of a chat prompt's messages."""
        if self.messages is None:
            return [self.body]
        return [message.content for message in self.messages if message.placeholder is None]

    @property
    def placeholder_names(self) -> list[str]:
        """The variables of a chat prompt's placeholder messages, in order."""
        found = (message.placeholder for message in self.messages or ())
        return list(dict.fromkeys(name for name in found if name))


def _tags(body: str, group: str) -> list[str]:
    found = (match.group(group) for match in _TAG.finditer(body))
    return list(dict.fromkeys(name for name in found if name))


def placeholders(body: str) -> list[str]:
    """The variables a body uses, in order of first use."""
    return _tags(body, "variable")


def includes(body: str) -> list[str]:
    """The asset names a body includes, in order of first use."""
    return _tags(body, "include")


def variables_used(template: Template) -> list[str]:
    """The variables a template's body or message contents use, in order of first use."""
    return list(dict.fromkeys(name for text in template.texts for name in placeholders(text)))


def includes_of(template: Template) -> list[str]:
    """The asset names a template's body or message contents include, in order of first use."""
    return list(dict.fromkeys(name for text in template.texts for name in includes(text)))


def transcript(messages: Sequence[Mapping[str, Any]]) -> str:
    """Messages as readable text, one block per message under its role in brackets; a
    placeholder message is shown by its name. What a chat version keeps as its body, what
    renderPrompt answers as its text and what a diff compares."""
    blocks = []
    for message in messages:
        if placeholder := message.get("placeholder"):
            blocks.append(f"[placeholder: {placeholder}]")
        else:
            blocks.append(f"[{str(message['role']).lower()}]\n{message['content']}")
    return "\n\n".join(blocks)


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
    used = set(properties) if properties is not None else set(variables_used(template))
    return used | set(template.placeholder_names)


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
        # Each version checks the values it declares; the others belong to its includes. A
        # placeholder's list meets the schema only if the schema names it.
        in_schema = _properties(template.variables) or {}
        lists = set(template.placeholder_names) - set(in_schema)
        own = {name: value for name, value in values.items() if name in names and name not in lists}
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
        for name in variables_used(template):
            if name not in values and name not in defaults:
                raise _missing(template, name)
        for name in template.placeholder_names:
            if name not in values and name not in defaults:
                raise RenderError(
                    f"missing placeholder list '{name}': '{template.name}' needs a list of"
                    " messages for it",
                    field="variables",
                    variable=name,
                )
            _inserted(template, name, values[name] if name in values else defaults[name])


def _inserted(template: Template, name: str, value: Any) -> list[dict[str, str]]:
    """A placeholder's list as the messages it inserts, refusing a malformed one."""

    def refusal(problem: str) -> RenderError:
        return RenderError(
            f"placeholder '{name}' of '{template.name}': {problem}",
            field="variables",
            variable=name,
        )

    if not isinstance(value, list):
        raise refusal('must be a list of messages, each {"role", "content"}')
    inserted = []
    for index, item in enumerate(value):
        if not isinstance(item, Mapping):
            raise refusal(f"item {index} must be an object with a role and a content")
        if unknown := sorted(set(item) - {"role", "content"}):
            raise refusal(f"item {index} has an unknown key '{unknown[0]}'")
        role = item.get("role")
        if not isinstance(role, str) or role.lower() not in ROLES:
            raise refusal(f"item {index} needs a role, one of {', '.join(ROLES)}")
        if not isinstance(item.get("content"), str):
            raise refusal(f"item {index} needs a content that is a string")
        inserted.append({"role": role.lower(), "content": item["content"]})
    return inserted


def _reachable(root: Template, templates: Mapping[str, Template]) -> list[Template]:
    """The root and every template it includes at any depth, refusing cycles, chains of includes
    deeper than MAX_INCLUDE_DEPTH and includes that `templates` lacks."""
    found: list[Template] = []
    heights: dict[str, int] = {}  # the longest chain of includes below each template walked

    def walk(template: Template, trail: tuple[str, ...]) -> None:
        found.append(template)
        height = 0
        for name in includes_of(template):
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
                if included.is_chat:
                    raise RenderError(
                        f"'{template.name}' includes '{name}', a chat prompt: only text prompts"
                        " can be included",
                        field="messages" if template.is_chat else "body",
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


class _Filling:
    """Fills the tags of one render, each included body rendered once, and keeps the output
    within MAX_RENDERED_CHARS."""

    def __init__(self, values: Mapping[str, Any], templates: Mapping[str, Template]) -> None:
        self.values = values
        self.templates = templates
        self.bodies: dict[str, str] = {}

    def body(self, template: Template) -> str:
        if template.name not in self.bodies:
            self.bodies[template.name] = self.fill(template, template.body)
        return self.bodies[template.name]

    def fill(self, template: Template, text: str, size: int = 0) -> str:
        """`text` (the template's body or one of its messages' content) with its tags filled;
        `size` counts what the template rendered before it."""
        defaults = _defaults(template)
        size += len(text)

        def replace(match: re.Match[str]) -> str:
            nonlocal size
            if match.group("escaped"):
                return "{{"
            if name := match.group("variable"):
                value = self.values[name] if name in self.values else defaults[name]
                filled = _text(value)
            else:
                filled = self.body(self.templates[match.group("include")])
            size += len(filled)
            if size > MAX_RENDERED_CHARS:
                raise RenderError(
                    f"'{template.name}' renders to more than {MAX_RENDERED_CHARS} characters",
                    field="messages" if template.is_chat else "body",
                )
            return filled

        return _TAG.sub(replace, text)


def render(
    root: Template,
    values: Mapping[str, Any],
    templates: Mapping[str, Template] | None = None,
) -> str:
    """The root's body with its placeholders and includes filled; `templates` holds the
    templates it includes, at any depth, by asset name."""
    if root.is_chat:
        raise RenderError(f"'{root.name}' is a chat prompt: render its messages", field="body")
    templates = templates or {}
    _check_values(_reachable(root, templates), values)
    return _Filling(values, templates).body(root)


def render_messages(
    root: Template,
    values: Mapping[str, Any],
    templates: Mapping[str, Template] | None = None,
) -> list[dict[str, str]]:
    """A chat prompt's messages as `{"role", "content"}`, each content rendered as a body is and
    each placeholder message replaced by the list given under its name."""
    if root.messages is None:
        raise RenderError(f"'{root.name}' is a text prompt: render its body", field="messages")
    templates = templates or {}
    _check_values(_reachable(root, templates), values)
    defaults = _defaults(root)
    filling = _Filling(values, templates)
    rendered: list[dict[str, str]] = []
    size = 0
    for message in root.messages:
        if message.placeholder is None:
            content = filling.fill(root, message.content, size)
            rendered.append({"role": message.role, "content": content})
            size += len(content)
            continue
        name = message.placeholder
        for inserted in _inserted(root, name, values.get(name, defaults.get(name))):
            rendered.append(inserted)
            size += len(inserted["content"])
        if size > MAX_RENDERED_CHARS:
            raise RenderError(
                f"'{root.name}' renders to more than {MAX_RENDERED_CHARS} characters",
                field="messages",
            )
    return rendered
