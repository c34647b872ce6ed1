"""The SDK's errors. The strict renderer raises RenderError too, and the server turns it into its
own BAD_USER_INPUT or NOT_FOUND."""

from __future__ import annotations


class ClientError(Exception):
    """The SDK's errors."""


class PromptNotFound(ClientError):
    """The server answered 404 (no such prompt, or none active in that environment), and there
    was neither a cached copy nor a fallback."""


class ServerUnavailable(ClientError):
    """The server could not be reached or answered with an error, and there was neither a cached
    copy nor a fallback."""


class RenderError(ClientError, ValueError):
    """A missing, unknown or ill-typed variable (named by `variable`), an include, or a variables
    schema that cannot be used; `field` is the part of a version at fault (`variables` or
    `body`)."""

    def __init__(self, message: str, variable: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.variable = variable
        self.field = field


class IncludeNotFound(RenderError):
    """A body includes an asset that the templates at hand lack."""
