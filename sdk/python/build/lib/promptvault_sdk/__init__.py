"""The Python SDK of Promptvault: cached runtime reads with push invalidation, batched execution
logs, and the server's strict rendering, offline.

    from promptvault_sdk import Promptvault

    client = Promptvault("https://promptvault.example.com", api_key="pv_...")
    prompt = client.get_prompt("support-reply", environment="production")
    text = prompt.render(customer="Ada")
    client.log_execution(version_id=prompt.version_id, latency_ms=812, input_tokens=412)

`AsyncPromptvault` has the same methods, awaited. Both are safe to share: one client per process.
"""

from promptvault_sdk._async_client import AsyncPromptvault
from promptvault_sdk._cache import CacheStats
from promptvault_sdk._client import Promptvault
from promptvault_sdk._logs import LogStats
from promptvault_sdk._prompt import Prompt
from promptvault_sdk.errors import ClientError, PromptNotFound, RenderError, ServerUnavailable

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
