"""Where the server may send what a tenant asks it to (webhook deliveries, calls to model
providers): public http(s) addresses only, unless the caller allows private ones (webhooks with
PROMPTVAULT_WEBHOOK_ALLOW_PRIVATE=true, a provider connection that an admin marked local).
Without this check a tenant could make the server call its own network (server-side request
forgery)."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

from app.core.errors import BadUserInput

# IPv6 ranges whose last 32 bits are an IPv4 address that a gateway or the host's own stack may
# connect to: IPv4-compatible, IPv4-mapped, and NAT64 (RFC 6052's well-known prefix). NAT64's
# local-use prefix (RFC 8215) is no public address whatever it embeds.
_IPV4_IN_LAST_32_BITS = tuple(
    ipaddress.IPv6Network(prefix) for prefix in ("::/96", "::ffff:0:0/96", "64:ff9b::/96")
)
_NAT64_LOCAL_USE = ipaddress.IPv6Network("64:ff9b:1::/48")


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    embedded = []
    if any(ip in network for network in _IPV4_IN_LAST_32_BITS):
        embedded.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    if ip.sixtofour is not None:
        embedded.append(ip.sixtofour)
    if ip.teredo is not None:
        embedded.extend(ip.teredo)  # its server and its client
    return embedded


def _is_public(address: str) -> bool:
    # is_global, not just "not is_private": shared address space (100.64.0.0/10, where some
    # clouds keep their metadata service) is neither private nor public.
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    candidates: list[ipaddress.IPv4Address | ipaddress.IPv6Address] = [ip]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in _NAT64_LOCAL_USE:
            return False
        candidates += _embedded_ipv4(ip)
    return all(candidate.is_global and not candidate.is_multicast for candidate in candidates)


def _host_and_port(url: str, field: str) -> tuple[str, int]:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:  # a port out of range, an unclosed [IPv6 address
        raise BadUserInput(f"the URL is not valid: {error}", field=field) from error
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadUserInput("the URL must be an http or https URL with a host", field=field)
    if port == 0:
        raise BadUserInput("the URL's port must be between 1 and 65535", field=field)
    return parts.hostname, port or (443 if parts.scheme == "https" else 80)


async def _resolve(host: str, port: int, field: str) -> list[str]:
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass  # a name, not an address
    try:
        resolved = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise BadUserInput(f"the host '{host}' does not resolve", field=field) from error
    return list(dict.fromkeys(str(info[4][0]) for info in resolved))


async def resolve_destination(
    url: str, *, allow_private: bool, field: str = "url", how_to_allow: str = ""
) -> list[str]:
    """The addresses that the URL's host resolves to, every one of them checked. A caller
    connects to one of these and never looks the name up again: a second answer could differ
    (DNS rebinding) and reach an address that was never checked. A refusal is BAD_USER_INPUT
    naming `field`, and ends with `how_to_allow` (what the user could do about it)."""
    host, port = _host_and_port(url, field)
    addresses = await _resolve(host, port, field)
    if not allow_private and not all(_is_public(address) for address in addresses):
        raise BadUserInput(
            f"the host '{host}' resolves to a private, loopback or link-local address"
            + (f"; {how_to_allow}" if how_to_allow else ""),
            field=field,
        )
    return addresses


async def check_destination(
    url: str, *, allow_private: bool, field: str = "url", how_to_allow: str = ""
) -> None:
    """Refuses a URL that is malformed or, unless private ones are allowed, not public."""
    if allow_private:
        _host_and_port(url, field)
    else:
        await resolve_destination(url, allow_private=False, field=field, how_to_allow=how_to_allow)
