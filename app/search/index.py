"""The Chroma index: one collection per tenant and vector space, one document per passage of an
asset. Chroma's client is synchronous, so every call runs in a thread.

Isolation: a tenant's queries open only that tenant's collection, so no filter can be forgotten.
"""

from __future__ import annotations

import asyncio
import threading
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast
from urllib.parse import urlsplit
from uuid import UUID

from app.search.embedders import Vector
from app.search.passages import Passage
from app.settings import Settings

if TYPE_CHECKING:
    from chromadb import Where
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

# Chroma refuses larger batches (its get_max_batch_size() is 5461 on SQLite).
WRITE_BATCH = 1000
READ_PAGE = 5000
# Chroma's embedded client is not safe to create from two threads at once (the first index jobs
# of a fresh data directory failed so): one thread of the process makes it, the others wait.
_CONNECT_LOCK = threading.Lock()


@dataclass(frozen=True)
class IndexedAsset:
    """What the index holds of one asset: the state it was built from, and its passages."""

    asset_id: UUID
    version_id: UUID | None
    kind: str
    # The asset's updated_at when its state was read: a job that read an older state than the
    # one indexed already writes nothing.
    stamp: float
    passages: list[Passage]
    vectors: list[Vector]


def of_assets(asset_ids: list[UUID]) -> Where:
    return cast("Where", {"asset_id": {"$in": [str(asset_id) for asset_id in asset_ids]}})


@dataclass(frozen=True)
class Match:
    asset_id: UUID
    version_id: UUID | None
    source: str
    similarity: float


def _held_documents(
    collection: Collection, assets: list[IndexedAsset]
) -> tuple[dict[str, list[str]], dict[str, float]]:
    """The ids of the documents the index holds for each asset, and the stamp they were built
    from."""
    held = collection.get(
        where=of_assets([asset.asset_id for asset in assets]), include=["metadatas"]
    )
    held_ids: dict[str, list[str]] = defaultdict(list)
    held_stamps: dict[str, float] = {}
    for doc_id, metadata in zip(held["ids"], held["metadatas"] or [], strict=True):
        asset_id = str(metadata["asset_id"])
        held_ids[asset_id].append(doc_id)
        stamp = cast(float, metadata["stamp"])
        held_stamps[asset_id] = max(held_stamps.get(asset_id, 0.0), stamp)
    return held_ids, held_stamps


def _documents(
    assets: list[IndexedAsset],
) -> tuple[list[str], list[Vector], list[dict[str, str | float]], list[str]]:
    """Ids, vectors, metadata and texts of the assets' passages, as Chroma takes them."""
    ids: list[str] = []
    vectors: list[Vector] = []
    metadatas: list[dict[str, str | float]] = []
    texts: list[str] = []
    for asset in assets:
        for passage, vector in zip(asset.passages, asset.vectors, strict=True):
            ids.append(f"{asset.asset_id}:{passage.source}:{passage.position}")  # asset id first
            vectors.append(vector)
            texts.append(passage.text)
            metadatas.append(
                {
                    "asset_id": str(asset.asset_id),
                    "version_id": str(asset.version_id or ""),
                    "kind": asset.kind,
                    "view": passage.source,  # the key that indexes already built hold
                    "stamp": asset.stamp,
                }
            )
    return ids, vectors, metadatas, texts


