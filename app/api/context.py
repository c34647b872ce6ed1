"""The typed GraphQL context: who is asking, the settings, the server's realtime state (the bus,
the activation snapshots, ...) and this request's DataLoaders, each read or built the first time
a resolver asks."""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from uuid import UUID

from starlette.requests import HTTPConnection
from starlette.responses import Response

from app.access.loaders import AccessLoaders
from app.core.actor import Actor
from app.core.errors import Unauthenticated
from app.core.field_permissions import SIGN_IN_FIRST
from app.governance.loaders import GovernanceLoaders
from app.identity.loaders import IdentityLoaders
from app.identity.service import authenticate_bearer, bearer_token
from app.realtime.state import RealtimeState, realtime_of
from app.registry.loaders import RegistryLoaders
from app.settings import Settings
from app.webhooks.loaders import WebhookLoaders

# A tenant's GraphQL rate limit: takes a token from the tenant's bucket and answers 0, or answers
# the seconds until one is there.
RateLimit = Callable[[UUID], Awaitable[float]]


@dataclass
class Context:
    request: HTTPConnection
    response: Response | None
    settings: Settings
    signed_in_actor: Actor | None
    auth_error: str | None = None
    # A websocket's connection_init payload; strawberry sets it before on_ws_connect.
    connection_params: dict[str, Any] | None = None
    # Set for operations that come through /graphql (the dashboard's do not count).
    rate_limit: RateLimit | None = None

    @property
    def actor(self) -> Actor:
        """The signed-in actor; fields that use it carry the IsAuthenticated permission."""
        if self.signed_in_actor is None:
            raise Unauthenticated(self.auth_error or SIGN_IN_FIRST)
        return self.signed_in_actor

    @property
    def realtime(self) -> RealtimeState:
        """The server's bus, activation snapshots, ... for the subscriptions; read only when one
        asks, so that an app whose lifespan did not run still serves queries and mutations."""
        return realtime_of(self.request)

    @property
    def client_ip(self) -> str | None:
        return self.request.client.host if self.request.client else None

    @cached_property
    def identity(self) -> IdentityLoaders:
        return IdentityLoaders(self.actor)

    @cached_property
    def access(self) -> AccessLoaders:
        return AccessLoaders(self.actor)

    @cached_property
    def registry(self) -> RegistryLoaders:
        return RegistryLoaders(self.actor)

    @cached_property
    def governance(self) -> GovernanceLoaders:
        return GovernanceLoaders(self.actor)

    def clear_loaders(self) -> None:
        """A websocket's context lives as long as the connection: each event it delivers reads
        afresh rather than from what earlier events cached."""
        for name, attribute in vars(Context).items():
            if isinstance(attribute, cached_property):
                self.__dict__.pop(name, None)

    async def sign_in(self, authorization: str | None) -> None:
        """Authenticates the Authorization value, if any: sets the actor, or the reason why not."""
        token = bearer_token(authorization)
        if authorization and token is None:
            self.auth_error = "the Authorization header must be 'Bearer <token>'"
        elif token:
            await self.sign_in_with_token(token)

    async def sign_in_with_token(self, token: str) -> None:
        """Authenticates a session token or an API key: sets the actor, or the reason why not."""
        try:
            self.signed_in_actor = await authenticate_bearer(
                token, settings=self.settings, ip=self.client_ip
            )
            self.auth_error = None
        except Unauthenticated as error:
            self.signed_in_actor = None
            self.auth_error = error.message

    @cached_property
    def webhooks(self) -> WebhookLoaders:
        return WebhookLoaders(self.actor)

    async def rate_limit_wait(self) -> int:
        """0 when the tenant's GraphQL rate limit admits one more operation, which it charges;
        otherwise the whole seconds until it would. Only a credential that verified is charged:
        a revoked or forged token costs its tenant nothing."""
        if self.rate_limit is None or self.signed_in_actor is None:
            return 0
        wait = await self.rate_limit(self.signed_in_actor.tenant_id)
        return max(1, math.ceil(wait)) if wait else 0


async def build_context(
    request: HTTPConnection,
    response: Response | None,
    settings: Settings,
    authorization: str | None,
) -> Context:
    """The context of an operation that came through /graphql, signed in with its Authorization
    header (a websocket's may sign in later, in connection_init)."""
    context = Context(request=request, response=response, settings=settings, signed_in_actor=None)
    await context.sign_in(authorization)
    return context


async def build_session_context(
    request: HTTPConnection, settings: Settings, session_token: str | None
) -> Context:
    """The context of the operations that the dashboard runs in-process, signed in with the
    session token of its cookie; they answer no HTTP response of their own."""
    context = Context(request=request, response=None, settings=settings, signed_in_actor=None)
    if session_token:
        await context.sign_in_with_token(session_token)
    return context
