"""/metrics of a server with several worker processes counts the requests of all of them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.databases import migrated_database, require_postgres
from tests.support.metrics import sample
from tests.support.server import own_database_environment, running_server

HEALTH_ROUTE = 'route="/health"'
REQUESTS = 60
SCRAPES = 6


@pytest.fixture
def two_workers(tmp_path: Path) -> Iterator[str]:
    """A server of two worker processes on a PostgreSQL database of its own, whatever
    PROMPTVAULT_TEST_DB is (SQLite serves one process)."""
    require_postgres()
    with migrated_database("postgres", tmp_path) as database:
        with running_server(own_database_environment(database), "--workers", "2") as url:
            yield url


def _health_requests(url: str) -> float:
    return sample(httpx.get(f"{url}/metrics").text, "promptvault_http_requests_total", HEALTH_ROUTE)


def test_metrics_count_the_requests_that_every_worker_answered(two_workers: str) -> None:
    before = _health_requests(two_workers)
    for _ in range(REQUESTS):
        # A connection each: the workers take turns at accepting them.
        assert httpx.get(f"{two_workers}/health").status_code == 200
    # Each scrape reaches either worker, and each sees the same total.
    counted = {_health_requests(two_workers) - before for _ in range(SCRAPES)}
    assert counted == {REQUESTS}
