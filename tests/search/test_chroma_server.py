"""The app against a Chroma server started here (`chroma run`): search, an outage that the index
jobs ride out, and `promptvault reindex` rebuilding an emptied index."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass

import chromadb
import pytest
from chromadb.config import Settings as ChromaSettings

from tests.search.chroma import ChromaServer, running_chroma
from tests.search.support import (
    JOBS,
    SEARCH,
    create_prompt,
    search,
    search_names,
    wait_for_indexing,
)
from tests.support.cli import run_cli
from tests.support.databases import ThrowawayDatabase
from tests.support.graphql import TenantHandle
from tests.support.registry import CREATE_VERSION
from tests.support.server import isolated_server

PROMPTS = {
    "refund-replies": (
        "Refund replies",
        "Write a friendly reply to a customer who asks for their money back, following the "
        "refund policy.",
    ),
    "sql-writer": (
        "Question to SQL",
        "Turn the analyst's question into one PostgreSQL SELECT statement over the schema.",
    ),
    "french-translator": (
        "Into French",
        "Translate the text from English into formal French, keeping product names as they are.",
    ),
}
OUTAGE_PROMPTS = {
    "meeting-minutes": (
        "Meeting minutes",
        "Turn the meeting transcript into minutes with decisions and action items.",
    ),
    "toxicity-filter": (
        "Comment moderation",
        "Decide whether the user comment breaks the community rules on harassment.",
    ),
}


@dataclass
class Deployment:
    chroma: ChromaServer
    url: str
    env: dict[str, str]


@pytest.fixture(scope="module")
def deployment(
    database: ThrowawayDatabase, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Deployment]:
    directory = tmp_path_factory.mktemp("chroma-server")
    with (
        running_chroma(directory / "chroma") as chroma,
        isolated_server(
            database.dialect,
            directory,
            {"PROMPTVAULT_CHROMA_URL": chroma.url, "PROMPTVAULT_JOB_BACKOFF_SECONDS": "0.2"},
        ) as server,
    ):
        yield Deployment(chroma=chroma, url=server.url, env=server.env)


@pytest.fixture(scope="module")
def search_server(deployment: Deployment) -> str:
    return deployment.url


async def create_prompts(
    tenant: TenantHandle, prompts: dict[str, tuple[str, str]]
) -> dict[str, str]:
    return {
        name: await create_prompt(tenant, name=name, title=title, body=body)
        for name, (title, body) in prompts.items()
    }


def documents_in(chroma: ChromaServer) -> int:
    client = chromadb.HttpClient(
        host="127.0.0.1", port=chroma.port, settings=ChromaSettings(anonymized_telemetry=False)
    )
    return sum(collection.count() for collection in client.list_collections())


async def test_search_runs_against_the_chroma_server(
    deployment: Deployment, remote_tenant: TenantHandle
) -> None:
    before = documents_in(deployment.chroma)
    await create_prompts(remote_tenant, PROMPTS)
    await wait_for_indexing(remote_tenant)

    assert documents_in(deployment.chroma) > before
    assert (await search_names(remote_tenant, "customer wants their money back"))[0] == (
        "refund-replies"
    )
    assert (await search_names(remote_tenant, "write a database query"))[0] == "sql-writer"


async def test_registry_writes_succeed_while_chroma_is_down_and_the_index_catches_up(
    deployment: Deployment, remote_tenant: TenantHandle
) -> None:
    ids = await create_prompts(remote_tenant, PROMPTS)
    await wait_for_indexing(remote_tenant)

    deployment.chroma.stop()
    try:
        ids |= await create_prompts(remote_tenant, OUTAGE_PROMPTS)
        parcel = "Tell a customer whose parcel is late where it is, from its tracking events."
        added = await remote_tenant.gql(
            CREATE_VERSION, {"assetId": ids["refund-replies"], "input": {"body": parcel}}
        )
        assert added.ok()["createVersion"]["number"] == 2
        failed = await _jobs_failing(remote_tenant)
        assert failed and all(job["kind"] == "search.index_asset" for job in failed)
        assert (await remote_tenant.gql(SEARCH, {"query": "anything"})).errors
    finally:
        deployment.chroma.start()

    await wait_for_indexing(remote_tenant, timeout=90)
    for name, asset_id in ids.items():
        [hit] = await search(remote_tenant, name, limit=1)
        assert hit["asset"]["id"] == asset_id
    assert (await search_names(remote_tenant, "minutes of a meeting"))[0] == "meeting-minutes"
    [hit] = await search(remote_tenant, "where is my delivery", limit=1)
    assert hit["asset"]["name"] == "refund-replies"
    assert hit["version"]["number"] == 2


async def _jobs_failing(tenant: TenantHandle, timeout: float = 30) -> list[dict[str, str]]:
    """The tenant's failed jobs, once there are some."""
    for _ in range(int(timeout / 0.2)):
        result = await tenant.gql(JOBS, {"status": "FAILED"})
        failed = [edge["node"] for edge in result.ok()["jobs"]["edges"]]
        if failed:
            return failed
        await asyncio.sleep(0.2)
    return []


async def test_reindex_rebuilds_an_emptied_index(
    deployment: Deployment, remote_tenant: TenantHandle
) -> None:
    await create_prompts(remote_tenant, PROMPTS)
    await wait_for_indexing(remote_tenant)
    client = chromadb.HttpClient(
        host="127.0.0.1",
        port=deployment.chroma.port,
        settings=ChromaSettings(anonymized_telemetry=False),
    )
    for collection in client.list_collections():
        client.delete_collection(collection.name)
    assert await search(remote_tenant, "customer wants their money back") == []

    rebuilt = run_cli("reindex", "--tenant", remote_tenant.slug, env=deployment.env)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert f"{remote_tenant.slug} [{'#' * 30}] 3/3 assets" in rebuilt.stderr
    assert "reindexed 3 asset(s)" in rebuilt.stdout

    assert (await search_names(remote_tenant, "customer wants their money back"))[0] == (
        "refund-replies"
    )
    assert set(await search_names(remote_tenant, "help with text")) == set(PROMPTS)


async def test_reindex_refuses_an_unknown_tenant(deployment: Deployment) -> None:
    refused = run_cli("reindex", "--tenant", "no-such-tenant", env=deployment.env)
    assert refused.returncode != 0
    assert "NOT_FOUND" in refused.stderr
