"""The Python SDK, for code inside the server's tree: the distribution promptvault-sdk
(sdk/python), re-exported."""

from promptvault_sdk import (
    AsyncPromptvault,
    CacheStats,
    ClientError,
    LogStats,
    Prompt,
    PromptNotFound,
    Promptvault,
    RenderError,
    ServerUnavailable,
)

__all__ = [
    "AsyncPromptvault",
    "CacheStats",
    "ClientError",
    "LogStats",
    "Prompt",
    "PromptNotFound",
    "Promptvault",
    "RenderError",
    "ServerUnavailable",
]
