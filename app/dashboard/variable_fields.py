"""A prompt's variables as form fields, from its variables JSON Schema: a string is a text box, a
number an input of numbers, a boolean a checkbox, an enum a choice, an array or an object JSON.
A chat prompt's placeholder lists are JSON too. A prompt whose schema names no properties takes
the variables its text uses, as strings (the renderer declares the same ones).

Each field is posted as `var-<name>`. What a field holds is turned back into the JSON value sent
to runPrompt; what cannot be (a word in a number field, JSON that does not parse) is refused
beside its field, and nothing is sent."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from promptvault_sdk.rendering import Message, Template, variables_used

from app.dashboard.forms import Form

PREFIX = "var-"
MORE = "moreVariables"  # a JSON object of other values: an include's variables, say
# A string this long or shorter, or with a format (an email, a date), fits on one line.
ONE_LINE_MAX_LENGTH = 200
MESSAGES_HINT = 'A list of messages, such as [{"role": "user", "content": "…"}]'


@dataclass(frozen=True)
class VariableField:
    name: str
    kind: str  # text, line, number, integer, boolean, choice, json
    label: str
    required: bool = False
    hint: str = ""
    options: tuple[tuple[str, str], ...] = ()  # a choice's (JSON of the value, label)
    default: Any = None

    @property
    def key(self) -> str:
        """The form field's name."""
        return PREFIX + self.name

    def initial(self) -> str:
        """What the field shows before anything is typed: the schema's default, if any."""
        if self.default is None:
            return ""
        if self.kind == "boolean":
            return "on" if self.default is True else ""
        if self.kind == "choice":
            return json.dumps(self.default)
        if self.kind == "json":
            return json.dumps(self.default, indent=2)
        return str(self.default)

    def value(self, form: Form) -> tuple[bool, Any]:
        """(whether to send it, the value); refuses on `form` what cannot be sent."""
        raw = form.value(self.key)
        if self.kind == "boolean":
            return True, bool(raw)
        if raw.strip() == "":
            # Left empty, it is not sent: the prompt's default applies, or the server says
            # that a required variable is missing.
            return False, None
        if self.kind in ("text", "line"):
            return True, raw
        if self.kind in ("number", "integer"):
            return self._number(form, raw.strip())
        try:
            return True, json.loads(raw)
        except json.JSONDecodeError as error:
            form.refuse(self.key, f"{self.name} is not valid JSON: {error.msg}")
            return False, None

    def _number(self, form: Form, raw: str) -> tuple[bool, Any]:
        try:
            number = float(raw)
        except ValueError:
            form.refuse(self.key, f"{self.name} must be a number")
            return False, None
        if self.kind == "number":
            return True, int(number) if number.is_integer() and "." not in raw else number
        if not number.is_integer():
            form.refuse(self.key, f"{self.name} must be a whole number")
            return False, None
        return True, int(number)


def _type_of(spec: Mapping[str, Any]) -> str | None:
    kind = spec.get("type")
    if isinstance(kind, list):  # ["string", "null"]: the first that is not null
        kind = next((name for name in kind if name != "null"), None)
    return kind if isinstance(kind, str) else None


def _field_of(name: str, spec: Any, required: bool) -> VariableField:
    if not isinstance(spec, Mapping):
        return VariableField(name, "text", name, required)
    label = str(spec.get("title") or name)
    hint = str(spec.get("description") or "")
    common: dict[str, Any] = {"required": required, "hint": hint, "default": spec.get("default")}
    enum = spec.get("enum")
    if isinstance(enum, list) and enum:
        options = tuple(
            (json.dumps(choice), choice if isinstance(choice, str) else json.dumps(choice))
            for choice in enum
        )
        return VariableField(name, "choice", label, options=options, **common)
    kind = _type_of(spec)
    if kind == "string" or kind is None and not spec.keys() & {"anyOf", "oneOf", "allOf"}:
        max_length = spec.get("maxLength")
        short = isinstance(max_length, int) and max_length <= ONE_LINE_MAX_LENGTH
        return VariableField(name, "line" if short or "format" in spec else "text", label, **common)
    if kind in ("number", "integer", "boolean"):
        return VariableField(name, kind, label, **common)
    return VariableField(name, "json", label, **common)


def template_of(
    body: str, messages: list[dict[str, Any]] | None, variables: Mapping[str, Any] | None
) -> Template:
    """What the renderer would see of a version or a draft (GraphQL's shapes)."""
    return Template(
        name="prompt",
        body=body,
        variables=variables or {},
        messages=[Message.from_json(message) for message in messages] if messages else None,
    )


def fields_of(template: Template) -> list[VariableField]:
    """The prompt's variables as fields: the schema's properties, else the variables its text
    uses; then its placeholder lists that the schema leaves out. Fields come in the order the
    text first uses them, the rest by name: PostgreSQL's JSONB keeps no order of properties."""
    schema = template.variables
    properties = schema.get("properties")
    required = set(schema.get("required") or [])
    used = variables_used(template)
    if isinstance(properties, Mapping):
        first_use = {name: index for index, name in enumerate(used)}
        names = sorted(properties, key=lambda name: (first_use.get(name, len(used)), name))
        fields = [_field_of(name, properties[name], name in required) for name in names]
    else:
        fields = [VariableField(name, "text", name, True) for name in used]
    named = {field.name for field in fields}
    fields += [
        VariableField(name, "json", name, True, MESSAGES_HINT)
        for name in template.placeholder_names
        if name not in named
    ]
    return fields


def merged(*groups: Iterable[VariableField]) -> list[VariableField]:
    """The fields of two prompts compared on the same values: each name once, the first kept."""
    found: dict[str, VariableField] = {}
    for group in groups:
        for field in group:
            found.setdefault(field.name, field)
    return list(found.values())


def fill_defaults(form: Form, fields: Iterable[VariableField]) -> None:
    """Puts each field's default in a form that holds nothing for it yet."""
    for field in fields:
        if field.key not in form.values and (initial := field.initial()):
            form.values[field.key] = initial


def values_of(form: Form, fields: Iterable[VariableField]) -> dict[str, Any]:
    """The values to render with: the other values (JSON) first, the fields over them."""
    values: dict[str, Any] = {}
    if more := form.value(MORE).strip():
        try:
            parsed = json.loads(more)
        except json.JSONDecodeError as error:
            form.refuse(MORE, f"other variables are not valid JSON: {error.msg}")
        else:
            if isinstance(parsed, dict):
                values.update(parsed)
            else:
                form.refuse(MORE, 'other variables must be a JSON object, such as {"name": "…"}')
    for field in fields:
        send, value = field.value(form)
        if send:
            values[field.name] = value
    return values
