"""The HTTP client under the provider clients: core/pinned_transport.py's, whose requests go
only to the checked addresses of the connection's host."""

from __future__ import annotations

import httpx2

from app.core.pinned_transport import pinned_http_client as _pinned_client

HOW_TO_ALLOW_PRIVATE = (
    "an admin can mark the connection local to reach a server on this host or network"
)


async def pinned_http_client(base_url: str, *, local: bool) -> httpx2.AsyncClient:
    """An HTTP client for a provider at `base_url`, its host's addresses checked now: only public
    ones, unless the connection is `local`. A refusal is BAD_USER_INPUT naming baseUrl. The
    provider client's own time-outs apply per request."""
    return await _pinned_client(
        base_url, allow_private=local, field="baseUrl", how_to_allow=HOW_TO_ALLOW_PRIVATE
    )