class ChromaIndex:
    def __init__(self, settings: Settings) -> None:
        self.path = settings.chroma_path
        self.url = settings.chroma_url
        self._client: ClientAPI | None = None
        # Serialises writes in this process, so that the stamp check and the write it guards
        # see no other write in between.
        self._write_lock = threading.Lock()

    def _connect(self) -> ClientAPI:
        with _CONNECT_LOCK:
            return self._client or self._new_client()

    def _new_client(self) -> ClientAPI:
        # Made on first use, and again after a failure: a Chroma server may be down at start.
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        if self.url:
            parts = urlsplit(self.url)
            self._client = chromadb.HttpClient(
                host=parts.hostname or "127.0.0.1",
                port=parts.port or 8000,
                ssl=parts.scheme == "https",
                settings=chroma_settings,
            )
        else:
            self.path.mkdir(parents=True, exist_ok=True)
            self._client = chromadb.PersistentClient(path=str(self.path), settings=chroma_settings)
        return self._client

    def _collection(self, tenant_id: UUID, space: str) -> Collection:
        # Our vectors always come with the documents and queries: Chroma's own embedding
        # function would download a model.
        return self._connect().get_or_create_collection(
            f"assets-{space}-{tenant_id.hex}",
            embedding_function=None,
            configuration={"hnsw": {"space": "cosine"}},
        )

    def _write(self, tenant_id: UUID, space: str, assets: list[IndexedAsset]) -> None:
        collection = self._collection(tenant_id, space)
        with self._write_lock:
            held_ids, held_stamps = _held_documents(collection, assets)
            fresh = [a for a in assets if a.stamp >= held_stamps.get(str(a.asset_id), 0.0)]
            ids, vectors, metadatas, documents = _documents(fresh)
            for start in range(0, len(ids), WRITE_BATCH):
                end = start + WRITE_BATCH
                collection.upsert(
                    ids=ids[start:end],
                    embeddings=vectors[start:end],  # type: ignore[arg-type]
                    metadatas=metadatas[start:end],  # type: ignore[arg-type]
                    documents=documents[start:end],
                )
            written = set(ids)
            stale = [
                doc_id
                for asset in fresh
                for doc_id in held_ids[str(asset.asset_id)]
                if doc_id not in written
            ]
            if stale:
                collection.delete(ids=stale)

    def _remove(self, tenant_id: UUID, space: str, asset_ids: list[UUID]) -> None:
        collection = self._collection(tenant_id, space)
        with self._write_lock:
            collection.delete(where=of_assets(asset_ids))

    def _query(
        self, tenant_id: UUID, space: str, vectors: list[Vector], n: int, where: Where | None
    ) -> list[list[Match]]:
        found = self._collection(tenant_id, space).query(
            query_embeddings=vectors,  # type: ignore[arg-type]
            n_results=n,
            where=where,
            include=["metadatas", "distances"],
        )
        return [
            [
                Match(
                    asset_id=UUID(str(metadata["asset_id"])),
                    version_id=UUID(str(metadata["version_id"]))
                    if metadata["version_id"]
                    else None,
                    source=str(metadata["view"]),
                    similarity=1.0 - distance,
                )
                for metadata, distance in zip(metadatas, distances, strict=True)
            ]
            for metadatas, distances in zip(
                found["metadatas"] or [], found["distances"] or [], strict=True
            )
        ]

    def _asset_ids(self, tenant_id: UUID, space: str) -> set[UUID]:
        collection = self._collection(tenant_id, space)
        asset_ids: set[UUID] = set()
        # Page by page: Chroma's SQLite refuses a statement with too many variables.
        for offset in range(0, collection.count(), READ_PAGE):
            held = collection.get(include=[], limit=READ_PAGE, offset=offset)
            asset_ids |= {UUID(doc_id.partition(":")[0]) for doc_id in held["ids"]}
        return asset_ids

    async def write(self, tenant_id: UUID, space: str, assets: list[IndexedAsset]) -> None:
        """Replaces the documents of each asset, unless the index holds a newer state of it."""
        if assets:
            await asyncio.to_thread(self._write, tenant_id, space, assets)

    async def remove(self, tenant_id: UUID, space: str, asset_ids: list[UUID]) -> None:
        if asset_ids:
            await asyncio.to_thread(self._remove, tenant_id, space, asset_ids)

    async def query(
        self, tenant_id: UUID, space: str, vectors: list[Vector], *, n: int, where: Where | None
    ) -> list[list[Match]]:
        """For each vector, the n nearest passages of the tenant's assets, nearest first."""
        return await asyncio.to_thread(self._query, tenant_id, space, vectors, n, where)

    async def asset_ids(self, tenant_id: UUID, space: str) -> set[UUID]:
        return await asyncio.to_thread(self._asset_ids, tenant_id, space)
