"""Issue 13's figure, on SQLite and PostgreSQL: the time our side adds to an OIDC sign-in, p50
over 50 sign-ins: the callback's handling (state, code exchange, ID token verification, the user,
the session) less the time spent waiting on the identity provider's endpoints.

The app runs in this process (over ASGI, no network to it); the provider's back end is
tests/support/token_issuer.py, a real HTTP server on loopback that mints RS256 ID tokens. Each
call to the provider is timed where the app makes it (identity/service/oidc_provider.py's
provider_call, wrapped here) and taken off the callback's time. One sign-in first fills the
discovery and JWKS caches, as any running server has them; it is not counted.
Every loop is bounded in count and time.
Run: .venv/bin/python bench/sso.py [--sign-ins N]
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from _dialects import run_for_each_dialect  # noqa: I001
from _seeding import gql, register_tenant
from dashboard import dashboard_client

from app.identity.service import oidc, oidc_provider
from tests.support.token_issuer import CLIENT_ID, CLIENT_SECRET, TokenIssuer, running_token_issuer

TIME_LIMIT_SECONDS = 120
NEW_PEOPLE = 20  # within the tenant's default limit of 25 users
UPDATE_SSO = "mutation($i: SsoConfigInput!) { updateTenantSso(input: $i) { enabled } }"


class ProviderClock:
    """The time the app spends waiting on the provider, summed since the last reset."""

    def __init__(self) -> None:
        self.waited = 0.0
        self._call = oidc_provider.provider_call

    async def timed_call(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        started = time.perf_counter()
        try:
            return await self._call(*args, **kwargs)
        finally:
            self.waited += time.perf_counter() - started

    def install(self) -> None:
        call: Callable[..., Awaitable[dict[str, Any]]] = self.timed_call
        oidc_provider.provider_call = call  # type: ignore[assignment]
        oidc.provider_call = call  # type: ignore[assignment]


async def _sign_in(
    client: httpx.AsyncClient, issuer: TokenIssuer, clock: ProviderClock, slug: str, person: str
) -> float:
    """One sign-in of `person`; the callback's time less the provider's, in seconds."""
    started = await client.get(f"/auth/sso/{slug}")
    query = parse_qs(urlsplit(started.headers["location"]).query)
    nonce = query["nonce"][0]
    issuer.mint = lambda form: issuer.sign(
        issuer.claims(nonce=nonce, subject=person, email=f"{person}@example.com")
    )
    clock.waited = 0.0
    begun = time.perf_counter()
    finished = await client.get(
        f"/auth/sso/{slug}/callback", params={"code": "bench", "state": query["state"][0]}
    )
    elapsed = time.perf_counter() - begun
    assert finished.status_code == 303, finished.text
    return elapsed - clock.waited


def _ms(latencies: list[float], share: float) -> float:
    ordered = sorted(latencies)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1000


async def _measure(dialect: str, database_url: str, args: argparse.Namespace) -> None:
    clock = ProviderClock()
    clock.install()
    with running_token_issuer() as issuer:
        async with dashboard_client() as client:
            admin = (await register_tenant(client)).admin_token
            slug = (await gql(client, "{ tenant { slug } }", token=admin))["tenant"]["slug"]
            given = {
                "enabled": True,
                "issuer": issuer.url,
                "clientId": CLIENT_ID,
                "clientSecret": CLIENT_SECRET,
                "emailDomains": ["example.com"],
            }
            await gql(client, UPDATE_SSO, {"i": given}, admin)
            await _sign_in(client, issuer, clock, slug, "warm-up")
            deadline = time.monotonic() + TIME_LIMIT_SECONDS
            first, again = [], []
            for index in range(NEW_PEOPLE):
                first.append(await _sign_in(client, issuer, clock, slug, f"new-{index}"))
            for _ in range(args.sign_ins):
                if time.monotonic() > deadline:
                    break
                again.append(await _sign_in(client, issuer, clock, slug, "returning"))
    for label, latencies in (("returning user", again), ("first sign-in (JIT)", first)):
        print(
            f"[{dialect}] OIDC callback, our side only, {label}: p50 {_ms(latencies, 0.5):.1f} ms, "
            f"p95 {_ms(latencies, 0.95):.1f} ms over {len(latencies)} sign-ins"
        )


def main() -> None:
    # The bench's provider listens on loopback, which the outbound rules allow only so.
    os.environ.setdefault("PROMPTVAULT_WEBHOOK_ALLOW_PRIVATE", "true")
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sign-ins", type=int, default=50)
    run_for_each_dialect(parser, _measure)


if __name__ == "__main__":
    main()
