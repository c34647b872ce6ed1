"""PROMPTVAULT_EMBEDDER=openai: the app takes its vectors from an OpenAI-compatible
`/v1/embeddings` endpoint. The hosted API is out of reach here, so the test serves one on
127.0.0.1 that computes the vectors with the real MiniLM model."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from app.search.embedders import MiniLMEmbedder
from tests.search.support import create_prompt, search_names, wait_for_indexing
from tests.support.databases import ThrowawayDatabase
from tests.support.graphql import TenantHandle
from tests.support.server import isolated_server

API_KEY = "sk-local-test-key"
MODEL = "all-minilm-over-http"


class EmbeddingsHandler(BaseHTTPRequestHandler):
    seen: list[dict[str, Any]]

    def do_POST(self) -> None:
        request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.seen.append(
            {"path": self.path, "authorization": self.headers["Authorization"], **request}
        )
        vectors = asyncio.run(MiniLMEmbedder().embed(request["input"]))
        # Not unit length, as some servers answer: the app normalises.
        data = [
            {"object": "embedding", "index": index, "embedding": [3 * value for value in vector]}
            for index, vector in reversed(list(enumerate(vectors)))
        ]
        body = json.dumps({"object": "list", "data": data, "model": request["model"]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def embeddings_endpoint() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """Its URL, and the requests it received."""
    seen: list[dict[str, Any]] = []
    handler = type("Handler", (EmbeddingsHandler,), {"seen": seen})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def endpoint() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    with embeddings_endpoint() as served:
        yield served


@pytest.fixture(scope="module")
def search_server(
    database: ThrowawayDatabase,
    endpoint: tuple[str, list[dict[str, Any]]],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    directory = tmp_path_factory.mktemp("openai-embedder")
    settings = {
        "PROMPTVAULT_CHROMA_PATH": str(directory / "chroma"),
        "PROMPTVAULT_EMBEDDER": "openai",
        "PROMPTVAULT_EMBEDDINGS_URL": endpoint[0],
        "PROMPTVAULT_EMBEDDINGS_MODEL": MODEL,
        "PROMPTVAULT_EMBEDDINGS_API_KEY": API_KEY,
    }
    with isolated_server(database.dialect, directory, settings) as server:
        yield server.url


async def test_search_with_vectors_from_an_openai_compatible_endpoint(
    remote_tenant: TenantHandle, endpoint: tuple[str, list[dict[str, Any]]]
) -> None:
    _, seen = endpoint
    await create_prompt(
        remote_tenant,
        name="refund-replies",
        title="Refund replies",
        body="Write a friendly reply to a customer who asks for their money back.",
    )
    await create_prompt(
        remote_tenant,
        name="sql-writer",
        title="Question to SQL",
        body="Turn the analyst's question into one PostgreSQL SELECT statement.",
    )
    await wait_for_indexing(remote_tenant)

    assert (await search_names(remote_tenant, "write a database query"))[0] == "sql-writer"
    assert (await search_names(remote_tenant, "customer wants a refund"))[0] == "refund-replies"
    assert seen, "the app asked the endpoint for its vectors"
    for request in seen:
        assert request["path"] == "/v1/embeddings"
        assert request["authorization"] == f"Bearer {API_KEY}"
        assert request["model"] == MODEL
    assert any(request["input"] == ["write a database query"] for request in seen)
