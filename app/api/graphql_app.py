"""The strawberry ASGI app, with our context and a GraphiQL page served from web/static. Each
operation is charged to its tenant's GraphQL rate limit: a request over HTTP (refused with 429
and Retry-After before its body is read), an operation started over a websocket."""

from __future__ import annotations

import json

from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.templating import Jinja2Templates
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry import Schema
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.types.unset import UnsetType

from app.api.context import Context, RateLimit, build_context
from app.api.errors import rate_limited
from app.api.rate_limited_sockets import RateLimitedLegacyWS, RateLimitedTransportWS
from app.core.field_permissions import SIGN_IN_FIRST
from app.settings import Settings


class OverRateLimit(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


class PromptvaultGraphQL(GraphQL[Context, None]):
    graphql_transport_ws_handler_class = RateLimitedTransportWS
    graphql_ws_handler_class = RateLimitedLegacyWS

    def __init__(
        self,
        schema: Schema,
        *,
        settings: Settings,
        templates: Jinja2Templates,
        rate_limit: RateLimit | None = None,
    ) -> None:
        # Strawberry's own cap on a socket's operations answers an error without a code; the
        # tenant's rate limit and the cap on a user's subscriptions (app/realtime) bound them.
        super().__init__(
            schema,
            graphql_ide="graphiql",
            allowed_origins=settings.allowed_origins,
            max_subscriptions_per_connection=None,
        )
        self.settings = settings
        self.templates = templates
        self.rate_limit = rate_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        # Strawberry answers a malformed request (bad JSON, variables not an object, ...) in plain
        # text; our clients always get a GraphQL error body with a code.
        response: Response
        try:
            response = await self.run(Request(scope=scope, receive=receive))
        except HTTPException as error:
            code = "NOT_FOUND" if error.status_code == 404 else "BAD_USER_INPUT"
            response = JSONResponse(
                {"errors": [{"message": error.reason, "extensions": {"code": code}}]},
                status_code=error.status_code,
            )
        except OverRateLimit as over:
            response = JSONResponse(
                {"data": None, "errors": [rate_limited(over.retry_after).formatted]},
                status_code=429,
                headers={"retry-after": str(over.retry_after)},
            )
        await response(scope, receive, send)

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        context = await build_context(
            request,
            response if isinstance(response, Response) else None,
            self.settings,
            request.headers.get("authorization"),
        )
        context.rate_limit = self.rate_limit
        # A websocket's operations are charged one by one as they start.
        if isinstance(response, Response) and (wait := await context.rate_limit_wait()):
            raise OverRateLimit(wait)
        return context

    def decode_json(self, data: str | bytes) -> object:
        # Nesting past the interpreter's recursion limit is refused as JSON that does not parse:
        # a 400 over HTTP, a closed socket over websockets.
        try:
            return json.loads(data)
        except RecursionError:
            raise json.JSONDecodeError("the JSON nests too deeply", "", 0) from None

    async def on_ws_connect(self, context: Context) -> UnsetType:
        """Subscriptions authenticate in connection_init: {"authorization": "Bearer <token>"}
        (or, for clients that can set it, the handshake's Authorization header)."""
        params = context.connection_params or {}
        authorization = next(
            (value for key, value in params.items() if key.lower() == "authorization"), None
        )
        if authorization is not None:
            await context.sign_in(str(authorization))
        if context.signed_in_actor is None:
            raise ConnectionRejectionError({"message": context.auth_error or SIGN_IN_FIRST})
        return UnsetType()  # acknowledge with no payload

    async def render_graphql_ide(self, request: Request) -> Response:
        # Strawberry's own page loads GraphiQL from a CDN; self-hosted installs are offline.
        return self.templates.TemplateResponse(
            request, "graphiql.html", {"static_prefix": "/static", "endpoint": "/graphql"}
        )
