"""The search engine of a process: its embedder and its index, made once per settings."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from app.search.embedders import Embedder, embedder_for
from app.search.index import ChromaIndex
from app.settings import Settings


@dataclass(frozen=True)
class SearchEngine:
    embedder: Embedder
    index: ChromaIndex

    @property
    def space(self) -> str:
        return self.embedder.space


@lru_cache(maxsize=4)
def search_engine(settings: Settings) -> SearchEngine:
    """Shared by the API, the job worker and the CLI of this process; nothing connects or loads
    a model until the first search or index job."""
    return SearchEngine(embedder=embedder_for(settings), index=ChromaIndex(settings))
