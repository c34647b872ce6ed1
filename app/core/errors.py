"""Domain errors. Each carries the code that GraphQL and REST clients see."""

from __future__ import annotations

from typing import Any


class PromptvaultError(Exception):
    code = "INTERNAL_SERVER_ERROR"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.extensions: dict[str, Any] = {"code": self.code, **details}


class Unauthenticated(PromptvaultError):
    code = "UNAUTHENTICATED"


class Forbidden(PromptvaultError):
    code = "FORBIDDEN"


class NotFound(PromptvaultError):
    code = "NOT_FOUND"


class BadUserInput(PromptvaultError):
    code = "BAD_USER_INPUT"


class Conflict(PromptvaultError):
    code = "CONFLICT"


class RateLimited(PromptvaultError):
    code = "RATE_LIMITED"
