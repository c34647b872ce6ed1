"""GraphQL's per-tenant rate limit, in front of the GraphQL app.

The tenant is known before GraphQL runs: an API key from the verified keys (in memory), a session
token from its signed claims (no SQL; GraphQL itself then checks the session). Requests that name
no tenant (sign-in, registration, a bad token) pass to GraphQL, which answers them as it does.
Over the limit, the answer is HTTP 429 with Retry-After and a GraphQL error body whose code is
RATE_LIMITED, so that both HTTP-aware and GraphQL-aware clients see why. Websockets pass: a
subscription is one long request.
"""

from __future__ import annotations

import json
import math
from uuid import UUID

from starlette.types import ASGIApp, Receive, Scope, Send

from app.api.context import bearer_token
from app.core.errors import Unauthenticated
from app.identity.api_keys import looks_like_api_key
from app.identity.tokens import decode_token
from app.runtime.limits import Surface
from app.runtime.state import RuntimeState


class TenantRateLimitedGraphQL:
    def __init__(self, graphql: ASGIApp, runtime: RuntimeState) -> None:
        self.graphql = graphql
        self.runtime = runtime

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            tenant_id = await _tenant_of(scope, self.runtime)
            wait = await self.runtime.limits.admit(tenant_id, Surface.GRAPHQL) if tenant_id else 0.0
            if wait:
                await _refuse(send, wait)
                return
        await self.graphql(scope, receive, send)


async def _tenant_of(scope: Scope, runtime: RuntimeState) -> UUID | None:
    authorization = next(
        (value for name, value in scope["headers"] if name == b"authorization"), None
    )
    token = bearer_token(authorization.decode("latin-1")) if authorization else None
    if token is None:
        return None
    try:
        if looks_like_api_key(token):
            return (await runtime.keys.authenticate(token, ip=None)).tenant_id
        return decode_token(token, secret=runtime.settings.secret_key).tenant_id
    except Unauthenticated:
        return None


async def _refuse(send: Send, wait: float) -> None:
    seconds = max(1, math.ceil(wait))
    body = json.dumps(
        {
            "data": None,
            "errors": [
                {
                    "message": f"the tenant's GraphQL rate limit is reached; retry in {seconds} s",
                    "extensions": {"code": "RATE_LIMITED", "retryAfter": seconds},
                }
            ],
        }
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 429,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"retry-after", str(seconds).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
