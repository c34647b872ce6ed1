"""Checks on free text that users type, each naming the field it refuses."""

from __future__ import annotations

from app.core.errors import BadUserInput


def bounded_text(value: str, *, field: str, max_chars: int, required: bool = False) -> str:
    value = value.strip()
    if required and not value:
        raise BadUserInput(f"{field} must not be empty", field=field)
    if len(value) > max_chars:
        raise BadUserInput(f"{field} must be at most {max_chars} characters", field=field)
    return value


def optional_text(value: str | None, *, field: str, max_chars: int) -> str | None:
    """None for an absent or blank value, else the trimmed text."""
    if value is None:
        return None
    return bounded_text(value, field=field, max_chars=max_chars) or None
