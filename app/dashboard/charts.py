"""Charts drawn on the server as inline SVG: a series over time becomes lines (with a dot per
point) or bars, on axes with labelled ticks. Here is the geometry; web/templates/stats/_chart.html
draws it, so every label goes through the templates' escaping. No script, no chart library."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 36  # room for the axes' labels
Y_TICKS = 4
MAX_X_LABELS = 8
MAX_BAR_WIDTH = 24.0
# Colour-blind-safe (Okabe-Ito), one per series in order.
COLOURS = ("#0072b2", "#e69f00", "#009e73", "#cc79a7")

Format = Callable[[float], str]


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]  # one per label; None where there is no figure


@dataclass(frozen=True)
class Tick:
    at: float  # x or y in the SVG
    label: str


@dataclass(frozen=True)
class Mark:
    """One figure: a dot of a line, or a bar (from `y` down to the x axis, `width` wide)."""

    x: float
    y: float
    width: float
    label: str  # what the figure is, as people read it: "14:00 · p95 320 ms"


@dataclass(frozen=True)
class Drawn:
    name: str
    colour: str
    marks: list[Mark]

    @property
    def points(self) -> str:
        """The polyline through the marks; a gap where a figure is missing is bridged."""
        return " ".join(f"{mark.x:.1f},{mark.y:.1f}" for mark in self.marks)


@dataclass(frozen=True)
class Chart:
    title: str
    kind: str  # "line" or "bars"
    series: list[Drawn]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    top: int = TOP
    right_edge: int = WIDTH - RIGHT
    baseline: int = HEIGHT - BOTTOM


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten at or above `value` (1 for nothing)."""
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if value <= step * power * (1 + 1e-9))


def _x_positions(count: int) -> tuple[list[float], float]:
    """The centre of each label's slot along the x axis, and the slots' width."""
    slot = (WIDTH - RIGHT - LEFT) / max(count, 1)
    return [LEFT + slot * (index + 0.5) for index in range(count)], slot


def _x_ticks(labels: Sequence[str], positions: list[float]) -> list[Tick]:
    every = math.ceil(len(labels) / MAX_X_LABELS) or 1
    return [
        Tick(at=positions[index], label=label)
        for index, label in enumerate(labels)
        if index % every == 0
    ]


def _chart(
    title: str, kind: str, labels: Sequence[str], series: Sequence[Series], formats: Format
) -> Chart:
    figures = [value for one in series for value in one.values if value is not None]
    top_value = nice_ceiling(max(figures, default=0.0))
    plot_height = HEIGHT - BOTTOM - TOP

    def y_of(value: float) -> float:
        return HEIGHT - BOTTOM - plot_height * value / top_value

    positions, slot = _x_positions(len(labels))
    bar_width = min(slot * 0.8 / max(len(series), 1), MAX_BAR_WIDTH) if kind == "bars" else 0.0
    drawn = []
    for number, one in enumerate(series):
        offset = (number - (len(series) - 1) / 2) * bar_width
        marks = [
            Mark(
                x=positions[index] + offset,
                y=y_of(value),
                width=bar_width,
                label=f"{labels[index]} · {one.name} {formats(value)}",
            )
            for index, value in enumerate(one.values)
            if value is not None
        ]
        drawn.append(Drawn(name=one.name, colour=COLOURS[number % len(COLOURS)], marks=marks))
    y_ticks = [
        Tick(at=y_of(top_value * step / Y_TICKS), label=formats(top_value * step / Y_TICKS))
        for step in range(Y_TICKS + 1)
    ]
    return Chart(title, kind, drawn, _x_ticks(labels, positions), y_ticks)


def line_chart(
    title: str, labels: Sequence[str], series: Sequence[Series], formats: Format
) -> Chart:
    return _chart(title, "line", labels, series, formats)


def bar_chart(
    title: str, labels: Sequence[str], series: Sequence[Series], formats: Format
) -> Chart:
    """Bars side by side, one group per label."""
    return _chart(title, "bars", labels, series, formats)
