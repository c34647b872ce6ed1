"""A chat version's messages as rows of the new-version form: fields `messages-<n>-role`,
`messages-<n>-content` and `messages-<n>-placeholder`, which the form's own submit buttons add
and remove (`action` = ADD or REMOVE + n), so that no script is needed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from app.dashboard.forms import Form

ROLES = ("SYSTEM", "USER", "ASSISTANT", "TOOL")
ADD = "add-message"
REMOVE = "remove-message-"
_FIELD = re.compile(r"^messages-(\d+)-(role|content|placeholder)$")


@dataclass(frozen=True)
class MessageRow:
    role: str = "USER"
    content: str = ""
    placeholder: str = ""

    @property
    def blank(self) -> bool:
        return not self.content.strip() and not self.placeholder.strip()

    def as_input(self) -> dict[str, Any]:
        """The row as GraphQL's PromptMessageInput."""
        return {
            "role": self.role,
            "content": self.content,
            "placeholder": self.placeholder.strip() or None,
        }


def read_rows(form: Form) -> list[MessageRow]:
    """The rows the form holds, in the order of their numbers."""
    fields: dict[int, dict[str, str]] = {}
    for name, value in form.values.items():
        if match := _FIELD.match(name):
            fields.setdefault(int(match[1]), {})[match[2]] = value
    return [MessageRow(**fields[number]) for number in sorted(fields)]


def write_rows(form: Form, rows: list[MessageRow]) -> None:
    """Replaces the form's rows with `rows`, numbered from 0."""
    form.values = {name: value for name, value in form.values.items() if not _FIELD.match(name)}
    for number, row in enumerate(rows):
        form.values[f"messages-{number}-role"] = row.role
        form.values[f"messages-{number}-content"] = row.content
        form.values[f"messages-{number}-placeholder"] = row.placeholder


def rows_of(messages: list[dict[str, Any]] | None) -> list[MessageRow]:
    """A version's messages (GraphQL's PromptMessage) as rows; one blank row for none."""
    if not messages:
        return [MessageRow(role="SYSTEM")]
    return [
        MessageRow(
            role=message["role"],
            content=message["content"],
            placeholder=message["placeholder"] or "",
        )
        for message in messages
    ]


def edit_rows(form: Form, action: str) -> bool:
    """Adds or removes a row as the button `action` asks; False for any other action."""
    rows = read_rows(form)
    if action == ADD:
        rows.append(MessageRow())
    elif action.startswith(REMOVE) and action.removeprefix(REMOVE).isdigit():
        number = int(action.removeprefix(REMOVE))
        rows = [row for index, row in enumerate(rows) if index != number]
    else:
        return False
    write_rows(form, rows)
    return True
