"""/health, /ready and /metrics."""

from __future__ import annotations

import httpx

from tests.support.metrics import sample
from tests.support.runtime import LivePrompt, RuntimeReader

PROMPT_ROUTE = 'route="/v1/prompts/{name}"'


async def test_health_says_the_process_is_up(http: httpx.AsyncClient) -> None:
    response = await http.get("/health")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


async def test_ready_says_the_database_answers(http: httpx.AsyncClient) -> None:
    response = await http.get("/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "database": "ok"}


async def test_metrics_count_requests_and_cache_hits_and_misses(
    http: httpx.AsyncClient, reader: RuntimeReader, live: LivePrompt
) -> None:
    before = (await http.get("/metrics")).text
    await reader.read(live.asset.name)  # a miss: its first read
    await reader.read(live.asset.name)  # a hit
    await reader.read(live.asset.name)  # a hit
    await reader.read("no-such-prompt")  # a miss, then a 404
    response = await http.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    after = response.text

    def moved(name: str, *labels: str) -> float:
        return sample(after, name, *labels) - sample(before, name, *labels)

    assert moved("promptvault_http_requests_total", PROMPT_ROUTE, 'status="200"') == 3
    assert moved("promptvault_http_requests_total", PROMPT_ROUTE, 'status="404"') == 1
    assert moved("promptvault_runtime_cache_hits_total") == 2
    assert moved("promptvault_runtime_cache_misses_total") == 2
    assert moved("promptvault_http_request_duration_seconds_count", PROMPT_ROUTE) == 4
    assert sample(after, "promptvault_http_request_duration_seconds_bucket", 'le="+Inf"') > 0
    assert "promptvault_executions_ingested_total" in after
    assert 'route="/graphql"' in after  # the fixtures' GraphQL calls


async def test_metrics_label_requests_by_route_template_not_path(
    http: httpx.AsyncClient, reader: RuntimeReader
) -> None:
    await reader.read("a-name-nobody-uses")
    await http.get("/no/such/path")
    metrics = (await http.get("/metrics")).text
    assert "a-name-nobody-uses" not in metrics
    assert "/no/such/path" not in metrics
    assert sample(metrics, "promptvault_http_requests_total", 'route="unmatched"') >= 1
