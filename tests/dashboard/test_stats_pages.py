"""A version's statistics page: the figures of its logged executions, and charts of them drawn
as inline SVG on the server, whose marks sit where the numbers put them."""

from __future__ import annotations

import re

from tests.dashboard.client import DashboardClient, assert_rendered
from tests.support.graphql import TenantHandle
from tests.support.registry import make_asset

RECORD = "mutation Record($inputs: [ExecutionInput!]!) { recordExecutions(inputs: $inputs) }"
# Sorted latencies 100 200 300 400; percentile_cont(p) sits at rank p * 3:
#   p50: 200 + 0.5 * 100 = 250;  p95: rank 2.85 -> 385;  p99: rank 2.97 -> 397.
LATENCIES = [(300, "SUCCESS"), (100, "SUCCESS"), (400, "ERROR"), (200, "SUCCESS")]
# The plot spans y 16 (the top tick) to 204 (the x axis); the latency chart's top tick is 500.
PLOT_TOP, X_AXIS = 16, 204


async def _stats_of_logged_version(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle, params: dict[str, str]
) -> str:
    """The statistics page, with `params`, of a version with the executions of LATENCIES."""
    asset = await make_asset(tenant, versions=1)
    version_id = asset.version_ids[0]
    inputs = [
        {
            "versionId": version_id,
            "latencyMs": latency,
            "status": status,
            "inputTokens": 10,
            "outputTokens": 20,
            "cost": 0.01,
        }
        for latency, status in LATENCIES
    ]
    assert (await tenant.gql(RECORD, {"inputs": inputs})).ok()["recordExecutions"] == 4
    return assert_rendered(await admin.get(f"/versions/{version_id}/stats", params), htmx)


def _figure(page: str, label: str) -> str:
    found = re.search(rf"<dt>{label}</dt><dd>([^<]+)</dd>", page)
    assert found, label
    return found[1]


def _y(value: float, top: float) -> str:
    return f"{X_AXIS - (X_AXIS - PLOT_TOP) * value / top:.1f}"


async def test_the_page_shows_the_figures_of_the_logged_executions(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    page = await _stats_of_logged_version(admin, htmx, tenant, {})

    assert [
        _figure(page, label)
        for label in (
            "Executions",
            "Error rate",
            "Latency p50",
            "Latency p95",
            "Latency p99",
            "Input tokens",
            "Output tokens",
            "Cost",
        )
    ] == ["4", "25%", "250 ms", "385 ms", "397 ms", "40", "80", "0.04"]


async def test_the_charts_draw_each_figure_where_its_number_puts_it(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    page = await _stats_of_logged_version(admin, htmx, tenant, {"window": "24h"})

    assert page.count('<svg viewBox="0 0 640 240" role="img"') == 4
    titles = re.findall(r"<figcaption>([^<]+)</figcaption>", page)
    assert titles == ["Latency percentiles", "Error rate", "Tokens", "Cost"]
    dots = dict(
        re.findall(
            r'<circle cx="[\d.]+" cy="([\d.]+)" r="3.5"><title>[^<]* · (\w+ [^<]+)</title>', page
        )
    )
    marks = {label: y for y, label in dots.items()}
    assert marks["p50 250 ms"] == _y(250, 500)
    assert marks["p95 385 ms"] == _y(385, 500)
    assert marks["p99 397 ms"] == _y(397, 500)
    assert marks["errors 25%"] == _y(0.25, 0.25)  # the error chart tops out at 25%
    y_labels = re.findall(r'<text x="58" y="[\d.]+">([^<]+)</text>', page)
    assert y_labels[:5] == ["0 ms", "125 ms", "250 ms", "375 ms", "500 ms"]
    bars = re.findall(
        r'<rect [^>]*height="([\d.]+)" stroke="none"><title>[^<]* · (\w+ [^<]+)</title>', page
    )
    assert {label: height for height, label in bars} == {
        "input 40": f"{(X_AXIS - PLOT_TOP) * 40 / 100:.1f}",
        "output 80": f"{(X_AXIS - PLOT_TOP) * 80 / 100:.1f}",
        "cost 0.04": f"{(X_AXIS - PLOT_TOP) * 0.04 / 0.05:.1f}",
    }
    assert "<script" not in page.split('id="version-stats"')[1]


async def test_a_version_without_executions_says_so(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    asset = await make_asset(tenant, versions=1)
    page = assert_rendered(await admin.get(f"/versions/{asset.version_ids[0]}/stats"), htmx)
    assert "No executions logged for this version in this window." in page
    assert "<svg" not in page and _figure(page, "Latency p50") == "–"


async def test_a_window_that_does_not_exist_is_refused_beside_its_field(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    asset = await make_asset(tenant, versions=1)
    response = await admin.get(f"/versions/{asset.version_ids[0]}/stats", {"window": "1y"})
    page = assert_rendered(response, htmx, status=400)
    assert re.search(r'id="error-window">choose one of: 24h, 7d, 30d, all<', page)


async def test_the_asset_page_links_each_version_to_its_statistics(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    asset = await make_asset(tenant, versions=2)
    page = assert_rendered(await admin.get(f"/assets/{asset.name}"), htmx)
    for version_id in asset.version_ids:
        assert f'href="/versions/{version_id}/stats"' in page


async def test_any_role_reads_statistics_but_another_tenant_finds_nothing(
    browser: DashboardClient, htmx: bool, tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    asset = await make_asset(tenant, versions=1)
    path = f"/versions/{asset.version_ids[0]}/stats"
    browser.use_session(await tenant.token_for("VIEWER"))
    assert_rendered(await browser.get(path), htmx)
    browser.use_session(other_tenant.token)
    assert "AssetVersion not found" in assert_rendered(await browser.get(path), htmx, 404)
