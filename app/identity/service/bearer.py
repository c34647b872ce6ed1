"""Bearer authentication, the same on every entry point: the token of an `Authorization: Bearer
<token>` header is a user's session token or an API key."""

from __future__ import annotations

from app.core.actor import Actor
from app.identity.service.api_keys import authenticate_api_key, looks_like_api_key
from app.identity.service.sessions import authenticate
from app.settings import Settings


def bearer_token(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


async def authenticate_bearer(token: str, *, settings: Settings, ip: str | None) -> Actor:
    """The actor behind a session token or an API key."""
    if looks_like_api_key(token):
        return await authenticate_api_key(token, ip=ip)
    return await authenticate(token, settings=settings, ip=ip)
