"""Refuse a URL whose path or query string holds a NUL byte (`%00`), for every route at once:
PostgreSQL refuses NUL in text, and a route would pass it on to a query."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from app.core.errors import BadUserInput
from app.core.rest import error_response
from app.core.validation import NUL, NUL_REFUSED


class RefuseNulInUrlMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _url_holds_nul(scope):
            await error_response(BadUserInput(f"the URL: {NUL_REFUSED}"))(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _url_holds_nul(scope: Scope) -> bool:
    query: bytes = scope["query_string"]
    # The path arrives percent-decoded; the query string as sent.
    return NUL in scope["path"] or b"%00" in query or b"\x00" in query
