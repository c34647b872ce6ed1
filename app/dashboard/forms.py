"""Forms: what the user typed, kept when GraphQL refuses it, with each refusal beside its field."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request

from app.core.rest import HTTP_STATUS
from app.dashboard.csrf import CSRF_FIELD
from app.dashboard.execution import OperationFailed, run_operation

# Refusals that the user can fix by changing what they typed.
INPUT_CODES = frozenset({"BAD_USER_INPUT", "CONFLICT"})
FORM_ERROR = ""  # the key of an error about the form as a whole


def _kept_as_typed(name: str) -> bool:
    """A prompt's text keeps its spaces: a body, a chat message's content."""
    return name == "body" or name.endswith("-content")


@dataclass
class Form:
    """Field names are those of the GraphQL input, so GraphQL's `field` names them too."""

    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    code: str | None = None

    @classmethod
    async def read(cls, request: Request) -> Form:
        async with request.form() as data:
            return cls(
                {
                    name: value if _kept_as_typed(name) else value.strip()
                    for name, value in data.items()
                    if isinstance(value, str) and name != CSRF_FIELD
                }
            )

    def value(self, name: str) -> str:
        return self.values.get(name, "")

    def optional(self, name: str) -> str | None:
        return self.values.get(name) or None

    def whole_number(self, name: str) -> int | None:
        """The field as an integer, None when left empty; anything else is refused beside it."""
        text = self.value(name)
        if not text:
            return None
        if not text.isdigit():
            self.refuse(name, f"{name} must be a whole number")
            return None
        return int(text)

    def refuse(self, name: str, message: str, code: str = "BAD_USER_INPUT") -> None:
        self.errors.setdefault(name, message)
        self.code = self.code or code

    @property
    def status_code(self) -> int:
        """200 for a form with nothing refused, else the status of its refusal's code."""
        if not self.errors:
            return 200
        return HTTP_STATUS.get(self.code or "BAD_USER_INPUT", 400)

    async def submit(
        self,
        request: Request,
        operation: str,
        variables: dict[str, Any],
        *,
        inline: Collection[str] = INPUT_CODES,
    ) -> dict[str, Any] | None:
        """The operation's data, or None when GraphQL refuses the input with one of the `inline`
        codes: its messages are then set beside their fields. Other refusals propagate."""
        try:
            return await run_operation(request, operation, variables)
        except OperationFailed as failure:
            if failure.code not in inline:
                raise
            for name, message in failure.field_errors.items():
                self.refuse(name, message, failure.code)
            if not failure.field_errors:
                self.refuse(FORM_ERROR, failure.message, failure.code)
            return None
