"""Checks on free text that users type, each naming the field it refuses."""

from __future__ import annotations

from app.core.errors import BadUserInput

NUL = "\x00"
NUL_REFUSED = "text must not contain NUL characters (U+0000)"


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


def contains_nul(value: object) -> bool:
    """True when a string anywhere in a JSON-like value (keys included) holds a NUL, which
    PostgreSQL refuses in text. Walked without recursion: nesting depth is the client's choice."""
    waiting = [value]
    while waiting:
        item = waiting.pop()
        if isinstance(item, str):
            if NUL in item:
                return True
        elif isinstance(item, dict):
            waiting.extend(item.keys())
            waiting.extend(item.values())
        elif isinstance(item, list | tuple):
            waiting.extend(item)
    return False


def refuse_nul(value: object) -> None:
    if contains_nul(value):
        raise BadUserInput(NUL_REFUSED)
