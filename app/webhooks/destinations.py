"""Where webhooks may send: public http(s) addresses only, unless private ones are allowed
(PROMPTVAULT_WEBHOOK_ALLOW_PRIVATE=true, for tests and local setups). Without this check a
tenant could make the server call its own network (server-side request forgery)."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

from app.core.errors import BadUserInput


def _is_public(address: str) -> bool:
    # is_global, not just "not is_private": shared address space (100.64.0.0/10, where some
    # clouds keep their metadata service) is neither private nor public.
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return ip.is_global and not ip.is_multicast


async def check_destination(url: str, *, allow_private: bool) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadUserInput("a webhook URL must be an http or https URL with a host", field="url")
    if allow_private:
        return
    try:
        resolved = await asyncio.get_running_loop().getaddrinfo(
            parts.hostname,
            parts.port or (443 if parts.scheme == "https" else 80),
            type=socket.SOCK_STREAM,
        )
    except socket.gaierror as error:
        raise BadUserInput(
            f"the webhook host '{parts.hostname}' does not resolve", field="url"
        ) from error
    if not all(_is_public(str(info[4][0])) for info in resolved):
        raise BadUserInput(
            f"the webhook host '{parts.hostname}' resolves to a private, loopback or link-local "
            "address; set PROMPTVAULT_WEBHOOK_ALLOW_PRIVATE=true to allow it",
            field="url",
        )
