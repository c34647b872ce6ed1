"""Long-lived connections outlast their credentials: a session can be revoked by logout or
expire, an API key can be revoked. The watch re-checks the credentials behind every open
subscription of the process every few seconds, in one query per kind of credential whatever the
number of subscribers, and signals those that no longer authenticate."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Collection
from contextlib import asynccontextmanager
from uuid import UUID

from app.core.actor import Actor
from app.core.periodic import running_every
from app.identity.service import live_api_keys, live_sessions
from app.settings import Settings

LiveFilter = Callable[[Collection[UUID]], Awaitable[set[UUID]]]


class CredentialWatch:
    def __init__(self) -> None:
        self._sessions: dict[UUID, set[asyncio.Event]] = {}
        self._api_keys: dict[UUID, set[asyncio.Event]] = {}

    @asynccontextmanager
    async def watching(self, actor: Actor) -> AsyncIterator[asyncio.Event]:
        """An event set once the actor's credential no longer authenticates."""
        revoked = asyncio.Event()
        credential = actor.api_key_id or actor.session_id
        watched = self._api_keys if actor.is_api_key else self._sessions
        if credential is None:  # the system actor: nothing to revoke
            yield revoked
            return
        watched.setdefault(credential, set()).add(revoked)
        try:
            yield revoked
        finally:
            watched[credential].discard(revoked)
            if not watched[credential]:
                del watched[credential]

    async def sweep(self) -> None:
        await self._sweep(self._sessions, live_sessions)
        await self._sweep(self._api_keys, live_api_keys)

    @staticmethod
    async def _sweep(watched: dict[UUID, set[asyncio.Event]], live: LiveFilter) -> None:
        if not watched:
            return
        checked = set(watched)  # credentials added during the query wait for the next sweep
        for credential in checked - await live(checked):
            for revoked in watched.get(credential, ()):
                revoked.set()


@asynccontextmanager
async def watching_credentials(settings: Settings) -> AsyncIterator[CredentialWatch]:
    watch = CredentialWatch()
    async with running_every(
        settings.subscription_recheck_seconds, watch.sweep, name="credential watch"
    ):
        yield watch
