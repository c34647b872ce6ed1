"""The OIDC callback's checks of the ID token. The provider here is tests/support/token_issuer.py:
a real HTTP server on loopback (discovery, JWKS, token endpoint) whose token endpoint answers the
ID token each test mints, because a certified provider never sends a tampered, expired, misdirected
or mis-nonced token. The browser half of a sign-in against a real provider is
tests/dashboard/test_oidc_sign_in.py."""

from __future__ import annotations

import base64
import hashlib
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from tests.support.graphql import GraphQLClient, TenantHandle
from tests.support.platform import SET_MAX_USERS, superadmin_token
from tests.support.server import free_port
from tests.support.sso import audit_diffs, configure_sso, oidc_input
from tests.support.token_issuer import (
    CLIENT_ID,
    CLIENT_SECRET,
    TokenIssuer,
    new_key,
    running_token_issuer,
    tampered,
)


@pytest.fixture(scope="module")
def issuer() -> Iterator[TokenIssuer]:
    with running_token_issuer() as running:
        yield running


@pytest.fixture
async def browser(app: object) -> AsyncIterator[httpx.AsyncClient]:
    """A browser's cookie jar over the app's ASGI interface."""
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
        yield http


@pytest.fixture
async def configured(tenant: TenantHandle, issuer: TokenIssuer) -> TenantHandle:
    await configure_sso(
        tenant, oidc_input(issuer.url, clientId=CLIENT_ID, clientSecret=CLIENT_SECRET)
    )
    return tenant


@dataclass(frozen=True)
class Started:
    state: str
    nonce: str
    code_challenge: str


async def _start(browser: httpx.AsyncClient, tenant: TenantHandle) -> Started:
    response = await browser.get(f"/auth/sso/{tenant.slug}")
    assert response.status_code == 303
    query = parse_qs(urlsplit(response.headers["location"]).query)
    assert query["code_challenge_method"] == ["S256"]
    return Started(query["state"][0], query["nonce"][0], query["code_challenge"][0])


async def _finish(browser: httpx.AsyncClient, tenant: TenantHandle, state: str) -> httpx.Response:
    return await browser.get(
        f"/auth/sso/{tenant.slug}/callback", params={"code": "the-code", "state": state}
    )


def _person() -> tuple[str, str]:
    subject = f"subject-{time.monotonic_ns()}"
    return subject, f"{subject}@example.com"


async def test_a_valid_id_token_signs_in_with_pkce(
    browser: httpx.AsyncClient, configured: TenantHandle, issuer: TokenIssuer
) -> None:
    started = await _start(browser, configured)
    subject, email = _person()
    issuer.mint = lambda form: issuer.sign(
        issuer.claims(nonce=started.nonce, subject=subject, email=email)
    )

    response = await _finish(browser, configured, started.state)

    assert response.status_code == 303
    assert response.headers["location"] == "/assets"
    assert response.cookies["promptvault_session"]
    form = issuer.token_requests[-1]
    verifier_hash = hashlib.sha256(form["code_verifier"].encode()).digest()
    assert base64.urlsafe_b64encode(verifier_hash).rstrip(b"=").decode() == started.code_challenge
    assert form["redirect_uri"] == f"http://127.0.0.1/auth/sso/{configured.slug}/callback"
    # The state is used once: the same answer again finds no sign-in under way.
    again = await _finish(browser, configured, started.state)
    assert again.status_code == 403
    assert "promptvault_session" not in again.cookies


HOUR = 3600


@dataclass(frozen=True)
class BadToken:
    """An ID token that fails one check: its claims changed, signed with another key, or altered
    after signing; and the reason the page must give."""

    reason: str
    claims: dict[str, Any] = field(default_factory=dict)
    foreign_key: bool = False
    altered: bool = False

    def mint(self, issuer: TokenIssuer, nonce: str, subject: str, email: str) -> str:
        claims = {**issuer.claims(nonce=nonce, subject=subject, email=email), **self.claims}
        token = issuer.sign(claims, key=new_key() if self.foreign_key else None)
        return tampered(token) if self.altered else token


REFUSALS = {
    "tampered": BadToken("signature does not verify", altered=True),
    "wrong nonce": BadToken("(nonce)", {"nonce": "another-sign-in"}),
    "wrong audience": BadToken("issued to another application", {"aud": "another-app"}),
    "expired": BadToken(
        "has expired", {"iat": int(time.time()) - 2 * HOUR, "exp": int(time.time()) - HOUR}
    ),
    "wrong issuer": BadToken("another identity provider", {"iss": "https://evil.example"}),
    "signed with a key not published": BadToken("signature does not verify", foreign_key=True),
}


@pytest.mark.parametrize("case", list(REFUSALS))
async def test_an_id_token_that_fails_a_check_signs_no_one_in(
    case: str, browser: httpx.AsyncClient, configured: TenantHandle, issuer: TokenIssuer
) -> None:
    bad = REFUSALS[case]
    reason = bad.reason
    started = await _start(browser, configured)
    subject, email = _person()
    issuer.mint = lambda form: bad.mint(issuer, started.nonce, subject, email)

    response = await _finish(browser, configured, started.state)

    assert response.status_code == 403
    assert "Single sign-on failed" in response.text
    assert reason in response.text
    assert "promptvault_session" not in response.cookies
    users = (await configured.gql("query { users { email } }")).ok()["users"]
    assert email not in [user["email"] for user in users]
    [refusal] = await audit_diffs(configured, "sso.sign_in_refused")
    assert reason in refusal["reason"]


async def test_an_answer_for_another_state_is_refused(
    browser: httpx.AsyncClient, configured: TenantHandle, issuer: TokenIssuer
) -> None:
    await _start(browser, configured)
    issuer.mint = None
    response = await _finish(browser, configured, "a-state-from-elsewhere")
    assert response.status_code == 403
    assert "(state)" in response.text


async def test_a_first_sign_in_past_max_users_is_refused(
    api: GraphQLClient, browser: httpx.AsyncClient, configured: TenantHandle, issuer: TokenIssuer
) -> None:
    superadmin = await superadmin_token(api, configured, f"super-{configured.slug}@example.com")
    tenant_id = (await configured.gql("query { tenant { id } }")).ok()["tenant"]["id"]
    limited = await api(SET_MAX_USERS, {"tenantId": tenant_id, "maxUsers": 2}, token=superadmin)
    assert limited.ok()["setTenantMaxUsers"]["maxUsers"] == 2  # the admin and the superadmin
    started = await _start(browser, configured)
    subject, email = _person()
    issuer.mint = lambda form: issuer.sign(
        issuer.claims(nonce=started.nonce, subject=subject, email=email)
    )

    response = await _finish(browser, configured, started.state)

    assert response.status_code == 403
    assert "reached its limit of 2 users" in response.text
    assert "promptvault_session" not in response.cookies


async def test_a_provider_that_does_not_answer_gets_a_page_that_says_so(
    browser: httpx.AsyncClient, tenant: TenantHandle
) -> None:
    silent = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    await configure_sso(tenant, oidc_input(silent, clientId=CLIENT_ID))

    response = await browser.get(f"/auth/sso/{tenant.slug}")

    assert response.status_code == 502
    assert "discovery document did not answer" in response.text
    assert "promptvault_oidc" not in response.cookies
    [refusal] = await audit_diffs(tenant, "sso.sign_in_refused")
    assert "did not answer" in refusal["reason"]
