"""The runtime's state in a server process: the prompt cache, the verified API keys and the
tenants' rate limits, all in memory. The app makes it; the lifespan connects it to the bus (every
tenant's events) and runs its upkeep for as long as the server runs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from starlette.requests import HTTPConnection

from app.core.actor import Actor
from app.core.errors import Unauthenticated
from app.core.periodic import running_every
from app.identity.service import authenticate_bearer, bearer_token, looks_like_api_key
from app.realtime.bus import EventBus
from app.runtime.cache import PromptCache
from app.runtime.limits import TenantRateLimits
from app.runtime.served import read_prompt
from app.runtime.verified_keys import VerifiedKeys
from app.settings import Settings


@dataclass
class RuntimeState:
    settings: Settings
    prompts: PromptCache
    keys: VerifiedKeys
    limits: TenantRateLimits

    @classmethod
    def for_settings(cls, settings: Settings) -> RuntimeState:
        return cls(
            settings=settings,
            prompts=PromptCache(
                read_prompt,
                max_age=settings.runtime_cache_seconds,
                max_entries=settings.runtime_cache_size,
            ),
            keys=VerifiedKeys(max_entries=settings.runtime_cache_size),
            limits=TenantRateLimits.for_settings(settings),
        )

    async def authenticate(self, connection: HTTPConnection) -> Actor:
        """The bearer of an API key (verified from memory when it can be) or of a session."""
        token = bearer_token(connection.headers.get("authorization"))
        if token is None:
            raise Unauthenticated("send Authorization: Bearer <API key or token>")
        ip = connection.client.host if connection.client else None
        if looks_like_api_key(token):
            return await self.keys.authenticate(token, ip=ip)
        return await authenticate_bearer(token, settings=self.settings, ip=ip)

    async def upkeep(self) -> None:
        await self.keys.recheck()
        await self.limits.refresh()

    @asynccontextmanager
    async def listening(self, bus: EventBus) -> AsyncIterator[RuntimeState]:
        """For the server's lifetime: cached prompts hear every tenant's events, and cached
        keys and limits are re-checked."""
        with bus.subscribe_all(self.prompts):
            async with running_every(
                self.settings.api_key_recheck_seconds, self.upkeep, name="runtime upkeep"
            ):
                yield self
