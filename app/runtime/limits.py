"""Per-tenant rate limits: a token bucket per tenant and surface (the runtime API, GraphQL).

A bucket holds up to `burst` tokens and gains `rate` a second; a request takes one or is refused
with the time until the next. Each tenant has its own buckets, so one tenant's burst never
starves another. Buckets live in the process: with N workers a tenant may get up to N times its
limit (set the limits per worker). A tenant's limits come from `Tenant.limits`
("runtime_rate_per_second", "runtime_burst", "graphql_rate_per_second", "graphql_burst"), with
the settings as defaults; they are read when a tenant is first seen and refreshed by the runtime's
upkeep, never on the request path.
"""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from app.core.metrics import RATE_LIMITED
from app.identity.models import Tenant
from app.settings import Settings

logger = logging.getLogger("promptvault.runtime")


class Surface(enum.StrEnum):
    RUNTIME = "runtime"
    GRAPHQL = "graphql"


@dataclass(frozen=True, slots=True)
class Rate:
    per_second: float
    burst: float

    @classmethod
    def from_limits(cls, limits: Mapping[str, Any], surface: Surface, default: Rate) -> Rate:
        per_second = limits.get(f"{surface.value}_rate_per_second", default.per_second)
        burst = limits.get(f"{surface.value}_burst", default.burst)
        valid = all(
            isinstance(value, int | float) and not isinstance(value, bool) and value > 0
            for value in (per_second, burst)
        )
        return cls(float(per_second), float(burst)) if valid else default


class TokenBucket:
    __slots__ = ("rate", "tokens", "updated")

    def __init__(self, rate: Rate) -> None:
        self.rate = rate
        self.tokens = rate.burst
        self.updated = time.monotonic()

    def take(self) -> float:
        """0 when a token was taken; otherwise the seconds until one is there."""
        now = time.monotonic()
        self.tokens = min(
            self.rate.burst, self.tokens + (now - self.updated) * self.rate.per_second
        )
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate.per_second


class TenantRateLimits:
    def __init__(self, defaults: Mapping[Surface, Rate]) -> None:
        self._defaults = dict(defaults)
        self._rates: dict[UUID, dict[Surface, Rate]] = {}
        self._buckets: dict[tuple[UUID, Surface], TokenBucket] = {}

    @classmethod
    def for_settings(cls, settings: Settings) -> TenantRateLimits:
        return cls(
            {
                Surface.RUNTIME: Rate(settings.runtime_rate_per_second, settings.runtime_burst),
                Surface.GRAPHQL: Rate(settings.graphql_rate_per_second, settings.graphql_burst),
            }
        )

    async def admit(self, tenant_id: UUID, surface: Surface) -> float:
        """0 to go ahead; otherwise the seconds to wait (the request is refused)."""
        bucket = self._buckets.get((tenant_id, surface))
        if bucket is None:
            rates = self._rates.get(tenant_id) or await self._load(tenant_id)
            bucket = self._buckets.setdefault((tenant_id, surface), TokenBucket(rates[surface]))
        wait = bucket.take()
        if wait:
            RATE_LIMITED.labels(surface.value).inc()
        return wait

    def _rates_from(self, limits: Mapping[str, Any]) -> dict[Surface, Rate]:
        return {
            surface: Rate.from_limits(limits, surface, default)
            for surface, default in self._defaults.items()
        }

    async def _load(self, tenant_id: UUID) -> dict[Surface, Rate]:
        limits: Any
        try:
            limits = await Tenant.filter(id=tenant_id).first().values_list("limits", flat=True)
        except Exception:
            logger.exception("could not read a tenant's limits; the defaults apply for now")
            limits = {}
        rates = self._rates_from(limits if isinstance(limits, dict) else {})
        self._rates[tenant_id] = rates
        return rates

    async def refresh(self) -> None:
        """Read the limits of every tenant seen, in one query, and apply them to its buckets."""
        if not self._rates:
            return
        rows = await Tenant.filter(id__in=list(self._rates)).values_list("id", "limits")
        for tenant_id, limits in rows:
            rates = self._rates_from(limits if isinstance(limits, dict) else {})
            self._rates[tenant_id] = rates
            for surface, rate in rates.items():
                bucket = self._buckets.get((tenant_id, surface))
                if bucket is not None and bucket.rate != rate:
                    bucket.rate = rate
                    bucket.tokens = min(bucket.tokens, rate.burst)
