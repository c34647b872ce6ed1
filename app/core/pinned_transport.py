"""The HTTP transport for calls the server makes on a tenant's behalf (model providers, identity
providers): it sends each request to one of the addresses that were checked for the URL's host
when the client was opened (core/outbound.py), never to a second lookup of the name (which DNS
rebinding could point at a private address), and to no other host. The Host header and TLS (SNI,
certificate check) still use the name."""

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


async def pinned_http_client(
    url: str,
    *,
    allow_private: bool,
    field: str,
    how_to_allow: str,
    timeout: float = 5.0,
) -> httpx2.AsyncClient:
    """An HTTP client for the host of `url`, its addresses checked now: only public ones unless
    private ones are allowed. A refusal is BAD_USER_INPUT naming `field`. Each wait (connect,
    read, ...) takes at most `timeout` seconds; no redirects (they could lead elsewhere)."""
    addresses = await resolve_destination(
        url, allow_private=allow_private, field=field, how_to_allow=how_to_allow
    )
    host = httpx2.URL(url).host
    return httpx2.AsyncClient(
        transport=PinnedTransport(host, addresses),
        trust_env=False,
        follow_redirects=False,
        timeout=timeout,
    )
