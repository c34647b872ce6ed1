"""A version's execution statistics: count, error rate, latency percentiles, tokens and cost over
a chosen window, and charts of them over time (charts.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.dashboard.charts import Chart, Format, Series, bar_chart, line_chart
from app.dashboard.execution import run_operation
from app.dashboard.forms import Form
from app.dashboard.rendering import render


@dataclass(frozen=True)
class Window:
    key: str
    label: str
    span: timedelta | None  # None: every log

    def since(self, now: datetime) -> str | None:
        return (now - self.span).isoformat() if self.span else None


WINDOWS = [
    Window("24h", "Last 24 hours", timedelta(hours=24)),
    Window("7d", "Last 7 days", timedelta(days=7)),
    Window("30d", "Last 30 days", timedelta(days=30)),
    Window("all", "All time", None),
]
DEFAULT_WINDOW = WINDOWS[1]
POINT_LABELS = {"hour": "%m-%d %H:%M", "day": "%Y-%m-%d"}


def number(value: float) -> str:
    """A figure as people read it: 1,234 or 12.5 or 0.0042."""
    if value == int(value):
        return f"{int(value):,}"
    if abs(value) >= 1:
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{value:.3g}"


def milliseconds(value: float) -> str:
    return f"{number(value)} ms"


def percent(value: float) -> str:
    return f"{number(round(value * 100, 2))}%"


def _series(points: list[dict[str, Any]], *fields: tuple[str, str]) -> list[Series]:
    return [Series(name, [point[field] for point in points]) for field, name in fields]


def charts(stats: dict[str, Any]) -> list[Chart]:
    points = stats["series"]
    labels = [
        datetime.fromisoformat(point["at"]).astimezone(UTC).strftime(POINT_LABELS[stats["grain"]])
        for point in points
    ]
    by_figure: list[tuple[str, Any, list[Series], Format]] = [
        (
            "Latency percentiles",
            line_chart,
            _series(
                points, ("p50LatencyMs", "p50"), ("p95LatencyMs", "p95"), ("p99LatencyMs", "p99")
            ),
            milliseconds,
        ),
        ("Error rate", line_chart, _series(points, ("errorRate", "errors")), percent),
        (
            "Tokens",
            bar_chart,
            _series(points, ("inputTokens", "input"), ("outputTokens", "output")),
            number,
        ),
        ("Cost", bar_chart, _series(points, ("cost", "cost")), number),
    ]
    return [draw(title, labels, series, formats) for title, draw, series, formats in by_figure]


def _figures(stats: dict[str, Any]) -> list[tuple[str, str]]:
    def latency(field: str) -> str:
        value = stats[field]
        return "–" if value is None else milliseconds(value)

    return [
        ("Executions", number(stats["count"])),
        ("Error rate", percent(stats["errorRate"])),
        ("Latency p50", latency("p50LatencyMs")),
        ("Latency p95", latency("p95LatencyMs")),
        ("Latency p99", latency("p99LatencyMs")),
        ("Input tokens", number(stats["inputTokens"])),
        ("Output tokens", number(stats["outputTokens"])),
        ("Cost", number(stats["cost"])),
    ]


async def version_stats(request: Request) -> Response:
    filters = Form({"window": request.query_params.get("window", DEFAULT_WINDOW.key)})
    windows = {window.key: window for window in WINDOWS}
    window = windows.get(filters.value("window"))
    if window is None:
        filters.refuse("window", f"choose one of: {', '.join(windows)}")
        window = DEFAULT_WINDOW
    data = await run_operation(
        request,
        "VersionStatsPage",
        {"id": request.path_params["id"], "since": window.since(datetime.now(UTC))},
    )
    stats = data["versionStats"]
    return render(
        request,
        "stats/version.html",
        "stats/_stats.html",
        status_code=filters.status_code,
        me=data["me"],
        version=data["version"],
        stats=stats,
        figures=_figures(stats),
        charts=charts(stats),
        filters=filters,
        windows=[(window.key, window.label) for window in WINDOWS],
        milliseconds=milliseconds,
        percent=percent,
        number=number,
    )


ROUTES = [
    Route("/versions/{id}/stats", version_stats, name="version_stats"),
]
