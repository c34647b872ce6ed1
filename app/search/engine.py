"""The search engine of a process: its embedder and its index, made once per settings."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from app.core.errors import RateLimited
from app.search.embedders import Embedder, Vector, embedder_for
from app.search.index import ChromaIndex
from app.settings import Settings

# About how long the model takes to load on an idle machine.
RETRY_AFTER_SECONDS = 5


@dataclass(frozen=True)
class SearchEngine:
    embedder: Embedder
    index: ChromaIndex
    # How long a search waits for the embedder to load before asking the client to try again.
    wait_seconds: float

    @property
    def space(self) -> str:
        return self.embedder.space

    async def embed_for_search(self, texts: list[str]) -> list[Vector]:
        """A search waits wait_seconds at most for the embedder to load, then is told to try
        again (RATE_LIMITED): a client that times out learns nothing, one told to come back
        does. Index jobs call the embedder directly and wait for it."""
        if not await self.embedder.loaded_within(self.wait_seconds):
            raise RateLimited(
                "search is starting up (its model is loading); try again in a few seconds",
                retryAfter=RETRY_AFTER_SECONDS,
            )
        return await self.embedder.embed(texts)


@lru_cache(maxsize=4)
def search_engine(settings: Settings) -> SearchEngine:
    """Shared by the API, the job worker and the CLI of this process; nothing connects or loads
    a model until the server's warm-up, the first search or the first index job."""
    return SearchEngine(
        embedder=embedder_for(settings),
        index=ChromaIndex(settings),
        wait_seconds=settings.search_wait_seconds,
    )
