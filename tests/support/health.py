"""A probe that asks a real server's /health while an attack runs, for denial-of-service tests."""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

# Generous: a healthy server answers /health in milliseconds even on a busy machine; the attacks
# these tests replay used to hold it for tens of seconds.
HEALTHY_WAIT_SECONDS = 1.0
PROBE_INTERVAL_SECONDS = 0.05
PROBE_TIMEOUT_SECONDS = 120


class HealthProbe:
    """Asks /health every 50 ms from a thread of its own and remembers every wait."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.worst_seconds = 0.0
        self.waits: list[float] = []
        self.answers = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with httpx.Client(timeout=PROBE_TIMEOUT_SECONDS) as client:
            while not self._stop.is_set():
                started = time.perf_counter()
                client.get(f"{self.url}/health").raise_for_status()
                wait = time.perf_counter() - started
                self.waits.append(wait)
                self.worst_seconds = max(self.worst_seconds, wait)
                self.answers += 1
                self._stop.wait(PROBE_INTERVAL_SECONDS)

    @property
    def median_seconds(self) -> float:
        return statistics.median(self.waits)

    def start(self) -> None:
        self._thread.start()

    def finish(self) -> None:
        """Waits for one more answer (a stall that the attack left behind, such as work still
        running in the server, counts too), then stops."""
        answered = self.answers
        while self.answers == answered and self._thread.is_alive():
            time.sleep(PROBE_INTERVAL_SECONDS)
        self._stop.set()
        self._thread.join()


@contextmanager
def probing_health(url: str) -> Iterator[HealthProbe]:
    """Probes /health while the block runs."""
    probe = HealthProbe(url)
    probe.start()
    try:
        yield probe
    finally:
        probe.finish()
