"""Reading Prometheus text: one sample's value."""

from __future__ import annotations

import re


def sample(metrics: str, name: str, *labels: str) -> float:
    """The value of the sample `name` whose labels include all of `labels` (0 if none)."""
    for line in metrics.splitlines():
        match = re.match(rf"{name}(?:{{(.*)}})? (\S+)$", line)
        if match and all(label in (match.group(1) or "") for label in labels):
            return float(match.group(2))
    return 0.0
