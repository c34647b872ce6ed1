"""The HTTP transport under the provider clients: it sends each request to one of the addresses
that were checked for the base URL's host when the client was opened, never to a second lookup of
the name (which DNS rebinding could point at a private address), and to no other host. The Host
header and TLS (SNI, certificate check) still use the name."""

from __future__ import annotations

import httpx2

from app.core.outbound import resolve_destination

# Loading the CA bundle costs ~30 ms: made once, not per client.
_TLS = httpx2.create_ssl_context(trust_env=False)


class PinnedTransport(httpx2.AsyncBaseTransport):
    def __init__(self, host: str, addresses: list[str]) -> None:
        self._host = host
        self._addresses = addresses
        self._inner = httpx2.AsyncHTTPTransport(verify=_TLS, trust_env=False)

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        if request.url.host != self._host:
            raise httpx2.ConnectError(f"refused: {request.url.host} is not the connection's host")
        refused: httpx2.ConnectError | None = None
        for address in self._addresses:
            pinned = httpx2.Request(
                request.method,
                request.url.copy_with(host=address),
                headers=request.headers,  # the Host header names the host, not the address
                stream=request.stream,
                extensions={**request.extensions, "sni_hostname": self._host},
            )
            try:
                return await self._inner.handle_async_request(pinned)
            except httpx2.ConnectError as error:
                refused = error
        assert refused is not None, "a resolved host has at least one address"
        raise refused

    async def aclose(self) -> None:
        await self._inner.aclose()


async def pinned_http_client(base_url: str, *, local: bool) -> httpx2.AsyncClient:
    """An HTTP client for a provider at `base_url`, its host's addresses checked now: only public
    ones, unless the connection is `local`. A refusal is BAD_USER_INPUT naming baseUrl."""
    addresses = await resolve_destination(
        base_url, allow_private=local, field="baseUrl", how_to_allow=HOW_TO_ALLOW_PRIVATE
    )
    host = httpx2.URL(base_url).host
    # The provider client's own time-outs apply per request; no redirects (to elsewhere).
    return httpx2.AsyncClient(
        transport=PinnedTransport(host, addresses), trust_env=False, follow_redirects=False
    )


HOW_TO_ALLOW_PRIVATE = (
    "an admin can mark the connection local to reach a server on this host or network"
)
